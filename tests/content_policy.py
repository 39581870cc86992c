"""Every URL pattern's declared access policy, and a sample URL for the content checks.

A view added without a line here fails ``tests/test_content_matrix.py``: declare who may
reach it (the kinds below) and how to build a URL to it from the planted world. The admin
site is declared once, as a whole (``ADMIN_NAMESPACE``).

Kinds: ``public`` (login/logout), ``signed-in`` (every signed-in person; lists scoped),
``scoped`` (one object through its gate: 404 outside scope, 403 in scope but not allowed),
``role`` (some roles only, 403 for the others), ``bureau`` (bureau staff only), ``post``
(changes; POST only, through a gate).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ADMIN_NAMESPACE = "admin"


@dataclass(frozen=True)
class Policy:
    kind: str
    kwargs: Callable | None = None  # planted world → URL kwargs (None: no arguments)


def _pk(attr):
    return lambda p: {"pk": getattr(p, attr)} if getattr(p, attr, None) else None


def _contract(p):
    return {"contract_pk": p.contract_a}


def _community(p):
    return {"contract_pk": p.contract_a, "community_pk": p.community_a}


S, R, B, P = "signed-in", "role", "bureau", "post"
SC = "scoped"

POLICIES: dict[str, Policy] = {
    "home": Policy(S),
    "login": Policy("public"),
    "logout": Policy("public"),
    "api-root": Policy(S),
    "api-me": Policy(S),
    "api-schema": Policy(S),
    # catalogue, procurement, orgs
    "catalogue:index": Policy(S),
    "catalogue:rules": Policy(S),
    "procurement:index": Policy(S),
    "procurement:unit_detail": Policy(SC, _pk("unit_a")),
    "procurement:tender_open": Policy(P, _pk("unit_a")),
    "procurement:bid_add": Policy(P, _pk("tender_a")),
    "procurement:award_add": Policy(P, _pk("tender_a")),
    "procurement:contract_detail": Policy(SC, _pk("contract_a")),
    "procurement:team_formed": Policy(P, _pk("contract_a")),
    "procurement:lateness_decision": Policy(P, _pk("contract_a")),
    "procurement:evaluator_contracts": Policy(S),
    "portal:procurement_overview": Policy(S),
    "portal:evaluator_contracts": Policy(S),
    "orgs:detail": Policy(SC, _pk("community_a")),
    # agencies
    "agencies:index": Policy(S),
    "agencies:organization_detail": Policy(SC, _pk("agency_a")),
    "agencies:person_add": Policy(R, _pk("agency_a")),
    "agencies:profile_edit": Policy(R, _pk("agency_a")),
    "agencies:contract_team": Policy(SC, _contract),
    "agencies:team_detail": Policy(SC, _pk("team_a")),
    "agencies:member_add": Policy(P, _contract),
    "agencies:member_remove": Policy(
        P, lambda p: {"pk": p.team_a, "membership_pk": p.team_membership_a} if p.team_a else None
    ),
    "agencies:change_request_add": Policy(P, _pk("team_a")),
    "agencies:change_request_decide": Policy(P, _pk("change_request_a")),
    # plans
    "plans:index": Policy(S),
    "plans:plan_detail": Policy(SC, _contract),
    "plans:plan_edit": Policy(R, _contract),
    "plans:adjustment_new": Policy(R, _contract),
    "plans:commission_save": Policy(P, _contract),
    "plans:approval_record": Policy(P, _pk("plan_community_a")),
    "plans:adjustment_detail": Policy(SC, _pk("adjustment_a")),
    "plans:adjustment_decide": Policy(P, _pk("adjustment_a")),
    "plans:adjustment_resubmit": Policy(P, _pk("adjustment_a")),
    # cases
    "cases:index": Policy(S),
    "cases:client_list": Policy(S),
    "cases:client_new": Policy(R),
    "cases:client_detail": Policy(SC, _pk("client_a")),
    "cases:client_unmask": Policy(P, _pk("client_a")),
    "cases:client_consent": Policy(P, _pk("client_a")),
    "cases:client_merge": Policy(P, _pk("client_a")),
    "cases:access_log": Policy(B),
    "cases:import_list": Policy(S),
    "cases:import_template": Policy(R),
    "cases:import_upload": Policy(R),
    "cases:import_detail": Policy(SC, _pk("import_a")),
    "cases:import_confirm": Policy(P, _pk("import_a")),
    "cases:import_file": Policy(P, _pk("import_a")),
    "cases:case_list": Policy(S),
    "cases:case_new": Policy(R, _contract),
    "cases:case_detail": Policy(SC, _pk("case_a")),
    "cases:record_add": Policy(P, _pk("case_a")),
    "cases:referral_add": Policy(P, _pk("case_a")),
    "cases:case_close": Policy(P, _pk("case_a")),
    "cases:case_review": Policy(P, _pk("case_a")),
    "cases:reconciliation_index": Policy(R),
    "cases:reconciliation": Policy(SC, _pk("street_a")),
    # community and volunteers
    "community:index": Policy(S),
    "community:street": Policy(SC, _contract),
    "community:community": Policy(SC, _community),
    "community:map": Policy(SC, _community),
    "community:map_svg": Policy(SC, _community),
    "community:create": Policy(R, lambda p: {"contract_pk": p.contract_a, "kind": "archive"}),
    "community:record": Policy(SC, lambda p: {"kind": "archive", "pk": p.archive_a}),
    "community:attachment_upload": Policy(P, lambda p: {"kind": "archive", "pk": p.archive_a}),
    "community:resource_update": Policy(P, _pk("resource_a")),
    "community:fund_entry": Policy(P, _pk("project_a")),
    "community:attachment": Policy(SC, _pk("attachment_a")),
    "volunteers:index": Policy(S),
    "volunteers:team_create": Policy(R, _contract),
    "volunteers:team": Policy(SC, _pk("volunteer_team_a")),
    "volunteers:member_add": Policy(P, _pk("volunteer_team_a")),
    "volunteers:activity_add": Policy(P, _pk("volunteer_team_a")),
    # jobs, metrics, security
    "jobs:detail": Policy(SC, _pk("job")),
    "jobs:status": Policy(SC, _pk("job")),
    "metrics:dashboard": Policy(S),
    "metrics:dashboard_xlsx": Policy(S),
    "metrics:contract": Policy(SC, _pk("contract_a")),
    "metrics:contract_xlsx": Policy(SC, _pk("contract_a")),
    "metrics:snapshot": Policy(SC, _pk("snapshot_a")),
    "metrics:run": Policy(P),
    "security:audit": Policy(B),
    "security:audit_xlsx": Policy(B),
    "security:locks": Policy(B),
    "security:lock_release": Policy(P, _pk("lock")),
}

# The API: lists are scoped to the caller, details go through the same gates.
API_OBJECTS = {
    "organization": "community_a",
    "unit": "unit_a",
    "contract": "contract_a",
    "category": "category",
    "indicator-rule": "rule",
    "qualification-profile": "profile_a",
    "staff": "staff_a",
    "team": "team_a",
    "tender": "tender_a",
    "evaluator-contract": "evaluator_contract",
    "plan": "plan_a",
    "plan-adjustment": "adjustment_a",
    "commission": "commission_a",
    "client": "client_a",
    "case": "case_a",
    "service-record": "service_record_a",
    "target-list-import": "import_a",
    "community-archive": "archive_a",
    "community-resource": "resource_a",
    "community-study": "study_a",
    "community-training": "training_a",
    "community-incubation": "incubation_a",
    "community-project": "project_a",
    "community-meeting": "meeting_a",
    "community-quarterly": "quarterly_a",
    "volunteer-team": "volunteer_team_a",
    "volunteer": "volunteer_a",
    "snapshot": "snapshot_a",
}
# evaluations (issue 12). The planted world holds no evaluation, score or assessment rows, so
# those object pages are declared without a sample URL (their gates are tested in
# tests/evaluations); the contract-keyed pages are checked with the planted contract.
POLICIES.update(
    {
        "procurement:award_contract": Policy(P, _pk("tender_a")),
        "evaluations:index": Policy(S),
        "evaluations:rubric": Policy(S),
        "evaluations:indicator_edit": Policy(P, _pk("rubric_indicator_a")),
        "evaluations:band_edit": Policy(P, _pk("rubric_band_a")),
        "evaluations:template_edit": Policy(P, _pk("schedule_template_a")),
        "evaluations:start": Policy(P),
        "evaluations:detail": Policy(SC, _pk("evaluation_a")),
        "evaluations:submit": Policy(P, _pk("evaluation_a")),
        "evaluations:shortfall": Policy(P, _pk("evaluation_a")),
        "evaluations:coordination": Policy(P, _pk("evaluation_a")),
        "evaluations:send_back": Policy(P, _pk("evaluation_a")),
        "evaluations:sample": Policy(SC, _pk("evaluation_a")),
        "evaluations:sample_draw": Policy(P, _pk("evaluation_a")),
        "evaluations:score_edit": Policy(P, _pk("score_a")),
        "evaluations:sample_item": Policy(P, _pk("sample_item_a")),
        "evaluations:compare": Policy(
            SC, lambda p: {"contract": p.contract_a, "year": 1, "kind": "mid"}
        ),
        "evaluations:approve": Policy(
            P, lambda p: {"contract": p.contract_a, "year": 1, "kind": "mid"}
        ),
        "evaluations:result": Policy(SC, _pk("result_a")),
        "evaluations:payments": Policy(SC, _pk("contract_a")),
        "evaluations:explain": Policy(SC, _pk("instalment_a")),
        "evaluations:pay": Policy(P, _pk("instalment_a")),
        "evaluations:budget": Policy(R),
        "evaluations:assessments": Policy(S),
        "evaluations:assessment_import": Policy(P),
        "evaluations:assessment": Policy(SC, _pk("assessment_a")),
        "evaluations:funding": Policy(SC, _pk("contract_a")),
    }
)
# bulk entry by spreadsheet (issue 11): upload and template for the staff who may record the
# kind (403 for the others); a preview is its uploader's only (404 for everybody else).
POLICIES.update(
    {
        "bulk:upload": Policy(R, lambda p: {"kind": "archives"}),
        "bulk:template": Policy(R, lambda p: {"kind": "volunteers"}),
        "bulk:detail": Policy(SC, _pk("bulk_a")),
        "bulk:confirm": Policy(P, _pk("bulk_a")),
    }
)
# reports (issue 13): the list is scoped; a request is a POST through the subject's gate; the
# planted world holds no stored report, so the download is declared without a sample URL.
POLICIES.update(
    {
        "reports:index": Policy(S),
        "reports:request": Policy(P, lambda p: {"kind": "city_overview"}),
        "reports:download": Policy(SC, _pk("report_a")),
    }
)
API_OBJECTS.update(
    {
        "evaluation-rubric": "rubric_a",
        "evaluation": "evaluation_a",
        "evaluation-score": "score_a",
        "evaluation-result": "result_a",
        "payment": "payment_a",
    }
)
for _name, _attr in API_OBJECTS.items():
    POLICIES[f"{_name}-list"] = Policy(S)
    POLICIES[f"{_name}-detail"] = Policy(SC, _pk(_attr))
POLICIES["team-members"] = Policy(SC, _pk("team_a"))
POLICIES["plan-adjustment-decide"] = Policy(P, _pk("adjustment_a"))
POLICIES["snapshot-records"] = Policy(SC, _pk("snapshot_a"))


def url_patterns(patterns=None, prefix="", namespace=""):
    """Every (name, route, pattern) of the URL configuration, namespaces joined with ':'."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield name, prefix + str(p.pattern), p


def undeclared(patterns=None) -> list[str]:
    """Routes with no declared policy (the admin site is declared as a whole)."""
    missing = []
    for name, route, _ in url_patterns(patterns):
        if name.split(":")[0] == ADMIN_NAMESPACE or route.startswith("admin/"):
            continue
        if name not in POLICIES:
            missing.append(f"{name or '(unnamed)'} {route}")
    return missing
