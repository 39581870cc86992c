"""Writes of community work, one module per record family; reads live in ``selectors``."""

from .archives import SENSITIVE_GROUP_CODES, archive_create
from .attachments import attachment_add, attachment_path_name
from .common import normalize_address
from .governance import fund_entry_add, project_create
from .meetings import meeting_create, quarterly_report_create
from .resources import GRID_MAX, RESOURCE_EDITABLE, resource_create, resource_update
from .work import incubation_create, study_create, training_create

__all__ = [
    "GRID_MAX",
    "RESOURCE_EDITABLE",
    "SENSITIVE_GROUP_CODES",
    "archive_create",
    "attachment_add",
    "attachment_path_name",
    "fund_entry_add",
    "incubation_create",
    "meeting_create",
    "normalize_address",
    "project_create",
    "quarterly_report_create",
    "resource_create",
    "resource_update",
    "study_create",
    "training_create",
]
