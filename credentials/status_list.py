"""W3C Bitstring Status List: where each credential's revocation bit lives, and the list as a credential.

Invariants: a list holds ``LIST_BITS`` (131,072 = 16 KB, the spec's minimum for herd privacy) bits; index 0 is
the left-most bit (the most significant bit of the first byte); 1 = revoked. Slots are handed out in order and
spread over a list by a fixed bijection, so neighbouring awards do not sit on neighbouring bits. ``encodedList``
is multibase base64url ("u", no padding) of the GZIP-compressed bitstring.
"""
from __future__ import annotations

import base64
import gzip
import re

from credentials import issuer
from credentials.site import Site

LIST_BITS = 131_072
LIST_BYTES = LIST_BITS // 8
SPREAD = 0x9E37  # odd, so slot -> SPREAD * slot mod LIST_BITS is a bijection of 0..LIST_BITS-1
PURPOSE = "revocation"


def position(slot: int) -> tuple[int, int]:
    """The (list number, index) of the ``slot``-th credential issued (slots count from 0, lists from 1)."""
    number, offset = divmod(slot, LIST_BITS)
    return number + 1, (offset * SPREAD) % LIST_BITS


def empty() -> bytes:
    return bytes(LIST_BYTES)


def bit(bits: bytes, index: int) -> bool:
    """Bit ``index`` (past the end of a short ``bits``: 0)."""
    return index // 8 < len(bits) and bool(bits[index // 8] & (0x80 >> (index % 8)))


def with_bit(bits: bytes, index: int, value: bool) -> bytes:
    """``bits`` with bit ``index`` set to ``value`` (a new bytes object; ``bits`` may be shorter: zeros)."""
    out = bytearray(bits.ljust(LIST_BYTES, b"\0"))
    mask = 0x80 >> (index % 8)
    out[index // 8] = out[index // 8] | mask if value else out[index // 8] & ~mask
    return bytes(out)


def encode(bits: bytes) -> str:
    compressed = gzip.compress(bits.ljust(LIST_BYTES, b"\0"), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (ValueError if it is not one)."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (a leading 'u')")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def entry(site: Site, number: int, index: int) -> dict:
    """A credential's ``credentialStatus``: its bit ``index`` in list ``number``."""
    url = site.status_list_url(number)
    return {"id": f"{url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(index), "statusListCredential": url}


def list_credential(site: Site, number: int, bits: bytes, valid_from: str) -> dict:
    """The `BitstringStatusListCredential` served at the list's URL (unsigned JSON over HTTPS)."""
    url = site.status_list_url(number)
    return {
        "@context": [issuer.CONTEXT[0]],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": site.issuer_id,
        "validFrom": valid_from,
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": PURPOSE,
                              "encodedList": encode(bits)},
    }


def parse_entry(status: object, site: Site) -> tuple[int, int]:
    """(list number, index) of a credential's ``credentialStatus`` naming one of this site's lists, else
    ValueError saying why."""
    if not isinstance(status, dict) or status.get("type") != "BitstringStatusListEntry":
        raise ValueError("credentialStatus is not a BitstringStatusListEntry")
    if status.get("statusPurpose") != PURPOSE:
        raise ValueError("credentialStatus is not a revocation entry")
    number = site.status_list_number(status.get("statusListCredential"))
    if number is None:
        raise ValueError("credentialStatus names a status list this site does not serve")
    index = status.get("statusListIndex")
    if not isinstance(index, str) or not re.fullmatch(r"[0-9]{1,6}", index) or int(index) >= LIST_BITS:
        raise ValueError(f"statusListIndex must be the decimal text of an index below {LIST_BITS}")
    return number, int(index)
