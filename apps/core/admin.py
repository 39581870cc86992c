from django.contrib import admin

from .models import AuditEvent


def tabular_inline(model, **options):
    """An inline of ``model`` that lists the existing rows only (no blank extra forms)."""
    return type(
        f"{model.__name__}Inline", (admin.TabularInline,), {"model": model, "extra": 0, **options}
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the portal's services write (audit trail, reports, downloads): the admin shows
    them and never adds or edits one. ``deletable`` says whether staff may remove one."""

    deletable = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]
