"""Pure parts of the cache layer: the cache URL, the entry format and the memcached item's appended records."""
from __future__ import annotations

import pytest

from badges import cached_logs
from badges.cached_logs import MAX_LOGS, Blobs, Entry, Prepended
from badges.memcached_logs import pack_record, parse_item
from clients.cache import CacheLocation, parse_cache_url, payload_size


def test_cache_urls_name_a_backend_and_a_node():
    assert parse_cache_url("memcached://10.0.0.3:11211") == CacheLocation("memcached", "10.0.0.3", 11211)
    assert parse_cache_url("valkey://10.0.0.4") == CacheLocation("valkey", "10.0.0.4", 6379)
    cluster = parse_cache_url("valkey+cluster://10.0.0.5:6380")
    assert cluster.cluster and (cluster.host, cluster.port) == ("10.0.0.5", 6380)
    assert not parse_cache_url("valkey://h:1").cluster


@pytest.mark.parametrize("url", ["redis://h:6379", "h:11211", "valkey://", "valkey://h:6379/2", "valkey://h:port",
                                 "memcached://u:p@h:11211", "valkey://h:1?ssl=1"])
def test_a_bad_cache_url_is_refused_at_start_up(url):
    with pytest.raises(ValueError):
        parse_cache_url(url)


def test_payload_size_counts_values_only():
    assert payload_size([b"abc", [b"de", b""], 7, None, "str"]) == 5


def _entry(count: int) -> Entry:
    entry = Entry()
    for n in range(1, count + 1):
        entry = entry.with_problem(b"p%d" % n)
    return entry


def test_entry_keeps_the_newest_500_and_round_trips():
    entry = _entry(MAX_LOGS + 3).with_video(b"v1")
    assert entry.problem_count == 503 and len(entry.problems) == MAX_LOGS and entry.problems[0] == b"p503"
    assert Entry.parse(entry.serialize()) == entry
    assert Entry.parse(entry.serialize() + b"x") is None and Entry.parse(entry.serialize()[:-1]) is None


def test_extends_means_exactly_one_more_log_of_that_kind():
    before = _entry(2)
    assert before.with_problem(b"p3").extends(before, "problem")
    assert not before.with_problem(b"p3").extends(before, "video")
    assert not before.with_problem(b"p3").with_problem(b"p4").extends(before, "problem")
    assert not before.with_video(b"v1").extends(None, "video")


def test_records_apply_in_number_order_whatever_the_arrival_order():
    item = _entry(2).serialize() + pack_record("problem", 4, b"p4") + pack_record("video", 1, b"v1") \
        + pack_record("problem", 3, b"p3")
    entry, tail = parse_item(item)
    assert (entry.problem_count, entry.video_count, tail) == (4, 1, 3)
    assert entry.problems == (b"p4", b"p3", b"p2", b"p1") and entry.videos == (b"v1",)


def test_records_the_base_already_counts_are_ignored_and_an_identical_repeat_is_harmless():
    item = _entry(3).serialize() + pack_record("problem", 3, b"p3") + pack_record("problem", 4, b"p4") \
        + pack_record("problem", 4, b"p4")
    entry, tail = parse_item(item)
    assert entry.problems == (b"p4", b"p3", b"p2", b"p1") and tail == 3


@pytest.mark.parametrize("records", [
    [("problem", 4, b"p4")],                          # log 3 missing: a gap
    [("problem", 3, b"p3"), ("problem", 3, b"X")],    # two different logs under one number
])
def test_an_item_that_cannot_be_trusted_reads_as_a_miss(records):
    item = _entry(2).serialize() + b"".join(pack_record(*r) for r in records)
    assert parse_item(item) is None


def test_a_parsed_item_slices_only_the_logs_indexed_and_equals_the_entry_written():
    written = _entry(MAX_LOGS).with_video(b"v1")
    records = [pack_record("problem", n, b"p%d" % n) for n in range(MAX_LOGS + 1, MAX_LOGS + 31)]
    entry, tail = parse_item(written.serialize() + b"".join(records))
    assert tail == 30 and entry.problem_count == MAX_LOGS + 30 and len(entry.problems) == MAX_LOGS
    assert isinstance(entry.problems, Prepended) and isinstance(entry.problems._older, Blobs)
    assert entry.problems[0] == b"p530" and entry.problems[29] == b"p501" and entry.problems[30] == b"p500"
    assert entry.problems[-1] == b"p31" and entry.problems[28:32] == [b"p502", b"p501", b"p500", b"p499"]
    assert entry == Entry(MAX_LOGS + 30, 1, tuple(b"p%d" % n for n in range(530, 30, -1)), (b"v1",))
    assert entry != Entry(MAX_LOGS + 30, 1, tuple(b"p%d" % n for n in range(531, 31, -1)), (b"v1",))
    again, _ = parse_item(entry.serialize())  # compacted: written whole, as a 500-log base
    assert again == entry and isinstance(again.problems, Blobs) and list(again.videos) == [b"v1"]


@pytest.mark.parametrize("in_place", [True, False])
def test_an_entry_whose_offsets_do_not_fit_reads_as_a_miss(in_place, monkeypatch):
    monkeypatch.setattr(cached_logs, "_LITTLE_ENDIAN", in_place)  # False: the table unpacked, as on big-endian
    assert Entry.parse(_entry(MAX_LOGS).with_video(b"v1").serialize()) == _entry(MAX_LOGS).with_video(b"v1")
    data = bytearray(_entry(3).serialize())
    assert Entry.parse(bytes(data)) == _entry(3)
    data[21] += 1  # the first offset no longer starts right after the table
    assert Entry.parse(bytes(data)) is None
    assert Entry.parse(_entry(3).serialize()[:-1]) is None  # the last offset beyond the bytes
    assert Entry.parse(_entry(3).serialize()[:30]) is None  # the table itself cut short


def test_a_truncated_record_reads_as_a_miss():
    item = _entry(2).serialize() + pack_record("problem", 3, b"p3")
    assert parse_item(item[:-1]) is None and parse_item(item[:-9]) is None
    assert parse_item(b"\x01" + item[1:]) is None  # another format version


def test_a_log_added_to_a_lazy_history_is_prepended_without_reading_it():
    older = [b"p%d" % n for n in range(MAX_LOGS, 0, -1)]
    lazy = Prepended((b"p0",), _Lazy(older), MAX_LOGS)  # what `Entry.with_log` makes of a non-tuple history
    assert len(lazy) == MAX_LOGS and lazy[0] == b"p0" and lazy[1] == b"p500" and lazy[-1] == b"p2"
    assert list(lazy)[:3] == [b"p0", b"p500", b"p499"] and len(list(lazy)) == MAX_LOGS
    with pytest.raises(IndexError):
        lazy[MAX_LOGS]
    entry = Entry(3, 0, _Lazy([b"p3", b"p2", b"p1"])).with_problem(b"p4")
    assert entry.problem_count == 4 and len(entry.problems) == 4 and entry.problems[1:3] == [b"p3", b"p2"]
    assert entry.problems._older.read == {0, 1}  # only what was indexed


class _Lazy:
    """A sequence that is not a tuple, recording which indices were read."""

    def __init__(self, items):
        self.items, self.read = list(items), set()

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        self.read.add(index)
        return self.items[index]
