"""Problems of an uploaded sheet: row, column, level and a Chinese message, indexed by row."""

from __future__ import annotations

import unicodedata
from collections import Counter

ERROR = "error"
NOTICE = "notice"


class Problems:
    """Problems with row, column, level and a Chinese message, indexed by row."""

    def __init__(self, items: list[dict] | None = None):
        self.items: list[dict] = []
        self.errors: Counter = Counter()
        self.noticed: set[int] = set()
        for item in items or ():
            self.add(item["row"], item["column"], item["msg"], item["level"])

    def add(self, row_number: int, column: str, message: str, level: str = ERROR) -> None:
        self.items.append({"row": row_number, "column": column, "level": level, "msg": message})
        if level == ERROR:
            self.errors[row_number] += 1
        else:
            self.noticed.add(row_number)

    def has_error(self, row_number: int) -> bool:
        return bool(self.errors.get(row_number))

    @property
    def rejected_rows(self) -> set[int]:
        return {number for number, count in self.errors.items() if count}

    def sorted(self) -> list[dict]:
        return sorted(self.items, key=lambda p: (p["row"], p["level"] != ERROR))


def split_problems(problems: list[dict], limit: int = 1000) -> tuple[list[dict], list[dict]]:
    """Errors and notices of a stored problem list, each capped for the page."""
    errors = [p for p in problems if p["level"] == ERROR]
    notices = [p for p in problems if p["level"] != ERROR]
    return errors[:limit], notices[:limit]


def norm(text: str) -> str:
    """NFKC, trimmed, without spaces: how names typed in Excel are compared."""
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
