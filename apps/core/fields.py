"""Field factories, a timestamp base and constraint shorthands the apps' models share.

The same relation to a contract, a project year, a round, an organisation, a user or a job was
spelled out option by option in dozens of models; a factory names what the relation is and keeps
its usual options in one place, and a model passes only what differs. ``yuan`` and ``ratio`` do
the same for the two decimal columns many models keep: a sum of money and a share or factor. ``unique``,
``ends_after`` and ``positive`` do the same for the usual ``Meta.constraints``; ``Created`` is
the creation time many rows keep. Groups of fields that only some apps share are abstract bases
next to their users (``apps.records``: attachments, informed consent, the community record;
``apps.evaluations``: an instalment's terms, a payment's when and who).

Decisions (the plan is silent; these are ours):

- References are lazy strings (``"procurement.Contract"``), so this ground-floor module names
  models of the floors above without importing them: no import arrow is added.
- Each factory reproduces the options the models spelled before (verbose name, ``on_delete``,
  ``related_name``, ``null``/``blank``), so the schema and the migrations do not change.
- ``related_name`` defaults to ``"+"`` (no reverse accessor): the widely referenced models
  (contract, project year, organisation, user) would otherwise grow reverse names nobody reads.
  A relation that is read backwards names its ``related_name``; ``related_name=None`` keeps
  Django's default accessor.
- ``on_delete`` defaults to ``PROTECT`` (a contract or an organisation with records is never
  deleted under them); the exceptions say so where they are declared.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Created(models.Model):
    """A row that records when it was created ("创建时间")."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        abstract = True


CONTRACT = "procurement.Contract"
PROJECT_YEAR = "procurement.ProjectYear"
PILOT_ROUND = "procurement.PilotRound"
ORGANIZATION = "orgs.Organization"


def relation(
    to,
    verbose_name=None,
    *,
    on_delete=models.PROTECT,
    related_name="+",
    one_to_one=False,
    **options,
):
    """A foreign key (or one-to-one) with the portal's defaults: PROTECT, no reverse accessor."""
    field_class = models.OneToOneField if one_to_one else models.ForeignKey
    return field_class(
        to, verbose_name=verbose_name, on_delete=on_delete, related_name=related_name, **options
    )


def parent_fk(to, verbose_name, related_name, **options):
    """A row that is part of its parent (a rubric's dimensions, a case's records): deleted with it,
    and read from it through ``related_name``."""
    return relation(
        to, verbose_name, on_delete=models.CASCADE, related_name=related_name, **options
    )


def contract_fk(verbose_name="服务合同", **options):
    """The service contract a record belongs to (what every gate and indicator scopes by)."""
    return relation(CONTRACT, verbose_name, **options)


def one_per_contract(related_name, **options):
    """A contract's own single record (its plan, team, declaration): one at most, read from the
    contract through ``related_name``, deleted with it."""
    return contract_fk(
        on_delete=models.CASCADE, related_name=related_name, one_to_one=True, **options
    )


def project_year_fk(verbose_name="项目年度", **options):
    """The project year a record counts in."""
    return relation(PROJECT_YEAR, verbose_name, **options)


def pilot_round_fk(related_name="+", verbose_name="轮次", **options):
    """The round a piece of round-level data belongs to; it goes with its round (CASCADE)."""
    options.setdefault("on_delete", models.CASCADE)
    return relation(PILOT_ROUND, verbose_name, related_name=related_name, **options)


def organization_fk(verbose_name, **options):
    """An organisation of the tree (bureau, district, street, community) or an agency."""
    return relation(ORGANIZATION, verbose_name, **options)


def user_fk(verbose_name=None, **options):
    """A user who must stay known (the account cannot be deleted under the record)."""
    return relation(settings.AUTH_USER_MODEL, verbose_name, **options)


def actor_fk(verbose_name=None, **options):
    """Who did something: the record outlives the account (SET_NULL, so nullable)."""
    options.setdefault("null", True)
    return relation(settings.AUTH_USER_MODEL, verbose_name, on_delete=models.SET_NULL, **options)


def job_fk():
    """The background job (``core.Job``) that works on the record, kept if the job is purged."""
    return models.ForeignKey(
        "core.Job", verbose_name="后台任务", null=True, blank=True, on_delete=models.SET_NULL
    )


def status_field(default, *, max_length=16, **options):
    """A record's workflow state ("状态"): the choices are those of the TextChoices its
    ``default`` belongs to."""
    choices = type(default).choices
    return models.CharField(
        "状态", max_length=max_length, choices=choices, default=default, **options
    )


def yuan(verbose_name, *, max_digits=12, **options):
    """A sum of money in yuan (元), to the fen: two decimals, up to 9,999,999,999.99 (a larger
    total, a round's budget line, passes a larger ``max_digits``)."""
    return models.DecimalField(verbose_name, max_digits=max_digits, decimal_places=2, **options)


def ratio(verbose_name, **options):
    """A share or factor to three decimals, below 10 (a sampling share, an instalment's share of
    the year, a payment factor, a threshold as a share of full marks)."""
    return models.DecimalField(verbose_name, max_digits=4, decimal_places=3, **options)


def unique(*field_names, name, condition=None):
    """``Meta.constraints`` shorthand: one row per combination of the named fields (only among
    the rows where ``condition`` holds, if given)."""
    return models.UniqueConstraint(fields=list(field_names), name=name, condition=condition)


def ends_after(start, end, *, name):
    """``Meta.constraints`` shorthand: the ``end`` date falls strictly after the ``start`` date."""
    return models.CheckConstraint(condition=models.Q(**{f"{end}__gt": models.F(start)}), name=name)


def positive(field_name, *, name, or_zero=False):
    """``Meta.constraints`` shorthand: the field is above zero (or not below it, ``or_zero``)."""
    lookup = f"{field_name}__gte" if or_zero else f"{field_name}__gt"
    return models.CheckConstraint(condition=models.Q(**{lookup: 0}), name=name)
