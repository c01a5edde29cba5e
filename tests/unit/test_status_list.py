"""The W3C Bitstring Status List: slots, bits (index 0 = left-most), the GZIP + multibase base64url encoding, the
entries credentials carry and the list credential itself."""
from __future__ import annotations

import base64
import gzip

import pytest

from credentials import status_list
from credentials.status_list import LIST_BITS, LIST_BYTES
from tests.unit.credential_fixtures import SITE


def test_slots_fill_a_list_of_16_kb_one_index_each_then_the_next_list():
    positions = [status_list.position(slot) for slot in range(LIST_BITS)]
    assert {number for number, _ in positions} == {1}
    assert sorted(index for _, index in positions) == list(range(LIST_BITS))  # every bit once
    assert status_list.position(LIST_BITS) == (2, 0) and status_list.position(LIST_BITS + 1)[0] == 2
    assert abs(status_list.position(1)[1] - status_list.position(0)[1]) > 1  # neighbours are spread


def test_index_zero_is_the_left_most_bit():
    bits = status_list.with_bit(status_list.empty(), 0, True)
    assert bits[0] == 0x80 and len(bits) == LIST_BYTES == 16 * 1024
    last = status_list.with_bit(status_list.empty(), LIST_BITS - 1, True)
    assert last[-1] == 0x01


def test_setting_and_clearing_a_bit_touches_only_that_bit():
    bits = status_list.with_bit(status_list.with_bit(b"", 12345, True), 9, True)
    assert [i for i in range(LIST_BITS) if status_list.bit(bits, i)] == [9, 12345]
    cleared = status_list.with_bit(bits, 12345, False)
    assert [i for i in range(LIST_BITS) if status_list.bit(cleared, i)] == [9]
    assert not status_list.bit(b"", 5)


def test_the_encoded_list_is_multibase_base64url_of_gzip():
    bits = status_list.with_bit(status_list.empty(), 42, True)
    encoded = status_list.encode(bits)
    assert encoded.startswith("u") and "=" not in encoded and "+" not in encoded and "/" not in encoded
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(raw) == bits and status_list.decode(encoded) == bits
    assert len(encoded) < 200  # a mostly clear list compresses to almost nothing
    with pytest.raises(ValueError):
        status_list.decode("z" + encoded[1:])


def test_an_entry_names_its_list_and_index():
    entry = status_list.entry(SITE, 3, 94567)
    assert entry == {"id": "https://meteorite.example.org/credentials/status/3#94567",
                     "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                     "statusListIndex": "94567",
                     "statusListCredential": "https://meteorite.example.org/credentials/status/3"}
    assert status_list.parse_entry(entry, SITE) == (3, 94567)


@pytest.mark.parametrize("change,reason", [
    ({"type": "StatusList2021Entry"}, "BitstringStatusListEntry"),
    ({"statusPurpose": "suspension"}, "revocation"),
    ({"statusListCredential": "https://evil.example.org/credentials/status/3"}, "does not serve"),
    ({"statusListCredential": "https://meteorite.example.org/credentials/status/0"}, "does not serve"),
    ({"statusListIndex": 94567}, "decimal"), ({"statusListIndex": "²"}, "decimal"),
    ({"statusListIndex": str(LIST_BITS)}, "decimal"), ({"statusListIndex": "-1"}, "decimal"),
])
def test_a_foreign_or_broken_entry_is_refused(change, reason):
    with pytest.raises(ValueError, match=reason):
        status_list.parse_entry({**status_list.entry(SITE, 3, 5), **change}, SITE)
    with pytest.raises(ValueError):
        status_list.parse_entry("not an entry", SITE)


def test_the_list_is_served_as_a_bitstring_status_list_credential():
    bits = status_list.with_bit(b"", 7, True)
    served = status_list.list_credential(SITE, 1, bits, "2012-03-05T10:00:00Z")
    assert served["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert served["id"] == "https://meteorite.example.org/credentials/status/1"
    assert served["issuer"] == SITE.issuer_id and served["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    subject = served["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    assert status_list.bit(status_list.decode(subject["encodedList"]), 7)
