"""Reads for the cases app: lists within the gates, case detail, reconciliation, S4."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from apps.accounts.models import AGENCY_ROLES, RoleMembership
from apps.catalogue.selectors import current_indicator_rule
from apps.orgs.models import Organization

from .models import (
    Case,
    CaseStatus,
    Client,
    IdentityAccess,
    ServiceRecord,
    TargetListEntry,
)
from .permissions import cases_visible_to, clients_visible_to, imports_visible_to

LIST_LIMIT = 200


def _count_of(model, field: str):
    """A correlated COUNT(*) of ``model`` rows pointing at the outer row: evaluated only for
    the rows of the page shown (after the sort and the limit), never grouped over the whole
    list, and dropped from the paginator's COUNT."""
    counted = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def client_list(*, user, q: str = "", community=None):
    """The clients in scope matching ``q``, by community and name (ids only: see
    ``client_list_rows``)."""
    qs = clients_visible_to(user=user).select_related(None).prefetch_related(None)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(id_masked__endswith=q.upper()))
    if community:
        qs = qs.filter(community=community)
    return qs.order_by("community__code", "name", "pk")


def client_list_rows(ids):
    """One page of ``client_list``: the clients ``ids`` (a subquery) with their community,
    groups and number of cases."""
    return (
        Client.objects.filter(pk__in=ids)
        .with_related()
        .annotate(case_count=_count_of(Case, "client"))
    )


def client_picker(*, clients, community, q: str = "", chosen: str = "", limit: int = 30) -> list:
    """The case form's client shortlist: ``clients`` (already gated) living in ``community``,
    matching a name fragment or the masked ID's tail, at most ``limit``; the chosen client is
    kept on the list whichever the search."""
    if community is None:
        return []
    qs = clients.filter(community=community)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(id_masked__endswith=q.upper()))
    found = list(qs.order_by("name", "pk")[:limit])
    if chosen.isdigit() and all(str(c.pk) != chosen for c in found):
        found += list(clients.filter(pk=chosen))
    return found


def client_detail_context(*, user, client) -> dict:
    listings = (
        TargetListEntry.objects.filter(client=client)
        .select_related("community", "street", "list_import")
        .prefetch_related("groups")
        .order_by("-created_at")
    )
    cases = cases_visible_to(user=user).filter(client=client)
    return {
        "listings": list(listings),
        "cases": list(cases),
        "merges": list(client.merges_in.select_related("merged", "actor")),
    }


def case_list(*, user, status: str = ""):
    """The cases in scope, newest first (ids only: see ``case_list_rows``)."""
    qs = cases_visible_to(user=user).select_related(None)
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-opened_on", "-pk")


def case_list_rows(ids):
    """One page of ``case_list``: the cases ``ids`` (a subquery) with what the list shows
    (client or household, community, worker) and their number of service records."""
    return (
        Case.objects.filter(pk__in=ids)
        .select_related("client", "household", "community", "assigned_worker")
        .annotate(record_count=_count_of(ServiceRecord, "case"))
    )


def case_detail_context(*, case) -> dict:
    return {
        "records": list(case.records.select_related("sub_item", "worker")),
        "referrals": list(case.referrals.select_related("created_by")),
        "reviews": list(case.reviews.select_related("reviewer")),
        "sub_items": list(case.sub_items.select_related("item")),
    }


def import_list(*, user):
    return imports_visible_to(user=user).order_by("-created_at")


def agency_workers(*, contract):
    """People of the contract's agency who may carry a case."""
    from apps.accounts.models import User

    ids = RoleMembership.objects.active().filter(
        organization=contract.agency_id, role__in=AGENCY_ROLES
    )
    return User.objects.filter(pk__in=ids.values("user")).order_by("username")


def access_log(*, limit: int = 500):
    return IdentityAccess.objects.select_related("user", "client", "client__community")[:limit]


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def reconciliation(*, street: Organization, communities, on: date | None = None) -> dict:
    """Lists against services for a street (or some of its communities).

    Served = has at least one service record in a case in those communities (a household
    case counts for its members). S4 = clients with a case who came from the street's lists
    ÷ all clients with a case, threshold from the round's S4 rule.
    """
    community_ids = [c.pk for c in communities]
    listed = set(
        TargetListEntry.objects.filter(community__in=community_ids).values_list(
            "client_id", flat=True
        )
    )
    case_q = Q(cases__community__in=community_ids) | Q(
        household__cases__community__in=community_ids
    )
    with_case = set(Client.objects.filter(case_q).values_list("pk", flat=True))
    served_q = Q(cases__community__in=community_ids, cases__records__isnull=False) | Q(
        household__cases__community__in=community_ids,
        household__cases__records__isnull=False,
    )
    served = set(Client.objects.filter(served_q).values_list("pk", flat=True))
    other_streets: dict[int, set[str]] = {}
    for client_id, name in (
        TargetListEntry.objects.filter(client__in=listed)
        .exclude(street=street)
        .values_list("client_id", "street__name")
    ):
        other_streets.setdefault(client_id, set()).add(name)
    groups = {
        "listed_and_served": listed & served,
        "listed_never_contacted": listed - served,
        "served_not_listed": served - listed,
        "listed_by_two_streets": set(other_streets),
    }
    shown = set().union(*(sorted(ids)[:LIST_LIMIT] for ids in groups.values()))
    people = {c.pk: c for c in Client.objects.filter(pk__in=shown).select_related("community")}
    from_list = with_case & listed
    rule = None
    unit = street.units.select_related("pilot_round").first()
    if unit:
        rule = current_indicator_rule(pilot_round=unit.pilot_round, code="S4", on=on)
    threshold = rule.thresholds.get("min_share") if rule else None
    share = _ratio(len(from_list), len(with_case))
    return {
        "counts": {k: len(v) for k, v in groups.items()},
        "people": {
            k: [people[i] for i in sorted(v)[:LIST_LIMIT] if i in people] for k, v in groups.items()
        },
        "other_streets": {k: sorted(v) for k, v in other_streets.items()},
        "listed": len(listed),
        "with_case": len(with_case),
        "from_list": len(from_list),
        "s4_share": share,
        "s4_rule": rule,
        "s4_threshold": threshold,
        "s4_met": None if share is None or threshold is None else share >= threshold,
    }


def recent_records(*, user, limit: int = 10):
    return (
        ServiceRecord.objects.filter(case__in=cases_visible_to(user=user).values("pk"))
        .select_related("case", "case__client", "sub_item")
        .order_by("-date", "-pk")[:limit]
    )
