"""The target-client list's columns and template, on the ground floor's sheet reader.

Reading (size, zip bomb, formulas kept as text, UTF-8/GBK/GB18030) is ``apps.core.bulk.sheet``,
shared with every bulk import; this module only names the list's columns.
"""

from __future__ import annotations

from apps.core.bulk.sheet import Sheet, TemplateColumn, safe_text
from apps.core.bulk.sheet import read_sheet as read_any_sheet
from apps.core.bulk.sheet import template_workbook as any_template

COL_NAME = "姓名"
COL_ID = "身份证号"
COL_PHONE = "联系电话"
COL_GROUP = "困境人群类别"
COL_COMMUNITY = "所属社区"
COL_ADDRESS = "住址"
COL_NOTE = "备注"
COLUMNS = [COL_NAME, COL_ID, COL_PHONE, COL_GROUP, COL_COMMUNITY, COL_ADDRESS, COL_NOTE]
REQUIRED_COLUMNS = [COL_NAME, COL_ID, COL_GROUP]
TEXT_COLUMNS = (COL_ID, COL_PHONE)
WIDTHS = (12, 22, 14, 22, 20, 30, 20)

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "Sheet", "read_sheet", "safe_text", "template_workbook"]


def read_sheet(*, name: str, data: bytes) -> Sheet:
    """The header map and the non-blank data rows of an uploaded list."""
    return read_any_sheet(name=name, data=data, columns=COLUMNS, required=REQUIRED_COLUMNS)


def template_workbook(*, groups: list[str], communities: list[str]) -> bytes:
    """The downloadable template: data sheet (ID column as text) and an instructions sheet."""
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
    columns = [
        TemplateColumn(c, required=c in REQUIRED_COLUMNS, text=c in TEXT_COLUMNS, width=w)
        for c, w in zip(COLUMNS, WIDTHS, strict=True)
    ]
    return any_template(sheet_title="名单", columns=columns, help_lines=lines)
