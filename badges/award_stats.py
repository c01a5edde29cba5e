"""How a badge is earned over time: live awards per UTC day over the last `DAYS` days, in total, first and last,
kept in sharded counters (`BadgeAwardShard`) and summed for the admin page.

Invariants:
- A counter moves only inside the transaction of an award (+1 on the award's day), a revocation (-1 on the day the
  award was made) or a restore (+1 on that day again), so the counts are exact however those race; reading them
  never touches a `UserBadge`.
- An award counts on one shard number of its badge, the same for the holder and the award counter: the user's own
  (crc32 of the user id), or for a sweep chunk the number its `CounterShards` was given (one shard per badge for
  the whole chunk, so concurrent pages rarely meet on a shard). Counters are only ever summed, so a revocation or
  restore, which moves the user's own shard, keeps every total exact (a single shard may go below zero).
- One transaction moves at most one shard entity per badge and shard number; a second award of the same badge in
  it (another context, or another user of a sweep chunk) moves the entity the first one returned
  (`CounterShards`: read once per transaction), never a stale copy.
- ``by_day`` keeps only the `DAYS` days up to the day of the write; a day older than that is not counted (it is
  out of every window the page shows). First and last award are when awards were made, revoked ones included.
"""
from __future__ import annotations

import datetime
import zlib
from dataclasses import dataclass
from typing import Iterable, Mapping

from google.cloud import ndb

from models.badges import BadgeAwardShard, BadgeHolderShard

SHARDS = 16
DAYS = 90
_IN_TRANSACTION = "_counter_shards_in_transaction"  # on the UserData read by the transaction: (txn id, CounterShards)


def shard_number(user_id: str) -> int:
    return zlib.crc32(user_id.encode()) % SHARDS


def day_key(when: datetime.datetime | datetime.date) -> str:
    """The UTC day of ``when`` as ``YYYY-MM-DD`` (naive datetimes are UTC throughout the app)."""
    return when.strftime("%Y-%m-%d")


def window(today: datetime.date, days: int = DAYS) -> list[str]:
    """The ``days`` day keys ending with ``today``, oldest first."""
    return [day_key(today - datetime.timedelta(days=n)) for n in range(days - 1, -1, -1)]


def moved(by_day: Mapping[str, int] | None, day: str, delta: int, today: datetime.date) -> dict[str, int]:
    """``by_day`` with ``day`` moved by ``delta``, keeping only days within `DAYS` of ``today`` (later days are kept:
    a clock is never trusted to be monotonic) and only non-zero counts."""
    oldest = day_key(today - datetime.timedelta(days=DAYS - 1))
    counts = {d: n for d, n in (by_day or {}).items() if d >= oldest}
    if day >= oldest:
        counts[day] = counts.get(day, 0) + delta
    return {d: n for d, n in sorted(counts.items()) if n}


def shard_key(badge_name: str, number: int) -> ndb.Key:
    return ndb.Key(BadgeAwardShard, f"{badge_name}:{number}")


class CounterShards:
    """The counter shards (`BadgeHolderShard`, `BadgeAwardShard`) one transaction moves, each read at most once and
    moved in place, so several awards in one transaction (one user's in several contexts, or many users' in a
    sweep chunk) add up on one entity; `hand_out` gives an entity to put the first time it moves, None after, so
    it is put once. `remember` takes shards read with other entities in one lookup."""

    def __init__(self, number: int | None = None):
        self.number = number  # the shard number every award of this transaction counts on (None: each user's own)
        self.known: dict[ndb.Key, ndb.Model] = {}
        self.handed: set[ndb.Key] = set()

    def number_for(self, user_id: str) -> int:
        return shard_number(user_id) if self.number is None else self.number

    @classmethod
    def of(cls, user_data) -> "CounterShards":
        """The shards of the transaction that read ``user_data`` (kept on it; a new set in another transaction)."""
        txn = ndb.get_context().transaction
        seen_txn, shards = getattr(user_data, _IN_TRANSACTION, (None, None))
        if shards is None or seen_txn != txn:
            shards = cls()
            setattr(user_data, _IN_TRANSACTION, (txn, shards))
        return shards

    def remember(self, keys, found) -> None:
        """Take ``found`` (None where a shard does not exist yet) as the stored shards of ``keys``."""
        for key, shard in zip(keys, found):
            self.known[key] = shard or _blank(key)

    def get(self, key: ndb.Key) -> ndb.Model:
        if key not in self.known:
            self.remember([key], [key.get()])
        return self.known[key]

    def hand_out(self, key: ndb.Key) -> ndb.Model | None:
        if key in self.handed:
            return None
        self.handed.add(key)
        return self.known[key]


def _blank(key: ndb.Key) -> ndb.Model:
    name = key.id().rsplit(":", 1)[0]
    if key.kind() == BadgeHolderShard._get_kind():
        return BadgeHolderShard(key=key, badge_name=name, count=0)
    return BadgeAwardShard(key=key, badge_name=name, awards=0)


def counted(user_data, badge_name: str, awarded: datetime.datetime, delta: int, now: datetime.datetime,
            shards: CounterShards | None = None) -> BadgeAwardShard | None:
    """Move the user's shard of ``badge_name`` by ``delta`` awards made at ``awarded`` (inside the caller's
    transaction, which read ``user_data``; ``shards``: the transaction's, default `CounterShards.of`). Returns the
    shard for the caller to put, or None when this transaction already returned it (it was moved in place)."""
    store = shards or CounterShards.of(user_data)
    key = shard_key(badge_name, store.number_for(user_data.key.id()))
    shard = store.get(key)
    shard.awards = (shard.awards or 0) + delta
    shard.by_day = moved(shard.by_day, day_key(awarded), delta, now.date())
    if delta > 0:
        shard.first_award = min(filter(None, (shard.first_award, awarded)))
        shard.last_award = max(filter(None, (shard.last_award, awarded)))
    return store.hand_out(key)


@dataclass(frozen=True)
class BadgeStats:
    """One badge's programme figures; ``per_day`` holds `DAYS` counts, oldest first, ending today."""

    holders: int
    awards: int
    last_7: int
    last_30: int
    first: datetime.datetime | None
    last: datetime.datetime | None
    per_day: tuple[int, ...]


def summarize(shards: Iterable, holders: Mapping[str, int], today: datetime.date) -> dict[str, BadgeStats]:
    """Sum award shards (anything with the attributes of `BadgeAwardShard`) per badge; ``holders`` by name."""
    days = window(today)
    grouped: dict[str, list] = {}
    for shard in shards:
        grouped.setdefault(shard.badge_name, []).append(shard)
    out = {}
    for name in set(grouped) | set(holders):
        mine = grouped.get(name, [])
        per_day = tuple(sum((s.by_day or {}).get(day, 0) for s in mine) for day in days)
        out[name] = BadgeStats(
            holders=holders.get(name, 0), awards=sum(s.awards or 0 for s in mine),
            last_7=sum(per_day[-7:]), last_30=sum(per_day[-30:]),
            first=min((s.first_award for s in mine if s.first_award), default=None),
            last=max((s.last_award for s in mine if s.last_award), default=None), per_day=per_day)
    return out


def programme(today: datetime.date) -> dict[str, BadgeStats]:
    """Every badge's figures from its counter shards: two kind queries of at most `SHARDS` entities per badge."""
    holders: dict[str, int] = {}
    for shard in BadgeHolderShard.query().fetch():
        holders[shard.badge_name] = holders.get(shard.badge_name, 0) + (shard.count or 0)
    return summarize(BadgeAwardShard.query().fetch(), holders, today)
