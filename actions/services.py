"""What the write path needs from the app, built once in `create_app` and kept in `app.extensions`."""
from __future__ import annotations

from dataclasses import dataclass, field

from badges.last_action_cache import LastActionCache
from content.catalogue_cache import Catalogue


@dataclass
class Services:
    problem_secret: bytes
    lac: LastActionCache
    badge_engine: bool = True
    catalogue: Catalogue = field(default_factory=Catalogue)
