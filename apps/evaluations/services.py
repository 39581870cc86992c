"""Writes: rubric, assessments, evaluations and their steps, samples, payments, declarations.

Every service is keyword-only, atomic and audited; an approved result (a grade change)
announces its contract through ``apps.core.changes`` after commit. The arithmetic and the
decisions behind it are in ``rules.py``.
"""

from __future__ import annotations

import json
import secrets
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from apps.core.audit import audit_record
from apps.core.changes import contract_changed_on_commit
from apps.procurement.models import round_budget_totals

from .models import (
    Assessment,
    CoordinationScore,
    Evaluation,
    EvaluationResult,
    EvaluationTransition,
    EvaluatorPayment,
    FundingDeclaration,
    GradeBand,
    Instalment,
    InstalmentTemplate,
    OtherFundedProject,
    Payment,
    Rubric,
    RubricDimension,
    RubricIndicator,
    SampleItem,
    SampleItemResult,
    Score,
    SourceKind,
    Status,
    VerificationSample,
)
from .rules import band_for, draw, q2, weighted_total
from .selectors import evaluation_scores, payment_explain, rubric_indicators, suggestion

DEFAULT_RUBRIC = Path(settings.BASE_DIR) / "fixtures" / "evaluation_rubric_default.json"


# --- rubric and schedule ---------------------------------------------------------------


@transaction.atomic
def rubric_default_create(*, actor, pilot_round, path: Path = DEFAULT_RUBRIC) -> Rubric:
    """The round's rubric and default schedule from the fixture; idempotent (keeps edits)."""
    existing = Rubric.objects.filter(pilot_round=pilot_round).first()
    if existing:
        return existing
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rubric = Rubric.objects.create(
        pilot_round=pilot_round,
        name=data["name"],
        sample_share=Decimal(data["sample_share"]),
        sample_minimum=data["sample_minimum"],
        difference_threshold=Decimal(data["difference_threshold"]),
    )
    for b in data["bands"]:
        GradeBand.objects.create(
            rubric=rubric,
            label=b["label"],
            min_score=Decimal(b["min_score"]),
            payment_factor=Decimal(b["payment_factor"]),
        )
    for d_order, d in enumerate(data["dimensions"], start=1):
        dim = RubricDimension.objects.create(rubric=rubric, name=d["name"], order=d_order)
        for i_order, i in enumerate(d["indicators"], start=1):
            RubricIndicator.objects.create(
                dimension=dim,
                code=i["code"],
                name=i["name"],
                clause=i["clause"],
                weight=Decimal(i.get("weight", i["max"])),
                max_points=Decimal(i["max"]),
                source=i["source"],
                rule_code=i.get("rule_code", ""),
                order=i_order,
            )
    if not InstalmentTemplate.objects.filter(pilot_round=pilot_round).exists():
        for s in data["schedule"]:
            InstalmentTemplate.objects.create(
                pilot_round=pilot_round,
                order=s["order"],
                name=s["name"],
                share=Decimal(s["share"]),
                kind=s["kind"],
            )
    audit_record(actor=actor, action="rubric_default_create", obj=rubric)
    return rubric


@transaction.atomic
def indicator_update(
    *, actor, indicator: RubricIndicator, weight: Decimal, max_points: Decimal, name: str
) -> RubricIndicator:
    """The bureau edits an indicator's weight, maximum points and name."""
    if max_points <= 0 or weight < 0:
        raise ValidationError("满分须大于0,权重不能为负。")
    indicator.weight, indicator.max_points, indicator.name = weight, max_points, name
    indicator.save(update_fields=["weight", "max_points", "name"])
    audit_record(
        actor=actor,
        action="indicator_update",
        obj=indicator,
        weight=str(weight),
        max_points=str(max_points),
    )
    return indicator


@transaction.atomic
def band_update(
    *, actor, band: GradeBand, min_score: Decimal, payment_factor: Decimal
) -> GradeBand:
    if not (0 <= min_score <= 100) or not (0 <= payment_factor <= 1):
        raise ValidationError("最低分须在0–100之间,付款系数须在0–1之间。")
    band.min_score, band.payment_factor = min_score, payment_factor
    band.save(update_fields=["min_score", "payment_factor"])
    audit_record(actor=actor, action="band_update", obj=band, min_score=str(min_score))
    return band


@transaction.atomic
def schedule_template_update(
    *, actor, template: InstalmentTemplate, share: Decimal, kind: str, name: str
) -> InstalmentTemplate:
    """Edit one step of the round's default schedule; the shares must still sum to 1."""
    others = InstalmentTemplate.objects.filter(pilot_round=template.pilot_round).exclude(
        pk=template.pk
    ).aggregate(s=Sum("share"))["s"] or Decimal(0)
    if others + share > 1:
        raise ValidationError({"share": "各期比例合计不能超过100%。"})
    template.share, template.kind, template.name = share, kind, name
    template.save(update_fields=["share", "kind", "name"])
    audit_record(actor=actor, action="schedule_template_update", obj=template, share=str(share))
    return template


@transaction.atomic
def schedule_ensure(*, actor, contract) -> list[Instalment]:
    """The contract's instalments per project year from the round's default (once)."""
    pilot_round = contract.unit.pilot_round
    templates = list(InstalmentTemplate.objects.filter(pilot_round=pilot_round))
    if not templates:
        raise ValidationError("本轮尚未设置默认付款计划。")
    created = []
    for year in pilot_round.years.all():
        for t in templates:
            inst, made = Instalment.objects.get_or_create(
                contract=contract,
                project_year=year,
                order=t.order,
                defaults={
                    "name": f"第{year.number}年度{t.name}",
                    "share": t.share,
                    "kind": t.kind,
                    "base_amount": q2(contract.annual_amount * t.share),
                },
            )
            if made:
                created.append(inst)
    if created:
        audit_record(actor=actor, action="schedule_ensure", obj=contract, created=len(created))
    return list(Instalment.objects.filter(contract=contract))


# --- annual assessments ----------------------------------------------------------------


def _assessment_check(
    *,
    contract,
    organization,
    progress_score,
    effectiveness_score,
    satisfaction_score,
    survey_sample_size,
    survey_questions,
    **_,
):
    errors = {}
    for name, v in (
        ("progress_score", progress_score),
        ("effectiveness_score", effectiveness_score),
        ("satisfaction_score", satisfaction_score),
    ):
        if v is None or not (0 <= v <= 100):
            errors[name] = "分数须在0–100之间。"
    if not survey_sample_size or survey_sample_size < 1:
        errors["survey_sample_size"] = "请填写满意度调查样本量。"
    if not (survey_questions or "").strip():
        errors["survey_questions"] = "请填写调查问题。"
    serves = (
        organization.pk == contract.unit.street_id
        or contract.communities.filter(pk=organization.pk).exists()
    )
    if not serves:
        errors["organization"] = f"{organization.name}不在该合同服务范围内。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assessment_save(*, actor, contract, organization, project_year, **fields) -> Assessment:
    """Create or update a draft annual assessment of ``organization`` (§六(一))."""
    _assessment_check(contract=contract, organization=organization, **fields)
    assessment = Assessment.objects.filter(
        contract=contract, organization=organization, project_year=project_year
    ).first()
    if assessment and assessment.status != Status.DRAFT:
        raise ValidationError("该年度考核已提交,只读。")
    if assessment is None:
        assessment = Assessment(
            contract=contract,
            organization=organization,
            project_year=project_year,
            created_by=actor,
        )
    for k, v in fields.items():
        setattr(assessment, k, v)
    assessment.save()
    audit_record(actor=actor, action="assessment_save", obj=assessment)
    return assessment


@transaction.atomic
def assessment_submit(*, actor, assessment: Assessment) -> Assessment:
    if assessment.status != Status.DRAFT:
        raise ValidationError("该年度考核已提交。")
    assessment.status = Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    audit_record(actor=actor, action="assessment_submit", obj=assessment)
    return assessment


ASSESSMENT_COLUMNS = ["项目进度", "项目成效", "满意度样本量", "调查问题", "居民满意度", "考核意见"]


@transaction.atomic
def assessment_import(*, actor, contract, organization, project_year, upload) -> Assessment:
    """One assessment from an .xlsx (a header row with ``ASSESSMENT_COLUMNS``, then one row).

    All or nothing, like the list imports: any bad cell refuses the file with row messages.
    """
    from openpyxl import load_workbook

    from apps.community.uploads import validate_upload

    if validate_upload(upload) != ".xlsx":
        raise ValidationError("请上传Excel(xlsx)文件。")
    wb = load_workbook(upload, read_only=True, data_only=True)
    rows = list(wb.active.iter_rows(values_only=True, max_row=3))
    if len(rows) < 2 or [str(c or "").strip() for c in rows[0][:6]] != ASSESSMENT_COLUMNS:
        raise ValidationError(f"表头须为:{'、'.join(ASSESSMENT_COLUMNS)}。")
    r = rows[1]
    try:
        fields = {
            "progress_score": Decimal(str(r[0])),
            "effectiveness_score": Decimal(str(r[1])),
            "survey_sample_size": int(r[2]),
            "survey_questions": str(r[3] or ""),
            "satisfaction_score": Decimal(str(r[4])),
            "comment": str(r[5] or ""),
        }
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ValidationError("第2行:分数和样本量须为数字。") from exc
    return assessment_save(
        actor=actor,
        contract=contract,
        organization=organization,
        project_year=project_year,
        **fields,
    )


# --- evaluations -----------------------------------------------------------------------


def _transition(evaluation, *, actor, to, reason=""):
    EvaluationTransition.objects.create(
        evaluation=evaluation,
        from_status=evaluation.status,
        to_status=to,
        reason=reason,
        actor=actor,
    )
    evaluation.status = to


def _refresh_suggestions(evaluation, *, keep_edits=True):
    """Recompute each score's suggestion; points follow it unless the evaluator changed them."""
    accepted = {}
    for s in evaluation.scores.filter(indicator__code="C1"):
        for row in s.basis or []:
            if "accepted" in row:
                accepted[str(row["community_id"])] = row["accepted"]
    for score in evaluation_scores(evaluation=evaluation):
        suggested, basis = suggestion(
            indicator=score.indicator, evaluation=evaluation, accepted=accepted
        )
        for row in basis:
            key = str(row.get("community_id"))
            if key in accepted:
                row["accepted"] = accepted[key]
        untouched = score.suggested is None or score.points == score.suggested
        score.suggested, score.basis = suggested, basis
        fields = ["suggested", "basis"]
        if (untouched or not keep_edits) and suggested is not None:
            score.points = suggested
            fields.append("points")
        score.save(update_fields=fields)


def _retotal(evaluation):
    rows = [
        (s.points, s.indicator.max_points, s.indicator.weight)
        for s in evaluation_scores(evaluation=evaluation)
    ]
    evaluation.total = weighted_total(rows)
    rubric = Rubric.objects.get(pilot_round=evaluation.contract.unit.pilot_round)
    band = band_for(evaluation.total, rubric.bands.all())
    evaluation.grade = band.label if band else ""
    evaluation.save(update_fields=["total", "grade", "status", "updated_at"])


@transaction.atomic
def evaluation_start(*, actor, contract, project_year, kind: str, evaluator_org) -> Evaluation:
    """An evaluator opens (or reopens their own) evaluation; scores pre-filled from the data."""
    if evaluator_org is None:
        raise ValidationError("只有监管评估人员可以评分。")
    pilot_round = contract.unit.pilot_round
    if project_year.pilot_round_id != pilot_round.pk:
        raise ValidationError({"project_year": "项目年度不属于该合同的轮次。"})
    rubric = Rubric.objects.filter(pilot_round=pilot_round).first()
    if rubric is None:
        raise ValidationError("本轮尚未建立评估指标体系。")
    if EvaluationResult.objects.filter(
        contract=contract, project_year=project_year, kind=kind
    ).exists():
        raise ValidationError("该合同本年度此类评估已审定。")
    evaluation, created = Evaluation.objects.get_or_create(
        contract=contract,
        project_year=project_year,
        kind=kind,
        evaluator=actor,
        defaults={"evaluator_org": evaluator_org},
    )
    if created:
        for ind in rubric_indicators(rubric):
            Score.objects.create(evaluation=evaluation, indicator=ind, points=Decimal(0))
        EvaluationTransition.objects.create(
            evaluation=evaluation, from_status="", to_status=Status.DRAFT, actor=actor
        )
        _refresh_suggestions(evaluation)
        _retotal(evaluation)
        audit_record(actor=actor, action="evaluation_start", obj=evaluation)
    return evaluation


@transaction.atomic
def score_save(
    *,
    actor,
    score: Score,
    points: Decimal,
    comment: str = "",
    evidence_links: str = "",
    attachment=None,
) -> Score:
    """The evaluator's points for one indicator, with comment, links and an attachment."""
    evaluation = score.evaluation
    if evaluation.status not in (Status.DRAFT, Status.SENT_BACK):
        raise ValidationError("评估已提交,不能再修改。")
    if points is None or not (0 <= points <= score.indicator.max_points):
        raise ValidationError(
            {"points": f"{score.indicator.code} 得分须在0–{score.indicator.max_points}之间。"}
        )
    bad = [
        u
        for u in evidence_links.splitlines()
        if u.strip() and not u.strip().startswith(("/", "http://", "https://"))
    ]
    if bad:
        raise ValidationError({"evidence_links": "证据链接须以 / 或 http(s):// 开头。"})
    fields = ["points", "comment", "evidence_links"]
    if attachment:
        from apps.community.uploads import validate_upload

        validate_upload(attachment)
        score.attachment = attachment
        fields.append("attachment")
    score.points, score.comment, score.evidence_links = q2(points), comment, evidence_links
    score.save(update_fields=fields)
    _retotal(evaluation)
    audit_record(
        actor=actor,
        action="score_save",
        obj=evaluation,
        indicator=score.indicator.code,
        points=str(points),
    )
    return score


@transaction.atomic
def shortfall_decide(
    *, actor, evaluation, community_id: int, accept: bool, reason: str
) -> Evaluation:
    """C1's "原则上": the evaluator accepts or rejects one community's 70 % shortfall."""
    if evaluation.status not in (Status.DRAFT, Status.SENT_BACK):
        raise ValidationError("评估已提交,不能再修改。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写接受或不接受的理由。"})
    score = evaluation.scores.filter(indicator__code="C1").first()
    if score is None:
        raise ValidationError("指标体系中没有C1。")
    rows = score.basis or []
    hit = [r for r in rows if r.get("community_id") == community_id and r.get("shortfall")]
    if not hit:
        raise ValidationError("该社区没有“原则上”比例不足。")
    for r in hit:
        r["accepted"] = accept
        r["reason"] = reason
    score.basis = rows
    score.shortfall_accepted = accept
    score.shortfall_reason = reason
    score.save(update_fields=["basis", "shortfall_accepted", "shortfall_reason"])
    _refresh_suggestions(evaluation)
    _retotal(evaluation)
    audit_record(
        actor=actor,
        action="shortfall_decide",
        obj=evaluation,
        community=community_id,
        accept=accept,
    )
    return evaluation


@transaction.atomic
def evaluation_submit(*, actor, evaluation: Evaluation, summary: str = "") -> Evaluation:
    if evaluation.status not in (Status.DRAFT, Status.SENT_BACK):
        raise ValidationError("只能提交草稿或已退回的评估。")
    c1 = evaluation.scores.filter(indicator__code="C1").first()
    if c1 and any(r.get("shortfall") and "accepted" not in r for r in c1.basis or []):
        raise ValidationError("请先对C1“原则上”比例不足的社区作出接受或不接受的决定。")
    evaluation.summary = summary or evaluation.summary
    _transition(evaluation, actor=actor, to=Status.SUBMITTED)
    evaluation.save(update_fields=["summary"])
    _retotal(evaluation)
    audit_record(
        actor=actor, action="evaluation_submit", obj=evaluation, total=str(evaluation.total)
    )
    return evaluation


@transaction.atomic
def evaluation_send_back(*, actor, evaluation: Evaluation, reason: str) -> Evaluation:
    """The bureau returns a submitted evaluation; the reason is kept with the step."""
    if evaluation.status != Status.SUBMITTED:
        raise ValidationError("只能退回已提交的评估。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回理由。"})
    _transition(evaluation, actor=actor, to=Status.SENT_BACK, reason=reason)
    evaluation.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="evaluation_send_back", obj=evaluation, reason=reason)
    return evaluation


@transaction.atomic
def evaluation_approve(
    *, actor, contract, project_year, kind: str, note: str = ""
) -> EvaluationResult:
    """The bureau approves one consolidated result: per indicator the mean of the submitted
    evaluations; the grade and payment factor follow from the bands."""
    if EvaluationResult.objects.filter(
        contract=contract, project_year=project_year, kind=kind
    ).exists():
        raise ValidationError("该评估已审定。")
    evaluations = list(
        Evaluation.objects.filter(
            contract=contract, project_year=project_year, kind=kind, status=Status.SUBMITTED
        )
    )
    if not evaluations:
        raise ValidationError("没有已提交的评估,不能审定。")
    rubric = Rubric.objects.get(pilot_round=contract.unit.pilot_round)
    per = {}
    rows = []
    for ind in rubric_indicators(rubric):
        pts = list(
            Score.objects.filter(evaluation__in=evaluations, indicator=ind).values_list(
                "points", flat=True
            )
        )
        mean = q2(sum(pts, Decimal(0)) / len(pts)) if pts else Decimal(0)
        per[ind.code] = str(mean)
        rows.append((mean, ind.max_points, ind.weight))
    total = weighted_total(rows)
    band = band_for(total, rubric.bands.all())
    result = EvaluationResult.objects.create(
        contract=contract,
        project_year=project_year,
        kind=kind,
        total=total,
        grade=band.label if band else "",
        payment_factor=band.payment_factor if band else Decimal(0),
        per_indicator=per,
        approved_by=actor,
        note=note,
    )
    result.evaluations.set(evaluations)
    for e in evaluations:
        _transition(e, actor=actor, to=Status.APPROVED, reason=note)
        e.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="evaluation_approve", obj=result, total=str(total), grade=result.grade
    )
    if not contract.instalments.exists():
        schedule_ensure(actor=actor, contract=contract)  # the money this result may release
    contract_changed_on_commit(contract_id=contract.pk)  # a grade changed: pages and reports follow
    return result


# --- verification sample ---------------------------------------------------------------


def sample_population(*, contract, project_year) -> dict:
    """Community id → {"cases.case": [ids], "community.householdarchive": [ids]} of the year."""
    from apps.cases.models import Case
    from apps.community.models import HouseholdArchive

    out = {
        c.pk: {"cases.case": [], "community.householdarchive": []}
        for c in contract.communities.all()
    }
    cases = Case.objects.filter(contract=contract, opened_on__lte=project_year.end).exclude(
        closed_on__lt=project_year.start
    )
    for pk, community_id in cases.values_list("pk", "community_id"):
        out.setdefault(community_id, {"cases.case": [], "community.householdarchive": []})
        out[community_id]["cases.case"].append(pk)
    for pk, community_id in HouseholdArchive.objects.filter(
        contract=contract, project_year=project_year, community__isnull=False
    ).values_list("pk", "community_id"):
        out.setdefault(community_id, {"cases.case": [], "community.householdarchive": []})
        out[community_id]["community.householdarchive"].append(pk)
    return out


@transaction.atomic
def sample_draw(*, actor, evaluation: Evaluation, seed: int | None = None) -> VerificationSample:
    """Draw the verification sample by the rubric's rule; the seed is stored (reproducible).

    Drawing again replaces the items only while none has been checked.
    """
    if evaluation.status not in (Status.DRAFT, Status.SENT_BACK):
        raise ValidationError("评估已提交,不能重新抽样。")
    rubric = Rubric.objects.get(pilot_round=evaluation.contract.unit.pilot_round)
    existing = getattr(evaluation, "sample", None) if hasattr(evaluation, "sample") else None
    if existing is not None:
        if existing.items.exclude(result=SampleItemResult.PENDING).exists():
            raise ValidationError("已有核查结果,不能重新抽样。")
        existing.delete()
    seed = seed if seed is not None else secrets.randbelow(2**31)
    sample = VerificationSample.objects.create(
        evaluation=evaluation,
        seed=seed,
        share=rubric.sample_share,
        minimum=rubric.sample_minimum,
        drawn_by=actor,
    )
    population = sample_population(
        contract=evaluation.contract, project_year=evaluation.project_year
    )
    items = []
    for community_id, kinds in sorted(population.items()):
        for record_type, ids in sorted(kinds.items()):
            # One stream per community and kind: adding records elsewhere never moves this draw.
            sub_seed = (
                seed * 1_000_003 + community_id * 7 + (1 if record_type == "cases.case" else 2)
            )
            for pk in draw(ids, seed=sub_seed, share=sample.share, minimum=sample.minimum):
                items.append(
                    SampleItem(
                        sample=sample,
                        record_type=record_type,
                        record_id=pk,
                        community_id=community_id,
                    )
                )
    SampleItem.objects.bulk_create(items)
    evaluation.refresh_from_db()
    _refresh_suggestions(evaluation)
    _retotal(evaluation)
    audit_record(actor=actor, action="sample_draw", obj=evaluation, seed=seed, items=len(items))
    return sample


@transaction.atomic
def sample_item_check(*, actor, item: SampleItem, result: str, note: str = "") -> SampleItem:
    evaluation = item.sample.evaluation
    if evaluation.status not in (Status.DRAFT, Status.SENT_BACK):
        raise ValidationError("评估已提交,不能修改核查结果。")
    if result not in SampleItemResult.values:
        raise ValidationError({"result": "核查结果无效。"})
    if result == SampleItemResult.FAILED and not note.strip():
        raise ValidationError({"note": "核查不通过须说明原因。"})
    item.result, item.note = result, note
    item.save(update_fields=["result", "note"])
    _refresh_suggestions(evaluation)
    _retotal(evaluation)
    audit_record(
        actor=actor, action="sample_item_check", obj=evaluation, item=item.pk, result=result
    )
    return item


@transaction.atomic
def coordination_save(*, actor, evaluation, organization, **points) -> CoordinationScore:
    """§六(一): the evaluator scores a street's or community's coordination and support."""
    if evaluation.status not in (Status.DRAFT, Status.SENT_BACK):
        raise ValidationError("评估已提交,不能再修改。")
    contract = evaluation.contract
    if (
        organization.pk != contract.unit.street_id
        and not contract.communities.filter(pk=organization.pk).exists()
    ):
        raise ValidationError({"organization": "只能评价该合同的街道和服务社区。"})
    comment = points.pop("comment", "")
    for name, v in points.items():
        if v is None or not (0 <= v <= 25):
            raise ValidationError({name: "每项0–25分。"})
    row, _ = CoordinationScore.objects.update_or_create(
        evaluation=evaluation, organization=organization, defaults={**points, "comment": comment}
    )
    audit_record(
        actor=actor, action="coordination_save", obj=evaluation, organization=organization.pk
    )
    return row


# --- payments --------------------------------------------------------------------------


@transaction.atomic
def payment_record(*, actor, instalment: Instalment, paid_on: date) -> Payment:
    """Record an instalment's payment: only on an approved evaluation, never above the
    contract (after cuts) or the round's budget; the explainer's steps are stored with it."""
    locked = (
        Instalment.objects.select_for_update()
        .select_related("contract__unit__pilot_round", "project_year")
        .get(pk=instalment.pk)
    )
    explanation = payment_explain(instalment=locked, paid_on=paid_on)
    if explanation.blocked:
        raise ValidationError(explanation.blocked)
    payment = Payment.objects.create(
        instalment=locked,
        result=explanation.result,
        amount=explanation.amount,
        cut_applied=explanation.cut_applied,
        steps=[s.as_dict() for s in explanation.steps],
        paid_on=paid_on,
        fiscal_year=paid_on.year,
        recorded_by=actor,
    )
    audit_record(actor=actor, action="payment_record", obj=payment, amount=str(payment.amount))
    return payment


@transaction.atomic
def evaluator_payment_record(
    *, actor, evaluator_contract, amount: Decimal, paid_on: date
) -> EvaluatorPayment:
    """Pay the evaluator's contract from the related costs; never above it or the line."""
    paid = EvaluatorPayment.objects.filter(evaluator_contract=evaluator_contract).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    if amount <= 0:
        raise ValidationError({"amount": "金额须大于0。"})
    if paid + amount > evaluator_contract.amount:
        raise ValidationError(
            {"amount": f"累计付款将超过监管评估合同金额 {evaluator_contract.amount} 元。"}
        )
    related = round_budget_totals(evaluator_contract.pilot_round)["related_costs"]
    all_paid = EvaluatorPayment.objects.filter(
        evaluator_contract__pilot_round=evaluator_contract.pilot_round
    ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if all_paid + amount > related:
        raise ValidationError({"amount": f"将超过相关费用 {related} 元。"})
    payment = EvaluatorPayment.objects.create(
        evaluator_contract=evaluator_contract,
        amount=amount,
        paid_on=paid_on,
        fiscal_year=paid_on.year,
        recorded_by=actor,
    )
    audit_record(actor=actor, action="evaluator_payment_record", obj=payment, amount=str(amount))
    return payment


# --- §六(三) no double funding -----------------------------------------------------------


@transaction.atomic
def funding_declare(*, actor, contract, text: str) -> FundingDeclaration:
    if not text.strip():
        raise ValidationError({"text": "请填写声明内容。"})
    declaration, _ = FundingDeclaration.objects.update_or_create(
        contract=contract, defaults={"text": text, "declared_by": actor}
    )
    audit_record(actor=actor, action="funding_declare", obj=contract)
    return declaration


@transaction.atomic
def other_funded_record(*, actor, contract, kind: str, name: str, clients=()) -> OtherFundedProject:
    """The bureau records a project in the area funded another way (for the §六(三) check)."""
    if not name.strip():
        raise ValidationError({"name": "请填写项目名称。"})
    project = OtherFundedProject.objects.create(contract=contract, kind=kind, name=name)
    project.clients.set(clients)
    audit_record(actor=actor, action="other_funded_record", obj=project)
    return project


__all__ = [name for name in dir() if not name.startswith("_")] + [
    "SourceKind",
]
