from django.contrib import admin

from .models import Case, IdentityAccess, TargetListImport


@admin.register(TargetListImport)
class TargetListImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "organization", "uploaded_by", "status", "created_at"]
    readonly_fields = [f.name for f in TargetListImport._meta.fields]


@admin.register(IdentityAccess)
class IdentityAccessAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "client", "reason"]
    readonly_fields = ["user", "client", "reason", "created_at"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    # Clients are deliberately not in the admin: identity numbers stay behind the gates.
    list_display = ["pk", "kind", "contract", "community", "status", "opened_on"]
    readonly_fields = [f.name for f in Case._meta.fields]
