"""The shared field factories, constraint shorthands and admin helpers of apps.core.

They replaced option-by-option declarations in every app; these tests pin what each one
declares, so a change to a default shows here and not as a silent schema change.
"""

from django.contrib import admin
from django.db import models
from django.test import RequestFactory

from apps.accounts.models import User
from apps.core import fields
from apps.core.admin import ReadOnlyAdmin, tabular_inline
from apps.core.models import AuditEvent, Job, JobStatus
from apps.procurement.models import Contract, ContractStatus, ProjectYear
from apps.reports.models import Report


def test_a_relation_protects_its_target_and_adds_no_reverse_accessor():
    field = fields.contract_fk()
    assert isinstance(field, models.ForeignKey)
    assert field.remote_field.on_delete is models.PROTECT
    assert field.remote_field.related_name == "+"
    assert (field.remote_field.model, field.verbose_name) == ("procurement.Contract", "服务合同")


def test_an_actor_is_kept_as_null_when_the_account_goes():
    field = fields.actor_fk("录入人", blank=True)
    assert field.null and field.blank
    assert field.remote_field.on_delete is models.SET_NULL


def test_a_round_owns_its_data_and_a_parent_its_parts():
    assert fields.pilot_round_fk("units").remote_field.on_delete is models.CASCADE
    part = fields.parent_fk(ProjectYear, "项目年度", "things")
    assert part.remote_field.on_delete is models.CASCADE
    assert part.remote_field.related_name == "things"


def test_one_per_contract_is_a_one_to_one_that_goes_with_the_contract():
    field = fields.one_per_contract("execution_plan")
    assert isinstance(field, models.OneToOneField)
    assert field.remote_field.on_delete is models.CASCADE
    assert field.remote_field.related_name == "execution_plan"


def test_a_status_takes_its_choices_from_its_default():
    field = fields.status_field(ContractStatus.ACTIVE)
    assert field.choices == ContractStatus.choices
    assert (field.default, field.max_length, field.verbose_name) == ("active", 16, "状态")
    assert Job._meta.get_field("status").choices == JobStatus.choices


def test_money_is_kept_to_the_fen_and_shares_to_three_decimals():
    money = fields.yuan("金额(元)", null=True)
    assert isinstance(money, models.DecimalField)
    assert (money.max_digits, money.decimal_places, money.null) == (12, 2, True)
    assert fields.yuan("金额(元)", max_digits=14).max_digits == 14
    share = fields.ratio("付款系数")
    assert (share.max_digits, share.decimal_places, share.verbose_name) == (4, 3, "付款系数")
    amount = Contract._meta.get_field("annual_amount")
    assert (amount.max_digits, amount.decimal_places) == (12, 2)


def test_constraint_shorthands_equal_the_spelled_out_constraints():
    assert fields.unique("pilot_round", "code", name="u") == models.UniqueConstraint(
        fields=["pilot_round", "code"], name="u"
    )
    assert fields.ends_after("start_date", "end_date", name="o") == models.CheckConstraint(
        condition=models.Q(end_date__gt=models.F("start_date")), name="o"
    )
    assert fields.positive("hours", name="p") == models.CheckConstraint(
        condition=models.Q(hours__gt=0), name="p"
    )
    assert fields.positive("amount", name="n", or_zero=True) == models.CheckConstraint(
        condition=models.Q(amount__gte=0), name="n"
    )
    assert any(c.name == "contract_term_order" for c in Contract._meta.constraints)


def test_read_only_admin_never_adds_or_edits_and_deletes_only_where_allowed():
    request = RequestFactory().get("/admin/")
    request.user = User(username="root", is_superuser=True, is_active=True, is_staff=True)
    audit, report = admin.site._registry[AuditEvent], admin.site._registry[Report]
    assert isinstance(audit, ReadOnlyAdmin) and isinstance(report, ReadOnlyAdmin)
    for model_admin in (audit, report):
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
    assert not audit.has_delete_permission(request)
    assert report.has_delete_permission(request)


def test_tabular_inline_lists_existing_rows_only():
    inline = tabular_inline(ProjectYear, fields=["number"])
    assert issubclass(inline, admin.TabularInline)
    assert (inline.model, inline.extra, inline.fields) == (ProjectYear, 0, ["number"])
    assert inline.__name__ == "ProjectYearInline"
