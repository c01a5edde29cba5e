"""The memcached client's append operations against a real memcached: a sent append (no reply) lands exactly as
the answered one does, leaves the pooled connection reading only its own answers, and an outage is `CacheDown`."""
from __future__ import annotations

import pytest

from clients.cache import CacheDown, make_cache
from clients.memcached import MemcachedCache


@pytest.fixture
def cache(config) -> MemcachedCache:
    made = make_cache(config)
    assert isinstance(made, MemcachedCache)
    return made


def test_a_sent_append_lands_on_an_existing_item_and_the_connection_stays_in_step(cache):
    assert cache.add("k", b"a")
    for n in range(50):  # many sends, no answer read: the next answered commands still read their own answers
        cache.send_append("k", b"|%d" % n)
    assert cache.append("k", b"|end")
    value, token = cache.gets("k")
    assert value == b"a" + b"".join(b"|%d" % n for n in range(50)) + b"|end"
    assert token is not None
    assert cache.calls["append"] == 51


def test_a_sent_append_to_a_missing_item_keeps_nothing(cache):
    cache.send_append("missing", b"x")
    assert cache.get("missing") is None
    assert not cache.append("missing", b"x")


def test_a_key_memcached_would_refuse_is_sent_hashed_like_every_other_command(cache):
    key = "a key with spaces " + "x" * 300
    assert cache.add(key, b"a")
    cache.send_append(key, b"b")
    assert cache.get(key) == b"ab"


def test_a_sent_append_to_an_unreachable_memcached_is_cache_down(config):
    down = make_cache(config.with_(cache_url="memcached://127.0.0.1:9"))
    with pytest.raises(CacheDown):
        down.send_append("k", b"x")
    assert down.calls["errors"] == 1
