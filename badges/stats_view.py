"""Read-only views of the stats an evaluation pass reads, so that a rule's attribute read is a plain attribute
lookup instead of an ndb property descriptor call (which re-walks the value, element by element for a repeated
property, on every read).

Invariants:
- A view reads an attribute of its entity once, on the pass's first read of it, and gives that value to every
  later read of the pass; a list comes back as a tuple, so no rule can change the entity through it. Rules read
  the same values as from the entity itself: they never write, and nothing writes the entities while a pass runs.
- A view lives for one evaluation pass (`ContextViews`, made by `badges.evaluation.Pass`): a pass that follows
  awards (which move points and owned badges) builds new views and reads the entities afresh.
- A viewed context is the context with its stats objects (``user``, ``user_exercise``, ``user_playlist``)
  replaced by views, one view per entity however many contexts share it; its logs are the same lazy sequences.
"""
from __future__ import annotations

from typing import Any

from badges.context import BadgeContext
from badges.log_codec import read_value


class StatsView:
    """One entity's attributes, each read from it at most once (see the module invariants)."""

    def __init__(self, entity: Any):
        object.__setattr__(self, "_entity", entity)

    def __getattr__(self, name: str) -> Any:  # only for a name not read yet: later reads find it on the view
        if name == "_entity":  # a view made without __init__ (a copy): no entity to read through
            raise AttributeError(name)
        value = read_value(self._entity, name)
        if isinstance(value, list):
            value = tuple(value)
        object.__setattr__(self, name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a stats view is read-only: {name}")

    def __repr__(self) -> str:
        return f"StatsView({self._entity!r})"


class ContextViews:
    """The viewed contexts of one evaluation pass: ``of(ctx)`` is ``ctx`` with its stats seen through views,
    the same viewed context for the same context and the same view for the same entity throughout the pass."""

    def __init__(self) -> None:
        self._contexts: dict[int, tuple[BadgeContext, BadgeContext]] = {}
        self._views: dict[int, tuple[Any, StatsView]] = {}  # the entity is kept so that its id stays its own
        self._last: BadgeContext | None = None
        self._last_viewed: BadgeContext | None = None

    def of(self, ctx: BadgeContext) -> BadgeContext:
        if ctx is self._last:  # candidates come in runs sharing one context
            return self._last_viewed
        found = self._contexts.get(id(ctx))
        if found is None:
            viewed = BadgeContext(  # every field of the context (a test holds this list to the dataclass)
                now=ctx.now, user=self.view(ctx.user), problem_logs=ctx.problem_logs, video_logs=ctx.video_logs,
                user_exercise=self.view(ctx.user_exercise), exercise=ctx.exercise,
                user_playlist=self.view(ctx.user_playlist))
            found = self._contexts[id(ctx)] = (ctx, viewed)
        self._last, self._last_viewed = ctx, found[1]
        return found[1]

    def view(self, entity: Any) -> Any:
        """The pass's view of ``entity`` (None stays None)."""
        if entity is None:
            return None
        found = self._views.get(id(entity))
        if found is None:
            found = self._views[id(entity)] = (entity, StatsView(entity))
        return found[1]
