"""Reading uploaded lists (.xlsx, .csv in UTF-8/GBK/GB18030) and writing the template.

File-level problems raise ``ValidationError`` with one Chinese message; rows are returned raw
(cell values untouched, formulas as their text — never evaluated) for the row checks.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

COL_NAME = "姓名"
COL_ID = "身份证号"
COL_PHONE = "联系电话"
COL_GROUP = "困境人群类别"
COL_COMMUNITY = "所属社区"
COL_ADDRESS = "住址"
COL_NOTE = "备注"
COLUMNS = [COL_NAME, COL_ID, COL_PHONE, COL_GROUP, COL_COMMUNITY, COL_ADDRESS, COL_NOTE]
REQUIRED_COLUMNS = [COL_NAME, COL_ID, COL_GROUP]
# An .xlsx is a zip: its unpacked size is bounded before openpyxl sees it (zip bombs).
UNZIPPED_RATIO = 20


@dataclass
class Sheet:
    headers: dict[str, int]  # column name → index
    rows: list[tuple[int, tuple]]  # (row number as the user sees it, cell values)


def _fail(message: str):
    raise ValidationError(message, code="file")


def _kind(name: str, data: bytes) -> str:
    lower = name.lower()
    if lower.endswith(".xls"):
        _fail("不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 后上传。")
    if lower.endswith(".xlsx"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            _fail("文件不是有效的 Excel(.xlsx)表格,请使用下载的模板填写后上传。")
        return "xlsx"
    if lower.endswith(".csv"):
        if b"\x00" in data[:4096]:
            _fail("文件不是文本格式的 CSV 表格,请上传 .xlsx 或 .csv 文件。")
        return "csv"
    _fail("只能上传 .xlsx 或 .csv 表格文件。")


def _xlsx_rows(data: bytes) -> list[tuple]:
    from openpyxl import load_workbook

    limit = settings.UPLOAD_MAX_BYTES * UNZIPPED_RATIO
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        _fail("文件不是有效的 Excel(.xlsx)表格,请使用下载的模板填写后上传。")
    if unpacked > limit:
        _fail("文件解压后过大,可能不是正常的名单表格,已拒绝。")
    if "xl/workbook.xml" not in names:
        _fail("文件不是有效的 Excel(.xlsx)表格,请使用下载的模板填写后上传。")
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
        _fail("无法读取该 Excel 文件,文件可能已损坏,请另存为 .xlsx 后重新上传。")
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
        _fail("无法识别 CSV 文件的编码,请使用 UTF-8 或 GBK 编码保存。")


def _csv_rows(data: bytes) -> list[tuple]:
    text = decode_csv(data)
    try:
        return [tuple(r) for r in csv.reader(io.StringIO(text))]
    except csv.Error:
        _fail("CSV 文件格式有误,无法读取。")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(*, name: str, data: bytes) -> Sheet:
    """The header map and the non-blank data rows of an uploaded list."""
    if not data:
        _fail("文件为空。")
    if len(data) > settings.UPLOAD_MAX_BYTES:
        _fail(f"文件超过 {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB 的上限,请分批上传。")
    kind = _kind(name, data)
    raw = _xlsx_rows(data) if kind == "xlsx" else _csv_rows(data)
    header_at = next((i for i, r in enumerate(raw) if any(not _blank(v) for v in r)), None)
    if header_at is None:
        _fail("文件中没有内容。")
    headers = {}
    for idx, value in enumerate(raw[header_at]):
        label = str(value or "").strip().lstrip("*").rstrip("*").strip()
        if label in COLUMNS and label not in headers:
            headers[label] = idx
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        _fail(f"缺少必需的列:{'、'.join(missing)}。请使用下载的模板。")
    rows = [
        (i + 1, r)
        for i, r in enumerate(raw[header_at + 1 :], start=header_at + 1)
        if any(not _blank(v) for v in r)
    ]
    if not rows:
        _fail("文件中没有数据行。")
    if len(rows) > settings.IMPORT_MAX_ROWS:
        _fail(f"数据行数{len(rows)}超过单次上限{settings.IMPORT_MAX_ROWS}行,请分批上传。")
    return Sheet(headers=headers, rows=rows)


def safe_text(value: str) -> str:
    """Text that a spreadsheet must never read as a formula when exported again."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def template_workbook(*, groups: list[str], communities: list[str]) -> bytes:
    """The downloadable template: data sheet (ID column as text) and an instructions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append([f"*{c}" if c in REQUIRED_COLUMNS else c for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEFG", (12, 22, 14, 22, 20, 30, 20), strict=True):
        ws.column_dimensions[col].width = width
    # The ID column (and phone) as text: Excel would otherwise keep only 15 digits.
    for row in range(2, 2002):
        ws.cell(row=row, column=2).number_format = "@"
        ws.cell(row=row, column=3).number_format = "@"
    help_ws = wb.create_sheet("填写说明")
    lines = [
        "困境人群服务对象名单 · 填写说明",
        "1. 带 * 的列必填:姓名、身份证号、困境人群类别。",
        "2. 身份证号为18位,请以文本格式填写(本模板已将该列设为文本),末位X请用大写。",
        "3. 联系电话填写11位手机号或带区号的固定电话,可不填。",
        "4. 困境人群类别填写附件1表1的类别名称或编码,一人多类用“、”分隔。可填写:",
        *[f"    {g}" for g in groups],
        "5. 所属社区填写社区(村)全称;社区协调员可不填(默认为本社区)。您可填写的社区:",
        *[f"    {c}" for c in communities],
        "6. 单元格中不要填写公式;公式不会被执行。",
        "7. 同一人在一个文件中只能出现一次。上传后可预览全部问题,确认后才会导入。",
    ]
    for line in lines:
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 90
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
