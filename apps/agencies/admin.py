from django.contrib import admin

from .models import (
    OrganizationProfile,
    Person,
    QualificationRule,
    Team,
    TeamChangeRequest,
    TeamMembership,
)


@admin.register(QualificationRule)
class QualificationRuleAdmin(admin.ModelAdmin):
    """The bureau edits the round's Annex 2/3 numbers here (params), clause by clause."""

    list_display = ["code", "name", "subject", "clause", "pilot_round"]
    list_filter = ["pilot_round", "subject"]


@admin.register(OrganizationProfile)
class OrganizationProfileAdmin(admin.ModelAdmin):
    list_display = ["organization", "authority_level", "legal_form", "updated_at"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "education", "certificate_level", "on_board"]
    list_filter = ["organization"]
    search_fields = ["name"]


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind"]
    inlines = [TeamMembershipInline]


@admin.register(TeamChangeRequest)
class TeamChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["team", "action", "person", "status", "requested_at"]
    list_filter = ["status"]
