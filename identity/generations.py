"""Session generations: a session cookie acts as its user only while it carries that user's current generation.

Invariants:
- The truth is ``UserData.session_generation`` (0 when the user has no `UserData` yet). It only ever grows: signing
  out and a phantom's sign-in bump it, so every copy of an older cookie is refused from then on.
- memcached holds a copy under ``sgen:<user id>``, so checking a session costs one memcached ``get`` and no
  Datastore RPC. A miss reads the Datastore and stores the value with ``add``; a bump stores the new value with
  ``set`` after its commit. So a read racing a bump can never put back the older value over the newer one (its
  ``add`` loses to the bump's ``set``), and memcached being down means one Datastore lookup per check.
- The copy expires after ``TTL`` seconds, bounding how long an old value could outlive a bump whose ``set`` was
  lost; the actions also compare the generation with the `UserData` they read in their transaction.
"""
from __future__ import annotations

from clients.cache import Cache
from models.user import UserData

TTL = 600


class Generations:
    """Reads and publishes users' session generations through the app's cache."""

    def __init__(self, cache: Cache):
        self.cache = cache

    @staticmethod
    def key(user_id: str) -> str:
        return f"sgen:{user_id}"

    def current(self, user_id: str) -> int:
        cached = self.cache.get(self.key(user_id))
        if cached is not None and cached.isdigit():
            return int(cached)
        user = UserData.get_by_id(user_id)
        generation = (user.session_generation or 0) if user is not None else 0
        self.cache.set_if_absent(self.key(user_id), str(generation).encode(), expire=TTL)
        return generation

    def publish(self, user_id: str, generation: int) -> None:
        """After a bump has committed: make the cached copy say so (or at least drop the older one)."""
        if not self.cache.set(self.key(user_id), str(generation).encode(), expire=TTL):
            self.cache.delete(self.key(user_id))
