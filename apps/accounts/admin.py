from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from apps.core.admin import tabular_inline

from .models import RoleMembership, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (("门户", {"fields": ("full_name", "phone")}),)
    inlines = [tabular_inline(RoleMembership, autocomplete_fields=["organization"])]


@admin.register(RoleMembership)
class RoleMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "is_active"]
    list_filter = ["role", "is_active"]
