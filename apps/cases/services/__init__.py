"""Writes for the cases app (re-exported so callers import from ``apps.cases.services``)."""

from .access import target_list_file_download
from .cases import (
    MAX_RECORD_MINUTES,
    case_close,
    case_open,
    case_open_with_consent,
    case_review,
    referral_add,
    service_record_add,
    table1_sub_items,
)
from .imports import (
    check_rows,
    original_file_bytes,
    target_list_apply,
    target_list_confirm,
    target_list_upload,
    target_list_validate,
)
from .registry import (
    GUARDIAN_CONSENT_BELOW_AGE,
    client_consent_record,
    client_find_by_id_number,
    client_identity_reveal,
    client_merge,
    client_register,
    distressed_groups,
    household_create,
)

__all__ = [
    "target_list_file_download",
    "GUARDIAN_CONSENT_BELOW_AGE",
    "MAX_RECORD_MINUTES",
    "case_close",
    "case_open",
    "case_open_with_consent",
    "case_review",
    "check_rows",
    "client_consent_record",
    "client_find_by_id_number",
    "client_identity_reveal",
    "client_merge",
    "client_register",
    "distressed_groups",
    "household_create",
    "original_file_bytes",
    "referral_add",
    "service_record_add",
    "table1_sub_items",
    "target_list_apply",
    "target_list_confirm",
    "target_list_upload",
    "target_list_validate",
]
