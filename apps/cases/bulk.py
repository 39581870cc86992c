"""Bulk entry of service records by spreadsheet: one row per service given to a case.

Registered with the ground floor's bulk machinery (``apps.core.bulk``) in ``ready``. Decisions:

- a case is named by its number (个案编号), the number shown on the case's page and in the
  case list (its id); the target is a contract of the uploader's agency
  (``contracts_for_writing``, the contracts on which its staff open cases);
- a row's case must be one the uploader may log on (``can_change_case``: its assigned worker,
  or the agency's manager or supervisor) on that contract. Any other number — a colleague's
  case for a social worker, another agency's case, a number that does not exist — reads the
  same "no case with this number that you may record", so nothing outside the scope leaks;
- the rules are ``service_record_add``'s, checked for all rows before writing: open case, on
  or after its opening, not in the future, within the contract; a sub-item the case serves
  (by its Annex 1 code); 1 minute to 24 hours. Hours are what people count on paper
  (0.5 = 30 minutes), stored as minutes;
- a record is "the same" when case, date, sub-item and content are the same: twice in a file,
  or already recorded, is a row error, so a re-upload writes nothing twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from apps.catalogue.models import SubItem
from apps.core.bulk.columns import Column, choice, code, date_value, decimal_value, text
from apps.core.bulk.kinds import apply_rows
from apps.core.bulk.problems import Problems
from apps.core.clock import today
from apps.records.bulk import contract_kind
from apps.records.permissions import contracts_for_writing

from .models import Case, CaseStatus, ServiceMode, ServiceRecord
from .permissions import can_change_case, cases_visible_to
from .services.cases import MAX_RECORD_MINUTES

COL_CASE = "个案编号"
COL_DATE = "服务日期"
COL_SUB_ITEM = "服务细项编码"
COL_HOURS = "服务时长(小时)"
COL_MODE = "服务方式"
COL_NOTE = "服务内容"

MODES = {label: value for value, label in ServiceMode.choices}
MODES.update(
    {"入户": "home_visit", "上门": "home_visit", "探访": "home_visit", "办公室接待": "office"}
)

COLUMNS = (
    Column(COL_CASE, "case", code, required=True, text=True, width=10),
    Column(COL_DATE, "date", date_value, required=True, text=True, width=12),
    Column(COL_SUB_ITEM, "sub_item", code, required=True, text=True, width=16),
    Column(
        COL_HOURS,
        "hours",
        decimal_value(minimum=Decimal("0.1"), maximum=Decimal(MAX_RECORD_MINUTES // 60), places=2),
        required=True,
        width=14,
    ),
    Column(COL_MODE, "mode", choice(MODES, label="服务方式"), required=True, width=12),
    Column(COL_NOTE, "note", text(4000), required=True, width=40, inert_formula=True),
)


def _loggable(*, user, target):
    """The cases of ``target`` the person may log records on, with their sub-items."""
    cases = (
        cases_visible_to(user=user)
        .filter(contract=target)
        .prefetch_related("sub_items")
        .order_by("pk")
    )
    return [c for c in cases if can_change_case(user=user, case=c)]


def help_lines(*, user) -> list[str]:
    cases = [
        case
        for target in contracts_for_writing(user=user)
        for case in _loggable(user=user, target=target)
        if case.status == CaseStatus.OPEN
    ][:300]
    return [
        "服务记录批量导入 · 填写说明",
        "1. 每行是一次服务;带 * 的列必填。",
        "2. 个案编号见个案页面和个案列表的“编号”;只能为您负责的(项目主管、督导:本机构的)服务中个案录入。",
        "3. 服务日期按“2019-03-05”填写,不能早于开案日期、不能晚于今天或合同结束日期。",
        "4. 服务细项编码填写附件1的细项编码(如 A1-T1-1-1),须是该个案所服务的细项之一。",
        f"5. 服务时长以小时计,可填小数(0.5 即30分钟),最长{MAX_RECORD_MINUTES // 60}小时。",
        f"6. 服务方式可填:{'、'.join(label for _, label in ServiceMode.choices)}。",
        "7. 同一个案、同一日期、同一细项、同一内容只记录一次;重复上传同一文件不会重复写入。",
        "8. 单元格中不要填写公式;公式不会被执行。上传后可预览全部问题,全部无误并确认后才会写入。",
        "您可录入的服务中个案(编号 · 社区 · 开案日期 · 服务细项):",
        *[
            f"    {c.pk} · {c.community.name} · {c.opened_on:%Y-%m-%d} · "
            + "、".join(s.code for s in c.sub_items.all())
            for c in cases
        ],
    ]


def _minutes(hours: str) -> int:
    return int((Decimal(hours) * 60).to_integral_value())


def match(*, rows: list[dict], target, actor, problems: Problems) -> None:
    """The loggable cases with their sub-items (two queries) and the records already there
    (one), then dictionary reads per row."""
    cases = {str(c.pk): c for c in _loggable(user=actor, target=target)}
    existing = set(
        ServiceRecord.objects.filter(
            case_id__in=[c.pk for c in cases.values()],
            date__in={r["date"] for r in rows if r["date"]},
        ).values_list("case_id", "date", "sub_item__code", "note")
    )
    seen: dict[tuple, int] = {}
    now = today()
    for row in rows:
        number = row["row"]
        row["case_id"], row["sub_item_id"] = None, None
        case = cases.get(row["case"] or "")
        if row["case"] and case is None:
            problems.add(
                number,
                COL_CASE,
                f"本合同下没有编号为“{row['case']}”、您可以记录服务的个案。",
            )
        day = date.fromisoformat(row["date"]) if row["date"] else None
        if case is None:
            continue
        row["case_id"] = case.pk
        if case.status != CaseStatus.OPEN:
            problems.add(number, COL_CASE, "该个案已结案,不能再记录服务。")
        if day:
            if day < case.opened_on:
                problems.add(
                    number, COL_DATE, f"服务日期不能早于开案日期{case.opened_on:%Y-%m-%d}。"
                )
            elif day > now:
                problems.add(number, COL_DATE, "服务日期不能晚于今天。")
            elif day > target.end_date:
                problems.add(number, COL_DATE, "服务日期不能晚于合同结束日期。")
        if row["sub_item"]:
            sub = next((s for s in case.sub_items.all() if s.code.upper() == row["sub_item"]), None)
            if sub is None:
                served = "、".join(s.code for s in case.sub_items.all())
                problems.add(
                    number,
                    COL_SUB_ITEM,
                    f"细项“{row['sub_item']}”不是该个案所服务的细项(可填:{served})。",
                )
            else:
                row["sub_item_id"], row["sub_code"] = sub.pk, sub.code
        if day and row["sub_item_id"] and row["note"]:
            key = (case.pk, day, row["sub_code"], row["note"].strip())
            first = seen.setdefault(key, number)
            if first != number:
                problems.add(number, COL_NOTE, f"与第{first}行是同一次服务,请删除重复行。")
            elif key in existing:
                problems.add(
                    number, COL_NOTE, "该服务记录已录入(同一个案、日期、细项和内容),不重复导入。"
                )


def apply(*, rows: list[dict], target, actor):
    """Every row through ``service_record_add`` (its rules, audit row)."""
    from .services import service_record_add

    cases = {
        c.pk: c for c in Case.objects.with_related().filter(pk__in={r["case_id"] for r in rows})
    }
    subs = {s.pk: s for s in SubItem.objects.filter(pk__in={r["sub_item_id"] for r in rows})}

    def write(row):
        service_record_add(
            actor=actor,
            case=cases[row["case_id"]],
            date=date.fromisoformat(row["date"]),
            duration_minutes=_minutes(row["hours"]),
            mode=row["mode"],
            sub_item=subs[row["sub_item_id"]],
            note=row["note"],
        )

    apply_rows(rows, write, column=COL_CASE)
    return [target.pk]


KIND = contract_kind(
    slug="service-records",
    title="服务记录",
    columns=COLUMNS,
    help_lines=help_lines,
    match=match,
    apply=apply,
    back_url_name="cases:case_list",
    back_label="个案列表",
)
