"""What the write modules of this app share."""

from __future__ import annotations

import re
import unicodedata

_ADDRESS_NOISE = re.compile(r"[\s\-—–_·.,,。/\\()()#]+")


def normalize_address(address: str) -> str:
    """One spelling per address: full-width folded, spaces and punctuation dropped."""
    folded = unicodedata.normalize("NFKC", address or "").lower()
    return _ADDRESS_NOISE.sub("", folded)


def round_of(contract):
    return contract.unit.pilot_round
