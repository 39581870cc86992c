"""Columns of a bulk import: one parser per column, run once per cell at upload (no database).

A parser takes the raw cell and its text and returns a JSON-safe value (dates as ISO text) or
raises ``ValueError`` with the Chinese message shown against that row and column. An empty
cell never reaches a parser: it is "required" or the column's default.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .problems import Problems, cell_text, norm
from .sheet import Sheet, TemplateColumn, safe_text

Parser = Callable[[object, str], object]


@dataclass(frozen=True)
class Column:
    label: str  # the header, as in the template
    key: str  # the row's field
    parse: Parser
    required: bool = False
    text: bool = False  # formatted as text in the template (IDs, codes, phones, dates)
    width: int = 16
    default: object = ""
    # A formula here is kept as inert text (free text) instead of refused.
    inert_formula: bool = False

    def template(self) -> TemplateColumn:
        return TemplateColumn(self.label, required=self.required, text=self.text, width=self.width)


def text(max_length: int) -> Parser:
    def parse(raw, value: str):
        if len(value) > max_length:
            raise ValueError(f"内容过长(最多{max_length}个字)。")
        return value

    return parse


DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def date_value(raw, value: str) -> str:
    """An ISO date from a date cell, or text like 2019-03-05, 2019/3/5, 2019.3.5, 2019年3月5日,
    20190305 (a time after the date is ignored). Any other plain number (Excel's serial day
    count in a cell formatted as a number) is refused: its day depends on the workbook."""
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    value = norm(value.split("T")[0].split(" ")[0])
    if re.fullmatch(r"\d{8}", value):
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        raise ValueError("日期单元格是数字格式,请按“2019-03-05”的格式以文本填写日期。")
    match = DATE_RE.match(value)
    if not match:
        raise ValueError(f"“{value}”不是有效日期,请按“2019-03-05”的格式填写。")
    try:
        return date(*(int(g) for g in match.groups())).isoformat()
    except ValueError as exc:
        raise ValueError(f"“{value}”不是有效日期(没有这一天)。") from exc


def decimal_value(*, minimum: Decimal, maximum: Decimal, places: int = 1) -> Parser:
    def parse(raw, value: str) -> str:
        try:
            number = Decimal(norm(value))
        except InvalidOperation as exc:
            raise ValueError(f"“{value}”不是数字。") from exc
        if not number.is_finite() or number < minimum or number > maximum:
            raise ValueError(f"应在{minimum}到{maximum}之间。")
        if number != number.quantize(Decimal(1).scaleb(-places)):
            raise ValueError(f"最多保留{places}位小数。")
        return str(number)

    return parse


def integer_value(*, minimum: int, maximum: int) -> Parser:
    def parse(raw, value: str) -> int:
        if not re.fullmatch(r"\d+", norm(value)):
            raise ValueError(f"“{value}”不是整数。")
        number = int(norm(value))
        if not minimum <= number <= maximum:
            raise ValueError(f"应在{minimum}到{maximum}之间。")
        return number

    return parse


def choice(options: Mapping[str, str], *, label: str) -> Parser:
    """One of ``options`` (accepted spelling → stored value); the message lists the spellings."""
    lookup = {norm(k): v for k, v in options.items()}

    def parse(raw, value: str) -> str:
        found = lookup.get(norm(value))
        if found is None:
            accepted = "、".join(dict.fromkeys(options))
            raise ValueError(f"{label}“{value}”无效,可填写:{accepted}。")
        return found

    return parse


YES_NO = {"是": True, "否": False, "Y": True, "N": False, "1": True, "0": False}


def yes_no(raw, value: str) -> bool:
    if isinstance(raw, bool):
        return raw
    found = {norm(k).upper(): v for k, v in YES_NO.items()}.get(norm(value).upper())
    if found is None:
        raise ValueError("请填写“是”或“否”。")
    return found


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def mobile(raw, value: str) -> str:
    """An 11-digit mobile number (a +86/86 country code dropped); a numeric cell is fine here:
    11 digits survive Excel's 15 significant digits."""
    digits = re.sub(r"[\s-]", "", norm(value))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not MOBILE_RE.match(digits):
        raise ValueError("手机号应为11位数字,以1开头。")
    return digits


def code(raw, value: str) -> str:
    """A code or number typed by hand (case number, sub-item code): trimmed, NFKC, upper case."""
    return norm(value).upper()


def check_columns(*, columns: list[Column], sheet: Sheet, problems: Problems) -> list[dict]:
    """Every cell of every row through its column's parser, once. A row is a dict with
    ``row`` (its number) and one key per column; ``None`` marks a cell already reported."""
    positions = [(column, sheet.headers.get(column.label)) for column in columns]
    rows = []
    for number, values in sheet.rows:
        row: dict = {"row": number}
        width = len(values)
        for column, idx in positions:
            raw = values[idx] if idx is not None and idx < width else None
            row[column.key] = _cell(column, number, raw, problems)
        rows.append(row)
    return rows


def _cell(column: Column, number: int, raw, problems: Problems):
    value = cell_text(raw)
    if value.startswith("="):
        if column.inert_formula:
            problems.add(number, column.label, "单元格是公式,已按文本保存,不会执行。", "notice")
            return safe_text(value)
        problems.add(
            number, column.label, f"“{column.label}”单元格是公式,系统不会执行公式,请直接填写内容。"
        )
        return None
    if not value:
        if column.required:
            problems.add(number, column.label, f"{column.label}不能为空。")
            return None
        return column.default
    try:
        return column.parse(raw, value)
    except ValueError as exc:
        problems.add(number, column.label, str(exc))
        return None
