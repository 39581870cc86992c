"""Resident identity numbers (GB 11643): validation, derivation, masking, encryption, hashing.

Our own check rather than python-stdnum's ``cn.ric``, which also checks a birthplace table
and rejects numbers that are valid (field notes).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from apps.core import clock, crypto

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH = date(1900, 1, 1)


class IdNumberError(ValueError):
    """An identity number that fails a check; the message is for the person who typed it."""


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    sex: str  # "male" / "female", from the 17th digit's parity

    @property
    def masked(self) -> str:
        return mask(self.value)


def normalize(raw) -> str:
    """Full-width digits, spaces and Excel's leading text marker removed; ``x`` upper-cased."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip().replace(" ", "")
    return text.lstrip("'").upper()


def check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def parse(raw, *, today: date | None = None) -> IdNumber:
    """Validate an 18-character identity number; raise ``IdNumberError`` with a Chinese message."""
    value = normalize(raw)
    if not value:
        raise IdNumberError("身份证号不能为空。")
    if len(value) != 18:
        raise IdNumberError(f"身份证号应为18位,当前为{len(value)}位。")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise IdNumberError("身份证号前17位应为数字,最后一位为数字或X。")
    expected = check_digit(value[:17])
    if value[17] != expected:
        raise IdNumberError("身份证号校验位不正确,请核对号码。")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise IdNumberError(
            f"身份证号中的出生日期“{value[6:10]}-{value[10:12]}-{value[12:14]}”不是有效日期。"
        ) from exc
    today = today or clock.today()
    if born > today or born < EARLIEST_BIRTH:
        raise IdNumberError(f"身份证号中的出生日期{born:%Y-%m-%d}不在合理范围内。")
    sex = "male" if int(value[16]) % 2 else "female"
    return IdNumber(value=value, birth_date=born, sex=sex)


def mask(value: str) -> str:
    """``320502199001011234`` → ``3205**********1234``: region prefix and last four only."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# One key list for identity fields and uploaded files: the ground floor's (apps.core.crypto).
_fernet = crypto.fernet


def rotate(token: str) -> str:
    """``token`` re-encrypted under the first key (readable under any listed key)."""
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


rotate_bytes = crypto.rotate_bytes


def is_current(token: bytes | str) -> bool:
    """Whether ``token`` is already encrypted under the first key."""
    raw = token.encode("ascii") if isinstance(token, str) else token
    try:
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0]).decrypt(raw)
    except InvalidToken:
        return False
    return True


def _hash_key() -> bytes:
    return _derived_hash_key(settings.FIELD_HASH_KEY)


@functools.lru_cache(maxsize=4)
def _derived_hash_key(hash_secret: str) -> bytes:
    # The lookup hash's secret is FIELD_HASH_KEY, which stays put while encryption keys rotate
    # (it defaults to the first key the portal ever used; see settings and docs/security.md).
    # A separate key is derived from it, so the lookup hash never equals a cipher key; cached,
    # so it is derived once, not on each lookup.
    raw = base64.urlsafe_b64decode(hash_secret)
    return hmac.new(raw, b"suzhou-pilot/cases/id-hash/v1", hashlib.sha256).digest()


def id_hash(value: str) -> str:
    """Keyed hash for dedupe and lookup (HMAC-SHA256; not reversible without the key)."""
    return hmac.new(_hash_key(), value.encode("ascii"), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:  # a key rotated without re-encryption: say so, do not crash
        raise IdNumberError("无法解密身份证号(密钥不匹配)。") from exc


encrypt_bytes = crypto.encrypt_bytes
decrypt_bytes = crypto.decrypt_bytes
