from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from .models import Organization


@admin.register(Organization)
class OrganizationAdmin(GuardedModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["code", "name"]
