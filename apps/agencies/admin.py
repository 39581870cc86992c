from django.contrib import admin

from apps.core.admin import tabular_inline

from . import models

# The bureau edits the round's Annex 2/3 numbers here (params), clause by clause.
admin.site.register(
    models.QualificationRule,
    list_display=["code", "name", "subject", "clause", "pilot_round"],
    list_filter=["pilot_round", "subject"],
)
admin.site.register(
    models.OrganizationProfile,
    list_display=["organization", "authority_level", "legal_form", "updated_at"],
)
admin.site.register(
    models.Person,
    list_display=["name", "organization", "education", "certificate_level", "on_board"],
    list_filter=["organization"],
    search_fields=["name"],
)
admin.site.register(
    models.Team,
    list_display=["__str__", "kind"],
    inlines=[tabular_inline(models.TeamMembership, raw_id_fields=["person"])],
)
admin.site.register(
    models.TeamChangeRequest,
    list_display=["team", "action", "person", "status", "requested_at"],
    list_filter=["status"],
)
