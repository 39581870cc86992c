from django.contrib import admin

from . import models


@admin.register(models.VolunteerTeam)
class VolunteerTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "contract", "founded_on", "is_active"]
    raw_id_fields = ["contract", "community", "item", "sub_item", "created_by"]


@admin.register(models.Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["name", "registered_on", "registration_number"]
    search_fields = ["name"]
    exclude = ["phone"]  # personal data stays out of the admin list and form

    def has_add_permission(self, request):
        # People are added through the team pages, which dedupe by name + phone.
        return False
