"""Symmetric encryption at rest for uploaded files and identity fields (ground floor).

Encrypts with the first of ``FIELD_ENCRYPTION_KEYS`` and decrypts with any of them, so keys
rotate without a flag day (``manage.py rotate_field_key``). ``apps.cases.idcard`` and the bulk
imports both use it: one key list, one place.
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def fernet() -> MultiFernet:
    """Encrypts with the first of FIELD_ENCRYPTION_KEYS, decrypts with any of them."""
    return fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


@functools.lru_cache(maxsize=4)
def fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    # Built once per key list, not on each of tens of thousands of calls.
    return MultiFernet([Fernet(k) for k in keys])


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(data: bytes) -> bytes:
    return fernet().decrypt(data)


def rotate_bytes(data: bytes) -> bytes:
    return fernet().rotate(data)
