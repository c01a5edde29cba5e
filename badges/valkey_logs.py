"""The last action cache on Valkey: per user a list of problem logs, a list of video logs (newest first, at most
500 each) and a hash of counts beside them, in one hash slot (``{user id}``), read and written by server-side
scripts, each one atomic round trip.

Invariants:
- an action whose snapshot was current sends only its own log: the append script pushes it only if the stored
  count is exactly the one before it (else it was already included by a newer rebuild, or the lists are gone),
  trims to 500 and bumps the count, atomically; so a racing tab can never lose or duplicate a log;
- after a rebuild the whole lists are replaced, only over an older state (counts never go back);
- the hash also records each list's length: a list evicted or expired apart from its counts reads as a miss;
- every key carries a time to live, renewed by each write, so idle users' entries leave memory on their own.
"""
from __future__ import annotations

from badges import cached_logs
from badges.cached_logs import MAX_LOGS, Entry, Snapshot, as_bytes
from clients.cache import CacheDown
from clients.valkey import Script, ValkeyCache

TTL_SECONDS = 14 * 24 * 3600

# KEYS: counts hash, problem list, video list. Each list is newest first; the hash holds p, v (counts) and
# pl, vl (the lists' lengths when last written).
_FINISH = """
local function finish(ttl)
  redis.call('HSET', KEYS[1], 'pl', redis.call('LLEN', KEYS[2]), 'vl', redis.call('LLEN', KEYS[3]))
  for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ttl) end
end
"""
READ = Script("""
local c = redis.call('HMGET', KEYS[1], 'p', 'v', 'pl', 'vl')
if not c[1] then return false end
return {c[1], c[2], c[3], c[4], redis.call('LRANGE', KEYS[2], 0, -1), redis.call('LRANGE', KEYS[3], 0, -1)}
""")
# ARGV: field (p | v), the log's number, its bytes, max length, ttl.
# Returns 1 appended, 2 already included, 0 missing, -1 a log before it is missing (left for a rebuild).
APPEND = Script(_FINISH + """
local stored = redis.call('HGET', KEYS[1], ARGV[1])
if not stored then return 0 end
local n, number = tonumber(stored), tonumber(ARGV[2])
if number <= n then return 2 end
if number > n + 1 then return -1 end
local list = ARGV[1] == 'p' and KEYS[2] or KEYS[3]
redis.call('LPUSH', list, ARGV[3])
redis.call('LTRIM', list, 0, tonumber(ARGV[4]) - 1)
redis.call('HSET', KEYS[1], ARGV[1], number)
finish(ARGV[5])
return 1
""")
# ARGV: problem count, video count, number of problem logs, ttl, then problem logs and video logs, newest first.
# Returns 1 replaced, 2 kept a state as new or newer, 0 dropped a state neither older nor newer.
REPLACE = Script(_FINISH + """
local p, v, np = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local c = redis.call('HMGET', KEYS[1], 'p', 'v')
if c[1] then
  local sp, sv = tonumber(c[1]), tonumber(c[2])
  if sp >= p and sv >= v then return 2 end
  if sp > p or sv > v then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) return 0 end
end
redis.call('DEL', KEYS[2], KEYS[3])
if np > 0 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 5, 4 + np)) end
if #ARGV > 4 + np then redis.call('RPUSH', KEYS[3], unpack(ARGV, 5 + np, #ARGV)) end
redis.call('HSET', KEYS[1], 'p', p, 'v', v)
finish(ARGV[4])
return 1
""")


class ValkeyLogs:
    def __init__(self, cache: ValkeyCache):
        self.cache = cache

    def keys(self, user_id: str) -> list[str]:
        base = self.cache.key(f"lac:v{cached_logs.VERSION}:{{{user_id}}}")
        return [base + ":n", base + ":p", base + ":v"]

    def read(self, user_id: str) -> Snapshot:
        try:
            reply = self.cache.run("lac_read", READ, self.keys(user_id), ())
        except CacheDown:
            return Snapshot(None, reachable=False)
        if not reply or None in reply[:4]:
            return Snapshot(None)
        pcount, vcount, plen, vlen = (int(x) for x in reply[:4])
        problems, videos = tuple(reply[4]), tuple(reply[5])
        if (len(problems), len(videos)) != (plen, vlen):
            return Snapshot(None)  # a list left memory apart from its counts
        return Snapshot(Entry(pcount, vcount, problems, videos))

    def write(self, user_id: str, snapshot: Snapshot, entry: Entry, kind: str) -> bool:
        keys = self.keys(user_id)
        try:
            if entry.extends(snapshot.entry, kind):
                return self.append(user_id, kind, entry.count(kind), entry.newest(kind))
            problems, videos = list(map(as_bytes, entry.problems)), list(map(as_bytes, entry.videos))
            args = (entry.problem_count, entry.video_count, len(problems), TTL_SECONDS, *problems, *videos)
            return self.cache.run("lac_replace", REPLACE, keys, args) in (1, 2)
        except CacheDown:
            return False

    def append(self, user_id: str, kind: str, number: int, blob: bytes) -> bool:
        field = "p" if kind == "problem" else "v"
        try:
            return self.cache.run("lac_append", APPEND, self.keys(user_id),
                                  (field, number, blob, MAX_LOGS, TTL_SECONDS)) in (1, 2)
        except CacheDown:
            return False

    @staticmethod
    def read_due(number: int) -> bool:
        """Never: the lists are trimmed by the append script itself."""
        return False

    def forget(self, user_id: str) -> None:
        try:
            self.cache.call("delete", lambda c: c.delete(*self.keys(user_id)))
        except CacheDown:
            pass

