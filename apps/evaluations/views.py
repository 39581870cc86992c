"""Pages of the evaluation and payment flow: thin views over gates, selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.gates import CHANGE, get_in_scope_or_404
from apps.core.posting import (
    inline_post_view,
    message_errors,
    post_and_return,
    post_form,
    post_service,
    service_and_return,
)
from apps.procurement.permissions import contracts_visible_to
from apps.procurement.selectors import current_round

from . import services
from .forms import (
    ApproveForm,
    AssessmentForm,
    AssessmentImportForm,
    BandForm,
    CoordinationForm,
    DeclarationForm,
    DrawForm,
    IndicatorForm,
    ItemCheckForm,
    OtherFundedForm,
    PayForm,
    ReasonForm,
    ScoreForm,
    ShortfallForm,
    StartForm,
    SubmitForm,
    TemplateForm,
)
from .models import (
    EvaluationKind,
    FundingDeclaration,
    GradeBand,
    Instalment,
    InstalmentTemplate,
    OtherFundedProject,
    RubricIndicator,
    SampleItem,
    Score,
    Status,
)
from .permissions import (
    APPROVE,
    ENTER,
    PAY,
    SCORE,
    assessment_get_for_user_or_404,
    assessment_orgs_for,
    assessments_visible_to,
    can_administer,
    can_declare_funding,
    can_enter_assessment,
    can_score,
    contract_for_approval_or_404,
    contract_for_scoring_or_404,
    evaluation_get_for_user_or_404,
    evaluations_visible_to,
    evaluator_org_of,
    funding_contract_get_for_user_or_404,
    is_evaluator,
    payment_contract_get_for_user_or_404,
    require_budget_reader,
    result_get_for_user_or_404,
    results_visible_to,
    rubric_get_for_user_or_404,
)
from .selectors import (
    approval_queue,
    budget_table,
    comparison,
    contract_schedule,
    double_funding_flags,
    evaluation_report_data,
    evaluator_todo,
    payment_explain,
    rubric_for_round,
    rubric_indicators,
)


def _round_or_404():
    pilot_round = current_round()
    if pilot_round is None:
        raise Http404
    return pilot_round


@login_required
def index(request):
    """Each person's part of the flow: evaluator's to-do, bureau's approvals, approved results."""
    pilot_round = _round_or_404()
    evaluator = is_evaluator(request.user)
    bureau = can_administer(request.user)
    context = {
        "round": pilot_round,
        "rubric": rubric_for_round(pilot_round),
        "is_evaluator": evaluator,
        "is_bureau": bureau,
        "results": list(results_visible_to(user=request.user).order_by("contract__unit__code")),
        "can_assess": assessment_orgs_for(request.user).exists(),
    }
    if evaluator:
        context["todo"] = evaluator_todo(user=request.user)
        context["mine"] = list(
            evaluations_visible_to(user=request.user).filter(evaluator=request.user)
        )
        context["start_form"] = StartForm(
            contracts=contracts_visible_to(user=request.user), pilot_round=pilot_round
        )
    if bureau:
        context["queue"] = approval_queue()
    return render(request, "evaluations/index.html", context)


# --- rubric ---------------------------------------------------------------------------


@login_required
def rubric_page(request):
    pilot_round = _round_or_404()
    rubric = rubric_for_round(pilot_round)
    if rubric is None:
        raise Http404
    rubric = rubric_get_for_user_or_404(user=request.user, pk=rubric.pk)
    return render(
        request,
        "evaluations/rubric.html",
        {
            "rubric": rubric,
            "indicators": rubric_indicators(rubric),
            "bands": list(rubric.bands.all()),
            "templates": list(InstalmentTemplate.objects.filter(pilot_round=pilot_round)),
            "can_edit": can_administer(request.user),
        },
    )


def _rubric_edit(request, obj, rubric_pk, form, service, **kwargs):
    rubric_get_for_user_or_404(user=request.user, pk=rubric_pk, perm=CHANGE)
    return post_and_return(
        request,
        form=form,
        service=service,
        done="已保存。",
        back=reverse("evaluations:rubric"),
        **kwargs,
    )


@login_required
@require_POST
def indicator_edit(request, pk):
    ind = get_in_scope_or_404(RubricIndicator.objects.select_related("dimension"), pk=pk)
    return _rubric_edit(
        request,
        ind,
        ind.dimension.rubric_id,
        IndicatorForm(request.POST),
        services.indicator_update,
        indicator=ind,
    )


@login_required
@require_POST
def band_edit(request, pk):
    band = get_in_scope_or_404(GradeBand.objects.all(), pk=pk)
    return _rubric_edit(
        request, band, band.rubric_id, BandForm(request.POST), services.band_update, band=band
    )


@login_required
@require_POST
def template_edit(request, pk):
    template = get_in_scope_or_404(InstalmentTemplate.objects.all(), pk=pk)
    rubric = rubric_for_round(template.pilot_round)
    if rubric is None:
        raise Http404
    return _rubric_edit(
        request,
        template,
        rubric.pk,
        TemplateForm(request.POST),
        services.schedule_template_update,
        template=template,
    )


# --- evaluations ----------------------------------------------------------------------


@login_required
@require_POST
def start(request):
    pilot_round = _round_or_404()
    form = StartForm(
        request.POST, contracts=contracts_visible_to(user=request.user), pilot_round=pilot_round
    )
    if not form.is_valid():
        messages.error(request, f"表单有误:{form.errors.as_text()}")
        return redirect("evaluations:index")
    contract = contract_for_scoring_or_404(user=request.user, pk=form.cleaned_data["contract"].pk)
    try:
        evaluation = services.evaluation_start(
            actor=request.user,
            contract=contract,
            project_year=form.cleaned_data["project_year"],
            kind=form.cleaned_data["kind"],
            evaluator_org=evaluator_org_of(request.user),
        )
    except ValidationError as exc:
        message_errors(request, exc)
        return redirect("evaluations:index")
    return redirect("evaluations:detail", pk=evaluation.pk)


def _scoring_page(evaluation, anchor: str = "") -> str:
    """The URL of the evaluation's scoring page (at ``anchor``, e.g. ``#coordination``)."""
    return reverse("evaluations:detail", args=[evaluation.pk]) + anchor


@login_required
def detail(request, pk):
    """The scoring page: each indicator with its pre-filled basis (clause and value)."""
    evaluation = evaluation_get_for_user_or_404(user=request.user, pk=pk)
    editable = can_score(user=request.user, evaluation=evaluation)
    data = evaluation_report_data(evaluation=evaluation)
    scores = list(
        evaluation.scores.select_related("indicator", "indicator__dimension").order_by(
            "indicator__dimension__order", "indicator__order"
        )
    )
    contract = evaluation.contract
    coordination = {c.organization_id: c for c in data["coordination"]}
    orgs = [contract.unit.street, *contract.communities.order_by("code")]
    return render(
        request,
        "evaluations/detail.html",
        {
            "evaluation": evaluation,
            "data": data,
            "scores": scores,
            "editable": editable,
            "is_bureau": can_administer(request.user),
            "coordination_rows": [(o, coordination.get(o.pk)) for o in orgs],
            "submit_form": SubmitForm(initial={"summary": evaluation.summary}),
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def score_edit(request, pk):
    score = get_in_scope_or_404(Score.objects.select_related("evaluation"), pk=pk)
    evaluation = evaluation_get_for_user_or_404(
        user=request.user, pk=score.evaluation_id, perm=SCORE
    )
    return post_and_return(
        request,
        form=ScoreForm(request.POST, request.FILES),
        service=services.score_save,
        done=f"已保存 {score.indicator.code}。",
        back=_scoring_page(evaluation, f"#s{score.pk}"),
        score=score,
    )


shortfall = inline_post_view(
    evaluation_get_for_user_or_404,
    SCORE,
    ShortfallForm,
    services.shortfall_decide,
    "已记录对“原则上”比例不足的决定。",
    _scoring_page,
    "evaluation",
)


@login_required
@require_POST
def coordination(request, pk):
    evaluation = evaluation_get_for_user_or_404(user=request.user, pk=pk, perm=SCORE)
    form = CoordinationForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        org_id = data.pop("organization")
        contract = evaluation.contract
        orgs = {o.pk: o for o in [contract.unit.street, *contract.communities.all()]}
        if org_id not in orgs:
            raise Http404
        try:
            services.coordination_save(
                actor=request.user, evaluation=evaluation, organization=orgs[org_id], **data
            )
            messages.success(request, f"已保存{orgs[org_id].name}的协调配合评分。")
        except ValidationError as exc:
            message_errors(request, exc)
    else:
        messages.error(request, f"表单有误:{form.errors.as_text()}")
    return redirect(_scoring_page(evaluation, "#coordination"))


@login_required
@require_POST
def submit(request, pk):
    evaluation = evaluation_get_for_user_or_404(user=request.user, pk=pk, perm=SCORE)
    form = SubmitForm(request.POST)
    form.is_valid()
    return service_and_return(
        request,
        service=services.evaluation_submit,
        done="评估已提交市民政局审定。",
        back=_scoring_page(evaluation),
        evaluation=evaluation,
        summary=form.cleaned_data.get("summary", ""),
    )


def _comparison_page(evaluation) -> str:
    """The bureau's comparison of the evaluation's contract × year × kind."""
    return reverse(
        "evaluations:compare",
        args=[evaluation.contract_id, evaluation.project_year.number, evaluation.kind],
    )


send_back = inline_post_view(
    evaluation_get_for_user_or_404,
    APPROVE,
    ReasonForm,
    services.evaluation_send_back,
    "已退回评估人员。",
    _comparison_page,
    "evaluation",
    invalid_message="请填写退回理由。",
)


# --- sample ---------------------------------------------------------------------------


@login_required
def sample(request, pk):
    """The verification sample: drawn records by community (ids only, never names)."""
    evaluation = evaluation_get_for_user_or_404(user=request.user, pk=pk)
    editable = can_score(user=request.user, evaluation=evaluation)
    drawn = getattr(evaluation, "sample", None) if hasattr(evaluation, "sample") else None
    items = list(drawn.items.select_related("community")) if drawn else []
    rubric = rubric_for_round(evaluation.contract.unit.pilot_round)
    return render(
        request,
        "evaluations/sample.html",
        {
            "evaluation": evaluation,
            "sample": drawn,
            "items": items,
            "rubric": rubric,
            "editable": editable,
            "draw_form": DrawForm(),
            "checked": sum(1 for i in items if i.result != "pending"),
            "passed": sum(1 for i in items if i.result == "passed"),
        },
    )


@login_required
@require_POST
def sample_draw(request, pk):
    evaluation = evaluation_get_for_user_or_404(user=request.user, pk=pk, perm=SCORE)
    form = DrawForm(request.POST)
    back = reverse("evaluations:sample", args=[evaluation.pk])
    if form.is_valid():
        post_service(
            request,
            service=services.sample_draw,
            done=lambda drawn: f"已抽取 {drawn.items.count()} 条记录(种子 {drawn.seed})。",
            success_url=back,
            evaluation=evaluation,
            seed=form.cleaned_data.get("seed"),
        )
    return redirect(back)


@login_required
@require_POST
def sample_item(request, pk):
    item = get_in_scope_or_404(SampleItem.objects.select_related("sample"), pk=pk)
    evaluation = evaluation_get_for_user_or_404(
        user=request.user, pk=item.sample.evaluation_id, perm=SCORE
    )
    form = ItemCheckForm(request.POST)
    if form.is_valid():
        try:
            services.sample_item_check(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            message_errors(request, exc)
    return redirect(reverse("evaluations:sample", args=[evaluation.pk]) + f"#i{item.pk}")


# --- comparison and approval ----------------------------------------------------------


def _key(request, contract, year, kind):
    contract = contract_for_approval_or_404(user=request.user, pk=contract)
    project_year = contract.unit.pilot_round.years.filter(number=year).first()
    if project_year is None or kind not in EvaluationKind.values:
        raise Http404
    return contract, project_year


@login_required
def compare(request, contract, year, kind):
    """The bureau's comparison of the evaluators of one contract × year × kind."""
    contract, project_year = _key(request, contract, year, kind)
    return render(
        request,
        "evaluations/compare.html",
        {
            "contract": contract,
            "project_year": project_year,
            "kind": kind,
            "kind_label": EvaluationKind(kind).label,
            "cmp": comparison(contract=contract, project_year=project_year, kind=kind),
            "approve_form": ApproveForm(),
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def approve(request, contract, year, kind):
    contract, project_year = _key(request, contract, year, kind)
    form = ApproveForm(request.POST)
    form.is_valid()
    return service_and_return(
        request,
        service=services.evaluation_approve,
        done=lambda result: f"已审定:总分 {result.total},等次“{result.grade}”。",
        back=reverse("evaluations:compare", args=[contract.pk, year, kind]),
        contract=contract,
        project_year=project_year,
        kind=kind,
        note=form.cleaned_data.get("note", ""),
    )


@login_required
def result(request, pk):
    """An approved result: what the agency, the areas and the bureau read."""
    res = result_get_for_user_or_404(user=request.user, pk=pk)
    rubric = rubric_for_round(res.contract.unit.pilot_round)
    indicators = rubric_indicators(rubric) if rubric else []
    rows = [(i, res.per_indicator.get(i.code)) for i in indicators]
    return render(request, "evaluations/result.html", {"result": res, "rows": rows})


# --- payments -------------------------------------------------------------------------


@login_required
def payments(request, pk):
    """A contract's schedule; each instalment explained step by step; simulate, then record."""
    contract = payment_contract_get_for_user_or_404(user=request.user, pk=pk)
    simulate = request.GET.get("simulate")
    return render(
        request,
        "evaluations/payments.html",
        {
            "contract": contract,
            "rows": contract_schedule(contract=contract),
            "simulate": int(simulate) if simulate and simulate.isdigit() else None,
            "can_pay": can_administer(request.user),
            "pay_form": PayForm(),
        },
    )


@login_required
@require_POST
def pay(request, pk):
    instalment = get_in_scope_or_404(Instalment.objects.select_related("contract"), pk=pk)
    payment_contract_get_for_user_or_404(user=request.user, pk=instalment.contract_id, perm=PAY)
    return post_and_return(
        request,
        form=PayForm(request.POST),
        service=services.payment_record,
        done=lambda payment: f"已登记付款 {payment.amount} 元。",
        back=reverse("evaluations:payments", args=[instalment.contract_id]),
        invalid_message="请填写付款日期。",
        instalment=instalment,
    )


@login_required
def budget(request):
    """Paid / committed / remaining against 30.8 M + 2 M and the two funding years."""
    require_budget_reader(user=request.user)
    pilot_round = _round_or_404()
    return render(request, "evaluations/budget.html", {"b": budget_table(pilot_round=pilot_round)})


# --- annual assessments ---------------------------------------------------------------


def _assessment_forms(request, data=None, files=None):
    pilot_round = _round_or_404()
    orgs = assessment_orgs_for(request.user)
    contracts = contracts_visible_to(user=request.user)
    kwargs = {"contracts": contracts, "organizations": orgs, "pilot_round": pilot_round}
    return (
        AssessmentForm(data, **kwargs) if data is not None else AssessmentForm(**kwargs),
        AssessmentImportForm(data, files, **kwargs)
        if files is not None
        else AssessmentImportForm(**kwargs),
    )


def _assessments_page(request, *, form=None, import_form=None, status=200):
    default_form, default_import = _assessment_forms(request)
    can_enter = assessment_orgs_for(request.user).exists()
    return render(
        request,
        "evaluations/assessments.html",
        {
            "rows": list(assessments_visible_to(user=request.user)),
            "form": (form or default_form) if can_enter else None,
            "import_form": (import_form or default_import) if can_enter else None,
        },
        status=status,
    )


def _assessment_post(request, form, name, service, done):
    """A form of the assessments page (``name``) through its service, to the assessment saved
    (or the page again, status 400, with the form's errors)."""
    return post_form(
        request,
        form=form,
        service=service,
        done=done,
        success_url=lambda a: reverse("evaluations:assessment", args=[a.pk]),
        invalid=lambda bound: _assessments_page(request, status=400, **{name: bound}),
    )


@login_required
def assessments(request):
    if request.method == "POST":
        form, _ = _assessment_forms(request, data=request.POST)
        if not assessment_orgs_for(request.user).exists():
            raise Http404
        return _assessment_post(
            request, form, "form", services.assessment_save, "已保存年度考核(草稿)。"
        )
    return _assessments_page(request)


@login_required
@require_POST
def assessment_import(request):
    if not assessment_orgs_for(request.user).exists():
        raise Http404
    _, form = _assessment_forms(request, data=request.POST, files=request.FILES)
    return _assessment_post(
        request, form, "import_form", services.assessment_import, "已从Excel导入年度考核(草稿)。"
    )


@login_required
def assessment(request, pk):
    a = assessment_get_for_user_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        a = assessment_get_for_user_or_404(user=request.user, pk=pk, perm=ENTER)
        return service_and_return(
            request,
            service=services.assessment_submit,
            done="年度考核已提交,此后只读。",
            back=reverse("evaluations:assessment", args=[a.pk]),
            assessment=a,
        )
    return render(
        request,
        "evaluations/assessment.html",
        {
            "a": a,
            "questions": [q for q in a.survey_questions.splitlines() if q.strip()],
            "can_submit": a.status == Status.DRAFT
            and can_enter_assessment(request.user, a.organization),
        },
    )


# --- §六(三) ---------------------------------------------------------------------------


@login_required
def funding(request, pk):
    contract = funding_contract_get_for_user_or_404(user=request.user, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "declare":
            contract = funding_contract_get_for_user_or_404(
                user=request.user, pk=pk, perm="declare"
            )
            form = DeclarationForm(request.POST)
            if form.is_valid():
                services.funding_declare(actor=request.user, contract=contract, **form.cleaned_data)
                messages.success(request, "已保存声明。")
        else:
            contract = funding_contract_get_for_user_or_404(user=request.user, pk=pk, perm="record")
            form = OtherFundedForm(request.POST)
            if form.is_valid():
                post_service(
                    request,
                    service=services.other_funded_record,
                    done="已登记其他资助项目。",
                    success_url=reverse("evaluations:funding", args=[contract.pk]),
                    contract=contract,
                    **form.cleaned_data,
                )
        return redirect("evaluations:funding", pk=contract.pk)
    return render(
        request,
        "evaluations/funding.html",
        {
            "contract": contract,
            "declaration": FundingDeclaration.objects.filter(contract=contract).first(),
            "others": list(OtherFundedProject.objects.filter(contract=contract)),
            "flags": double_funding_flags(contract=contract),
            "can_declare": can_declare_funding(request.user, contract),
            "can_record": can_administer(request.user),
            "declare_form": DeclarationForm(),
            "other_form": OtherFundedForm(),
        },
    )


@login_required
def explain(request, pk):
    """One instalment's explanation as a fragment (the simulate button's target)."""
    instalment = get_in_scope_or_404(Instalment.objects.select_related("contract"), pk=pk)
    payment_contract_get_for_user_or_404(user=request.user, pk=instalment.contract_id)
    return render(
        request,
        "evaluations/_explain.html",
        {"e": payment_explain(instalment=instalment)},
    )
