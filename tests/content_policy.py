"""Every URL pattern's declared access policy, and a sample URL for the content checks.

A view added without a declaration here fails ``tests/test_content_matrix.py``: declare who may
reach it (the kinds below) and how to build a URL to it from the planted world. The admin
site is declared once, as a whole (``ADMIN_NAMESPACE``).

Kinds: ``public`` (login/logout), ``signed-in`` (every signed-in person; lists scoped),
``scoped`` (one object through its gate: 404 outside scope, 403 in scope but not allowed),
``role`` (some roles only, 403 for the others), ``bureau`` (bureau staff only), ``post``
(changes; POST only, through a gate).

The table is grouped by the URL arguments pages share: one ``_pages`` call names the planted
object once and, by kind, every page of the app that is reached with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ADMIN_NAMESPACE = "admin"
KINDS = ("public", "signed-in", "scoped", "role", "bureau", "post")


@dataclass(frozen=True)
class Policy:
    kind: str
    kwargs: Callable | None = None  # planted world → URL kwargs (None: no arguments)


def _pk(attr):
    return lambda p: {"pk": getattr(p, attr)} if getattr(p, attr, None) else None


def _kind(kind):
    return lambda p: {"kind": kind}


def _contract(p):
    return {"contract_pk": p.contract_a}


def _community(p):
    return {"contract_pk": p.contract_a, "community_pk": p.community_a}


def _membership(p):
    return {"pk": p.team_a, "membership_pk": p.team_membership_a} if p.team_a else None


def _archive(p):
    return {"kind": "archive", "pk": p.archive_a}


def _compare(p):
    return {"contract": p.contract_a, "year": 1, "kind": "mid"}


def _pages(app: str, kwargs: Callable | None = None, **kinds: list[str]) -> dict[str, Policy]:
    """The pages of ``app`` ("" for the unnamespaced ones) reached with the same ``kwargs``,
    listed by kind (``signed_in`` stands for ``signed-in``)."""
    policies = {}
    for key, names in kinds.items():
        kind = key.replace("_", "-")
        assert kind in KINDS, f"unknown kind {key!r}"
        for name in names:
            policies[f"{app}:{name}" if app else name] = Policy(kind, kwargs)
    return policies


def _table(*groups: dict[str, Policy]) -> dict[str, Policy]:
    """The groups joined; a page declared in two groups is an error, not a silent override."""
    table: dict[str, Policy] = {}
    for group in groups:
        twice = table.keys() & group.keys()
        assert not twice, f"declared twice: {sorted(twice)}"
        table.update(group)
    return table


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
    "evaluation-rubric": "rubric_a",
    "evaluation": "evaluation_a",
    "evaluation-score": "score_a",
    "evaluation-result": "result_a",
    "payment": "payment_a",
}

POLICIES: dict[str, Policy] = _table(
    _pages("", public=["login", "logout"], signed_in=["home", "api-root", "api-me", "api-schema"]),
    # catalogue, procurement, orgs
    _pages("catalogue", signed_in=["index", "rules"]),
    _pages("procurement", signed_in=["index", "evaluator_contracts"]),
    _pages("procurement", _pk("unit_a"), scoped=["unit_detail"], post=["tender_open"]),
    _pages("procurement", _pk("tender_a"), post=["bid_add", "award_add", "award_contract"]),
    _pages(
        "procurement",
        _pk("contract_a"),
        scoped=["contract_detail"],
        post=["team_formed", "lateness_decision"],
    ),
    _pages("portal", signed_in=["procurement_overview", "evaluator_contracts"]),
    _pages("orgs", _pk("community_a"), scoped=["detail"]),
    # agencies
    _pages("agencies", signed_in=["index"]),
    _pages(
        "agencies",
        _pk("agency_a"),
        scoped=["organization_detail"],
        role=["person_add", "profile_edit"],
    ),
    _pages("agencies", _contract, scoped=["contract_team"], post=["member_add"]),
    _pages("agencies", _pk("team_a"), scoped=["team_detail"], post=["change_request_add"]),
    _pages("agencies", _membership, post=["member_remove"]),
    _pages("agencies", _pk("change_request_a"), post=["change_request_decide"]),
    # plans
    _pages("plans", signed_in=["index"]),
    _pages(
        "plans",
        _contract,
        scoped=["plan_detail"],
        role=["plan_edit", "adjustment_new"],
        post=["commission_save"],
    ),
    _pages("plans", _pk("plan_community_a"), post=["approval_record"]),
    _pages(
        "plans",
        _pk("adjustment_a"),
        scoped=["adjustment_detail"],
        post=["adjustment_decide", "adjustment_resubmit"],
    ),
    # cases
    _pages(
        "cases",
        signed_in=["index", "client_list", "import_list", "case_list"],
        role=["client_new", "import_template", "import_upload", "reconciliation_index"],
        bureau=["access_log"],
    ),
    _pages(
        "cases",
        _pk("client_a"),
        scoped=["client_detail"],
        post=["client_unmask", "client_consent", "client_merge"],
    ),
    _pages(
        "cases", _pk("import_a"), scoped=["import_detail"], post=["import_confirm", "import_file"]
    ),
    _pages("cases", _contract, role=["case_new"]),
    _pages(
        "cases",
        _pk("case_a"),
        scoped=["case_detail"],
        post=["record_add", "referral_add", "case_close", "case_review"],
    ),
    _pages("cases", _pk("street_a"), scoped=["reconciliation"]),
    # community and volunteers
    _pages("community", signed_in=["index"]),
    _pages("community", _contract, scoped=["street"]),
    _pages("community", _community, scoped=["community", "map", "map_svg"]),
    _pages(
        "community", lambda p: {"contract_pk": p.contract_a, "kind": "archive"}, role=["create"]
    ),
    _pages("community", _archive, scoped=["record"], post=["attachment_upload"]),
    _pages("community", _pk("resource_a"), post=["resource_update"]),
    _pages("community", _pk("project_a"), post=["fund_entry"]),
    _pages("community", _pk("attachment_a"), scoped=["attachment"]),
    _pages("volunteers", signed_in=["index"]),
    _pages("volunteers", _contract, role=["team_create"]),
    _pages(
        "volunteers", _pk("volunteer_team_a"), scoped=["team"], post=["member_add", "activity_add"]
    ),
    # jobs, metrics, security
    _pages("jobs", _pk("job"), scoped=["detail", "status"]),
    _pages("metrics", signed_in=["dashboard", "dashboard_xlsx"], post=["run"]),
    _pages("metrics", _pk("contract_a"), scoped=["contract", "contract_xlsx"]),
    _pages("metrics", _pk("snapshot_a"), scoped=["snapshot"]),
    _pages("security", bureau=["audit", "audit_xlsx", "locks"]),
    _pages("security", _pk("lock"), post=["lock_release"]),
    # evaluations (issue 12). The planted world holds no evaluation, score or assessment rows,
    # so those object pages are declared without a sample URL (their gates are tested in
    # tests/evaluations); the contract-keyed pages are checked with the planted contract.
    _pages(
        "evaluations",
        signed_in=["index", "rubric", "assessments"],
        role=["budget"],
        post=["start", "assessment_import"],
    ),
    _pages("evaluations", _pk("rubric_indicator_a"), post=["indicator_edit"]),
    _pages("evaluations", _pk("rubric_band_a"), post=["band_edit"]),
    _pages("evaluations", _pk("schedule_template_a"), post=["template_edit"]),
    _pages(
        "evaluations",
        _pk("evaluation_a"),
        scoped=["detail", "sample"],
        post=["submit", "shortfall", "coordination", "send_back", "sample_draw"],
    ),
    _pages("evaluations", _pk("score_a"), post=["score_edit"]),
    _pages("evaluations", _pk("sample_item_a"), post=["sample_item"]),
    _pages("evaluations", _compare, scoped=["compare"], post=["approve"]),
    _pages("evaluations", _pk("result_a"), scoped=["result"]),
    _pages("evaluations", _pk("contract_a"), scoped=["payments", "funding"]),
    _pages("evaluations", _pk("instalment_a"), scoped=["explain"], post=["pay"]),
    _pages("evaluations", _pk("assessment_a"), scoped=["assessment"]),
    # bulk entry by spreadsheet (issue 11): upload and template for the staff who may record the
    # kind (403 for the others); a preview is its uploader's only (404 for everybody else).
    _pages("bulk", _kind("archives"), role=["upload"]),
    _pages("bulk", _kind("volunteers"), role=["template"]),
    _pages("bulk", _pk("bulk_a"), scoped=["detail"], post=["confirm"]),
    # reports (issue 13): the list is scoped; a request is a POST through the subject's gate;
    # the planted world holds no stored report, so the download is declared without a sample URL.
    _pages("reports", signed_in=["index"]),
    _pages("reports", _kind("city_overview"), post=["request"]),
    _pages("reports", _pk("report_a"), scoped=["download"]),
    # the API (no namespace): every object's list and detail, and the extra actions
    *(_pages("", _pk(attr), scoped=[f"{name}-detail"]) for name, attr in API_OBJECTS.items()),
    _pages("", signed_in=[f"{name}-list" for name in API_OBJECTS]),
    _pages("", _pk("team_a"), scoped=["team-members"]),
    _pages("", _pk("adjustment_a"), post=["plan-adjustment-decide"]),
    _pages("", _pk("snapshot_a"), scoped=["snapshot-records"]),
)


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
