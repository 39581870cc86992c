"""Access gates for rubrics, assessments, evaluations, results and payments.

- The bureau sees everything, edits the rubric and the schedule, approves or sends back
  evaluations and records payments.
- An evaluator sees every contract of the round (read-only, identifiers masked as elsewhere),
  scores only contracts of the round, and edits only their own evaluations while they are a
  draft or sent back; they never write delivery data (no gate here opens it).
- Agency staff see the approved results and the payments of their own agency's contracts,
  never another agency's and never a draft.
- Street and community coordinators enter their own organization's annual assessment; area
  staff read the approved results and payments of the contracts in their area.
Outside a person's scope → 404; in scope but not allowed → 403.
"""

from django.db.models import Q

from apps.accounts.gates import VIEW, get_in_scope_or_404, require, rows_in_scope, scope_for
from apps.accounts.models import Role
from apps.orgs.models import Organization
from apps.procurement.permissions import contract_get_for_user_or_404, contracts_visible_to

from .models import Assessment, Evaluation, EvaluationResult, Payment, Rubric, Status

SCORE = "score"  # the author edits a draft or sent-back evaluation
APPROVE = "approve"  # the bureau approves or sends back
ENTER = "enter"  # a coordinator edits their organization's assessment
PAY = "pay"  # the bureau records a payment


def _orgs_with(scope, *roles) -> set[int]:
    return {m.organization_id for m in scope.memberships if m.role in roles}


def is_evaluator(user) -> bool:
    return bool(_orgs_with(scope_for(user), Role.EVALUATOR))


def can_administer(user) -> bool:
    return scope_for(user).can_administer


def evaluator_org_of(user):
    """The evaluator organization the user scores for (first membership), or None."""
    ids = sorted(_orgs_with(scope_for(user), Role.EVALUATOR))
    return Organization.objects.filter(pk=ids[0]).first() if ids else None


def rubrics_visible_to(*, user):
    """Every signed-in person may read the rubric they are judged by."""
    qs = Rubric.objects.select_related("pilot_round")
    return qs if scope_for(user).authenticated else qs.none()


def rubric_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Rubric:
    """The rubric for reading (anyone signed in); the bureau edits it."""
    rubric = get_in_scope_or_404(rubrics_visible_to(user=user), pk=pk)
    if perm != VIEW:
        require(can_administer(user), "只有市民政局可以修改评估指标体系。")
    return rubric


def evaluations_visible_to(*, user):
    """The bureau: all. Evaluators: their organization's. Nobody else sees an evaluation row
    (agencies and areas read the approved result, see ``results_visible_to``)."""
    scope = scope_for(user)
    qs = Evaluation.objects.with_related()
    if not scope.authenticated:
        return qs.none()
    if scope.can_administer:
        return qs.all()
    orgs = _orgs_with(scope, Role.EVALUATOR)
    if orgs:
        return qs.filter(evaluator_org__in=orgs)
    return qs.none()


OPEN_STATUSES = (Status.DRAFT, Status.SENT_BACK)  # an evaluation still being scored


def can_score(*, user, evaluation) -> bool:
    """The evaluation's own evaluator, while it is a draft or sent back (what ``SCORE``
    requires; the pages ask it to show their forms)."""
    return evaluation.evaluator_id == user.pk and evaluation.status in OPEN_STATUSES


def evaluation_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Evaluation:
    evaluation = get_in_scope_or_404(evaluations_visible_to(user=user), pk=pk)
    if perm == SCORE:
        require(evaluation.evaluator_id == user.pk, "只有评估人员本人可以修改该评估。")
        require(evaluation.status in OPEN_STATUSES, "评估已提交,不能再修改。")
    elif perm == APPROVE:
        require(scope_for(user).can_administer, "只有市民政局可以审定评估。")
    return evaluation


def contract_for_scoring_or_404(*, user, pk):
    """A contract an evaluator may start scoring: any contract of the round (403 for others)."""
    contract = contract_get_for_user_or_404(user=user, pk=pk)
    require(is_evaluator(user), "只有监管评估人员可以评分。")
    return contract


def contract_for_approval_or_404(*, user, pk):
    contract = contract_get_for_user_or_404(user=user, pk=pk)
    require(scope_for(user).can_administer, "只有市民政局可以审定评估。")
    return contract


def results_visible_to(*, user):
    """Approved results of the contracts the user sees (agencies: only their own)."""
    return EvaluationResult.objects.select_related(
        "contract", "contract__agency", "contract__unit__street", "project_year", "approved_by"
    ).filter(contract__in=contracts_visible_to(user=user).values("pk"))


def result_get_for_user_or_404(*, user, pk) -> EvaluationResult:
    return get_in_scope_or_404(results_visible_to(user=user), pk=pk)


def payment_contract_get_for_user_or_404(*, user, pk, perm: str = VIEW):
    """A contract's schedule and payments: whoever sees the contract reads; the bureau pays."""
    contract = contract_get_for_user_or_404(user=user, pk=pk)
    if perm == PAY:
        require(scope_for(user).can_administer, "只有市民政局可以登记付款。")
    return contract


def payments_visible_to(*, user):
    return Payment.objects.select_related(
        "instalment", "instalment__contract", "instalment__project_year", "result"
    ).filter(instalment__contract__in=contracts_visible_to(user=user).values("pk"))


def require_budget_reader(*, user) -> None:
    """The round's budget table: the bureau and the evaluator (city-wide roles)."""
    require(scope_for(user).city_wide, "预算总表仅对市民政局和监管评估机构开放。")


def can_enter_assessment(user, organization) -> bool:
    scope = scope_for(user)
    return organization.pk in _orgs_with(scope, Role.STREET_COORDINATOR, Role.COMMUNITY_COORDINATOR)


def assessment_orgs_for(user):
    """Organizations whose assessment the user enters (their street or community)."""
    scope = scope_for(user)
    ids = _orgs_with(scope, Role.STREET_COORDINATOR, Role.COMMUNITY_COORDINATOR)
    return Organization.objects.filter(pk__in=ids).order_by("code")


def assessments_visible_to(*, user):
    """The bureau and evaluators: all; area staff: their area's; agencies: submitted ones of
    their contracts."""
    return rows_in_scope(
        user,
        Assessment.objects.select_related(
            "contract", "organization", "project_year", "contract__unit__street"
        ),
        area=lambda subtree: Q(organization__in=subtree),
        agency=lambda ids: Q(contract__agency__in=ids, status=Status.SUBMITTED),
        granted=False,  # assessments are never granted one by one
    )


def assessment_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Assessment:
    assessment = get_in_scope_or_404(assessments_visible_to(user=user), pk=pk)
    if perm == ENTER:
        require(can_enter_assessment(user, assessment.organization), "只有本单位协调员可以填写。")
        require(assessment.status == Status.DRAFT, "考核已提交,只读。")
    return assessment


def can_declare_funding(user, contract) -> bool:
    return contract.agency_id in _orgs_with(scope_for(user), Role.AGENCY_MANAGER)


def funding_contract_get_for_user_or_404(*, user, pk, perm: str = VIEW):
    """§六(三): whoever sees the contract reads; its agency's manager declares."""
    contract = contract_get_for_user_or_404(user=user, pk=pk)
    if perm == "declare":
        require(can_declare_funding(user, contract), "只有承接机构项目主管可以作出声明。")
    elif perm == "record":
        require(scope_for(user).can_administer)
    return contract
