"""Whether a reader sees people's names, and how names, phones and numbers read when masked.

One decision (``names_masked_for``) for every template, serializer, export and drill-down that
prints a person's name (domain §7: evaluators read every contract with personal identifiers
masked). A plain module, so that templates (through a filter) and API serializers share it
without a serializer importing a template library.
"""

from __future__ import annotations

import re

from .gates import Scope, scope_for
from .models import AGENCY_ROLES, AREA_ROLES


def names_masked_for_scope(scope: Scope) -> bool:
    """Names are shown to the bureau and to people who work with them (area and agency
    staff, each within their scope); anybody else (an evaluator, an anonymous visitor) reads
    them masked."""
    if not scope.authenticated:
        return True
    if scope.can_administer:
        return False
    return not scope.has_role(*AREA_ROLES, *AGENCY_ROLES)


def names_masked_for(user) -> bool:
    """THE decision: does ``user`` read personal names masked?"""
    return names_masked_for_scope(scope_for(user))


def mask_name(name: str) -> str:
    """张三丰 → 张**; a one-character name → *."""
    name = (name or "").strip()
    if not name:
        return name
    if len(name) == 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def person_name(name, masked: bool) -> str:
    return mask_name(name) if masked else name


def mask_phone(phone: str) -> str:
    """13912345678 → 139****5678; short numbers keep only their last two digits."""
    phone = (phone or "").strip()
    if len(phone) >= 7:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]


def mask_members(members, masked: bool):
    """A household archive's members (a list of dicts with 姓名/name): names masked."""
    if not masked or not isinstance(members, list):
        return members
    out = []
    for member in members:
        if isinstance(member, dict):
            member = {
                k: (mask_name(v) if k in ("姓名", "name") and isinstance(v, str) else v)
                for k, v in member.items()
            }
        out.append(member)
    return out


# An identity number (18 or 15 characters) or a mainland mobile number inside free text.
_ID_RE = re.compile(r"(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
_PHONE_RE = re.compile(r"(?<![0-9])(1[3-9][0-9]{9})(?![0-9])")


def mask_text(text) -> str:
    """Free text (an audit row's reason, say) with identity and phone numbers masked."""
    text = "" if text is None else str(text)
    text = _ID_RE.sub(
        lambda m: m.group(1)[:4] + "*" * (len(m.group(1)) - 8) + m.group(1)[-4:], text
    )
    return _PHONE_RE.sub(lambda m: mask_phone(m.group(1)), text)
