"""Writes for the client registry: register, consent, merge, reveal an identity number."""

from __future__ import annotations

import functools
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from apps.catalogue.selectors import distressed_groups  # noqa: F401 (re-exported: the ten groups)
from apps.core.audit import audit_record, audited_save
from apps.core.changes import contracts_changed_on_commit
from apps.core.clock import today
from apps.orgs.models import OrganizationKind

from .. import idcard
from ..models import (
    Case,
    Client,
    ClientMerge,
    ClientSource,
    ConsentBy,
    Household,
    IdentityAccess,
    TargetListEntry,
)

# Under this age consent must come from a guardian (minors under 14 cannot consent alone).
GUARDIAN_CONSENT_BELOW_AGE = 14


def client_find_by_id_number(*, id_number: str) -> Client | None:
    """The live record holding this identity number, if any (lookup by keyed hash)."""
    digest = idcard.id_hash(idcard.normalize(id_number))
    return Client.objects.current().filter(id_hash=digest).first()


def identity_fields(parsed: idcard.IdNumber) -> dict:
    return {
        "id_cipher": idcard.encrypt(parsed.value),
        "id_hash": idcard.id_hash(parsed.value),
        "id_masked": parsed.masked,
        "birth_date": parsed.birth_date,
        "sex": parsed.sex,
    }


DUPLICATE_ID_ROUTED = "该证件号码无法使用,已转交有权限的人员核查。"


def _duplicate_id_message(*, actor, existing: Client) -> str:
    """What a registrant is told about an identity number already in the registry.

    Someone who can see the existing record is pointed to it. Anybody else learns only that
    the number cannot be used: telling them it is registered (and where) would confirm that
    the person is served elsewhere. The match is routed to the bureau (who covers every
    scope) as an audit row naming the record's street, for that street's coordinator to
    check; the row is written in its own savepoint so the refused registration does not
    roll it back.
    """
    from ..permissions import clients_visible_to

    # No actor: the system itself (seed, commands), which sees every record.
    if actor is None or clients_visible_to(user=actor).filter(pk=existing.pk).exists():
        return f"该身份证号已登记(服务对象编号{existing.pk}),请勿重复登记。"
    return DUPLICATE_ID_ROUTED


def _route_duplicate_id(*, actor, existing: Client) -> None:
    community = existing.community
    audit_record(
        actor=actor,
        action="client_duplicate_id_routed",
        obj=existing,
        street=community.parent.name if community and community.parent_id else "",
        community=community.name if community else "",
    )


def _routing_refused_duplicates(service):
    """Run ``service``; when it refused an identity number held by a record the registrant
    cannot see (the error carries ``routed_to``), route that record for checking in its own
    transaction (``_route_duplicate_id``) and raise the refusal again."""

    @functools.wraps(service)
    def run(**kwargs):
        try:
            return service(**kwargs)
        except ValidationError as exc:
            routed = getattr(exc, "routed_to", None)
            if routed is not None:
                with transaction.atomic():
                    _route_duplicate_id(actor=kwargs.get("actor"), existing=routed)
            raise

    return run


@_routing_refused_duplicates
@transaction.atomic
def client_register(
    *,
    actor,
    name: str,
    community,
    source: str,
    id_number: str = "",
    phone: str = "",
    address: str = "",
    groups=(),
    household=None,
) -> Client:
    """Register a walk-in or referred person; an identity number already known is refused
    (one person, one record). A number that belongs to a record the registrant cannot see
    is routed for checking (``_route_duplicate_id``) even though the registration is refused:
    the routing runs after this transaction rolled back."""
    errors = {}
    fields = {}
    if not name.strip():
        errors["name"] = "姓名不能为空。"
    if community is None or community.kind != OrganizationKind.COMMUNITY:
        errors["community"] = "请选择服务对象所属的社区(村)。"
    if id_number:
        try:
            parsed = idcard.parse(id_number)
        except idcard.IdNumberError as exc:
            errors["id_number"] = str(exc)
        else:
            existing = client_find_by_id_number(id_number=parsed.value)
            if existing:
                errors["id_number"] = _duplicate_id_message(actor=actor, existing=existing)
            fields = identity_fields(parsed)
    if source not in ClientSource.values:
        errors["source"] = "来源无效。"
    if errors:
        exc = ValidationError(errors)
        if errors.get("id_number") == DUPLICATE_ID_ROUTED:
            exc.routed_to = existing
        raise exc
    client = Client(
        name=name.strip(),
        community=community,
        source=source,
        phone=phone,
        address=address,
        household=household,
        created_by=actor,
        **fields,
    )
    audited_save(client, actor=actor, action="client_register", source=source)
    client.groups.set(groups)
    return client


@transaction.atomic
def client_consent_record(
    *, actor, client: Client, given_by: str, on: date, guardian_name: str = ""
) -> Client:
    """Record informed consent; for a minor under 14 on that day it must be a guardian's."""
    errors = {}
    if given_by not in (ConsentBy.SELF, ConsentBy.GUARDIAN):
        errors["given_by"] = "请选择由本人或监护人同意。"
    if on > today():
        errors["on"] = "同意日期不能晚于今天。"
    if client.birth_date and given_by == ConsentBy.SELF:
        age = idcard.age_on(client.birth_date, on)
        if age < GUARDIAN_CONSENT_BELOW_AGE:
            errors["given_by"] = (
                f"服务对象当日未满{GUARDIAN_CONSENT_BELOW_AGE}周岁({age}岁),须由监护人同意。"
            )
    if given_by == ConsentBy.GUARDIAN and not guardian_name.strip():
        errors["guardian_name"] = "监护人同意时须填写监护人姓名。"
    if errors:
        raise ValidationError(errors)
    client.consent_by = given_by
    client.consent_on = on
    client.guardian_name = guardian_name.strip() if given_by == ConsentBy.GUARDIAN else ""
    client.save(update_fields=["consent_by", "consent_on", "guardian_name"])
    audit_record(actor=actor, action="client_consent_record", obj=client, given_by=given_by)
    _recompute_client_contracts(client)
    return client


@transaction.atomic
def client_merge(*, actor, kept: Client, merged: Client, reason: str) -> Client:
    """Merge a duplicate record into ``kept``: its listings, cases and groups move over, the
    duplicate stays (marked merged) with a snapshot, so history is never lost."""
    if kept.pk == merged.pk:
        raise ValidationError("不能将记录与自身合并。")
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError("已合并的记录不能再次合并。")
    if kept.id_hash and merged.id_hash and kept.id_hash != merged.id_hash:
        raise ValidationError("两条记录的身份证号不同,不是同一人,不能合并。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写合并原因。"})
    snapshot = {
        "name": merged.name,
        "id_masked": merged.id_masked,
        "community": merged.community.name,
        "source": merged.source,
        "phone": merged.phone,
    }
    TargetListEntry.objects.filter(client=merged).update(client=kept)
    Case.objects.filter(client=merged).update(client=kept)
    kept.groups.add(*merged.groups.all())
    update = []
    if not kept.id_hash and merged.id_hash:
        # The kept record takes over the identity number; the duplicate keeps none so the
        # one-live-record rule holds whichever record is looked at.
        for f in ("id_cipher", "id_hash", "id_masked", "birth_date", "sex"):
            setattr(kept, f, getattr(merged, f))
        update += ["id_cipher", "id_hash", "id_masked", "birth_date", "sex"]
    merged.merged_into = kept
    merged.save(update_fields=["merged_into"])
    if update:
        kept.save(update_fields=update)
    ClientMerge.objects.create(
        kept=kept, merged=merged, snapshot=snapshot, reason=reason.strip(), actor=actor
    )
    audit_record(actor=actor, action="client_merge", obj=kept, merged=merged.pk)
    _recompute_client_contracts(kept, merged)
    return kept


def _recompute_client_contracts(*clients) -> None:
    """Consent and merges change what counts in every contract with a case for the person."""
    ids = [c.pk for c in clients]
    contracts_changed_on_commit(
        Case.objects.filter(Q(client__in=ids) | Q(household__members__in=ids)).values_list(
            "contract_id", flat=True
        )
    )


@transaction.atomic
def client_identity_reveal(*, actor, client: Client, reason: str) -> str:
    """The full identity number, for one who may see it (checked by the gate), logged."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写查看完整身份证号的原因。"})
    if not client.id_cipher:
        raise ValidationError("该服务对象没有登记身份证号。")
    value = idcard.decrypt(client.id_cipher)
    IdentityAccess.objects.create(user=actor, client=client, reason=reason[:200])
    audit_record(actor=actor, action="client_identity_reveal", obj=client, reason=reason[:200])
    return value


@transaction.atomic
def household_create(*, actor, name: str, community, members=(), address: str = "") -> Household:
    """A family served as one unit; its members must live in its community."""
    errors = {}
    if not name.strip():
        errors["name"] = "请填写家庭名称。"
    if community is None or community.kind != OrganizationKind.COMMUNITY:
        errors["community"] = "请选择家庭所属的社区(村)。"
    elsewhere = [m.name for m in members if community and m.community_id != community.pk]
    if elsewhere:
        errors["members"] = f"以下成员不属于该社区:{'、'.join(elsewhere)}。"
    if errors:
        raise ValidationError(errors)
    household = Household.objects.create(name=name.strip(), community=community, address=address)
    Client.objects.filter(pk__in=[m.pk for m in members]).update(household=household)
    audit_record(actor=actor, action="household_create", obj=household, members=len(members))
    return household
