"""Helpers every spreadsheet writer shares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# Characters that make Excel, WPS or LibreOffice read a cell as a formula (tab and carriage
# return are stripped by some programs before they look).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value safe to write into a cell: text is never read as a formula.

    None, numbers and dates pass unchanged; anything else becomes text, and text starting
    with a formula character gets a leading apostrophe.
    """
    if value is None or isinstance(value, (int, float, Decimal, date)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
