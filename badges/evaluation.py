"""One evaluation pass: which of an action's candidates the student does not own and has earned now.

Invariants:
- A pass decides every candidate as `rules.evaluate` decides it on the raw entities, in the candidates' order;
  an owned badge is skipped before anything of its family runs.
- The rules read the stats through the pass's views (`badges.stats_view`). A family with a judge
  (`badges.judges`) decides its rows through the one judge the pass makes for it in each context; any other
  row through its bound rule (`Badge.check`).
- Everything a pass keeps (views, judges) lives as long as the pass: a pass that follows awards (which move
  points and owned badges) reads the entities afresh.
"""
from __future__ import annotations

from typing import Iterable

from badges.catalog import Badge
from badges.context import BadgeContext
from badges.judges import Judge, JudgeMaker
from badges.stats_view import ContextViews

Candidate = tuple[Badge, "str | None", BadgeContext]


class Pass:
    """The pass's memory: the owned award keys, the viewed contexts and the judges made so far."""

    def __init__(self, owned_badges: Iterable[str]):
        self.owned = frozenset(owned_badges)
        self.owners = owner_names(self.owned)
        self.views = ContextViews()
        self.judges: dict[int, dict[JudgeMaker, Judge]] = {}  # by id(viewed context): each lives for the pass

    def earned(self, candidates: Iterable[Candidate]) -> list[tuple[Badge, str | None]]:
        found = []
        owners, owned = self.owners, self.owned
        last = viewed = judges = None
        for badge, name, ctx in candidates:
            if badge.name in owners and badge.key(name) in owned:
                continue
            if ctx is not last:  # candidates come in runs sharing one context
                last, viewed = ctx, self.views.of(ctx)
                judges = self.judges.setdefault(id(viewed), {})
            make = badge.family.judge
            if make is None:
                earned = badge.check(viewed)
            else:
                judge = judges.get(make)
                if judge is None:
                    judge = judges[make] = make(viewed)
                earned = judge(badge.params)
            if earned:
                found.append((badge, name))
        return found


def owner_names(owned: Iterable[str]) -> set[str]:
    """Every badge name an owned key could belong to: a key is ``name`` or ``name[Context]``, so the name is the
    whole key or a part before one of its ``[``. A badge whose name is not here owns no key of any context."""
    names = set()
    for key in owned:
        names.add(key)
        at = key.find("[")
        while at >= 0:
            names.add(key[:at])
            at = key.find("[", at + 1)
    return names
