"""Reading uploaded spreadsheets (.xlsx, .csv in UTF-8/GBK/GB18030) and writing templates.

File-level problems raise ``ValidationError`` with one Chinese message; rows are returned raw
(cell values untouched, formulas as their text — never evaluated) for the row checks.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

# An .xlsx is a zip: its unpacked size is bounded before openpyxl sees it (zip bombs).
UNZIPPED_RATIO = 20
TEMPLATE_ROWS = 2000
NOT_XLSX = "文件不是有效的 Excel(.xlsx)表格,请使用下载的模板填写后上传。"


@dataclass
class Sheet:
    headers: dict[str, int]  # column name → index
    rows: list[tuple[int, tuple]]  # (row number as the user sees it, cell values)


def fail(message: str):
    raise ValidationError(message, code="file")


def _kind(name: str, data: bytes) -> str:
    lower = name.lower()
    if lower.endswith(".xls"):
        fail("不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 后上传。")
    if lower.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            fail(NOT_XLSX)
        return "xlsx"
    if lower.endswith(".csv"):
        if b"\x00" in data[:4096]:
            fail("文件不是文本格式的 CSV 表格,请上传 .xlsx 或 .csv 文件。")
        return "csv"
    fail("只能上传 .xlsx 或 .csv 表格文件。")


def _xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    limit = settings.UPLOAD_MAX_BYTES * UNZIPPED_RATIO
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        fail(NOT_XLSX)
    if unpacked > limit:
        fail("文件解压后过大,可能不是正常的表格,已拒绝。")
    if "xl/workbook.xml" not in names:
        fail(NOT_XLSX)
    try:
        # read_only keeps memory flat; data_only=False: a formula stays its text, never a value.
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            ws = wb.worksheets[0]
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    except ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged file
        fail("无法读取该 Excel 文件,文件可能已损坏,请另存为 .xlsx 后重新上传。")
    return rows


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, a superset of what Chinese Excel writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        fail("无法识别 CSV 文件的编码,请使用 UTF-8 或 GBK 编码保存。")


def _csv_rows(data: bytes) -> list[tuple]:
    text = decode_csv(data)
    try:
        return [tuple(r) for r in csv.reader(io.StringIO(text))]
    except csv.Error:
        fail("CSV 文件格式有误,无法读取。")


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(*, name: str, data: bytes, columns: Sequence[str], required: Iterable[str]) -> Sheet:
    """The header map (of the known ``columns``) and the non-blank data rows of an upload."""
    if not data:
        fail("文件为空。")
    if len(data) > settings.UPLOAD_MAX_BYTES:
        fail(f"文件超过 {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB 的上限,请分批上传。")
    kind = _kind(name, data)
    raw = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    header_at = next((i for i, r in enumerate(raw) if any(not blank(v) for v in r)), None)
    if header_at is None:
        fail("文件中没有内容。")
    headers = {}
    for idx, value in enumerate(raw[header_at]):
        label = str(value or "").strip().lstrip("*").rstrip("*").strip()
        if label in columns and label not in headers:
            headers[label] = idx
    missing = [c for c in required if c not in headers]
    if missing:
        fail(f"缺少必需的列:{'、'.join(missing)}。请使用下载的模板。")
    rows = [
        (i + 1, r)
        for i, r in enumerate(raw[header_at + 1 :], start=header_at + 1)
        if any(not blank(v) for v in r)
    ]
    if not rows:
        fail("文件中没有数据行。")
    if len(rows) > settings.IMPORT_MAX_ROWS:
        fail(f"数据行数{len(rows)}超过单次上限{settings.IMPORT_MAX_ROWS}行,请分批上传。")
    return Sheet(headers=headers, rows=rows)


def safe_text(value: str) -> str:
    """Text that a spreadsheet must never read as a formula when exported again."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


@dataclass(frozen=True)
class TemplateColumn:
    label: str
    required: bool = False
    text: bool = False  # IDs, phones, codes and dates: the cell is formatted as text
    width: int = 16


def template_workbook(
    *, sheet_title: str, columns: Sequence[TemplateColumn], help_lines: Sequence[str]
) -> bytes:
    """A downloadable template: the data sheet (text columns as text) and 填写说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.append([f"*{c.label}" if c.required else c.label for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
        if column.text:
            # As text: Excel would otherwise keep 15 digits of an ID, or turn a date into a number.
            for row in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=row, column=index).number_format = "@"
    help_ws = wb.create_sheet("填写说明")
    for line in help_lines:
        help_ws.append([safe_text(line)])
    help_ws.column_dimensions["A"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
