"""One evaluation pass: which of an action's candidates the student does not own and has earned now.

Invariants:
- A pass decides every candidate as `rules.evaluate` decides it on the raw entities, in the candidates' order;
  an owned badge is skipped before anything of its family runs (a family all of whose rows are owned runs
  nothing).
- The rules read the stats through the pass's views (`badges.stats_view`). A family with a judge
  (`badges.judges`) decides its rows through the one judge the pass makes for it in each context; any other
  row through its bound rule (`Badge.check`).
- A `Group` (catalogue rows sharing one context, as the engine makes them) is decided family by family through
  its `plan`: a threshold family's rows in the order of their targets, up to the first its level does not
  reach. It finds exactly what its candidates, one by one, would (tests compare the two).
- Everything a pass keeps (views, judges) lives as long as the pass: a pass that follows awards (which move
  points and owned badges) reads the entities afresh.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable, Iterator, NamedTuple, Union

from badges.catalog import Badge
from badges.context import BadgeContext
from badges.judges import AtLeast, Judge, JudgeMaker
from badges.stats_view import ContextViews

Candidate = tuple[Badge, "str | None", BadgeContext]


@dataclasses.dataclass(frozen=True, slots=True)
class Group:
    """The candidates of catalogue ``rows`` (a tuple, planned once per tuple) in one context: context name
    ``name``, context ``ctx``; `candidates` gives them one by one, in the rows' order."""

    rows: tuple[Badge, ...]
    name: str | None
    ctx: BadgeContext

    def candidates(self) -> Iterator[Candidate]:
        for badge in self.rows:
            yield badge, self.name, self.ctx


Candidates = Iterable[Union[Candidate, Group]]


class Row(NamedTuple):
    index: int  # in the group's rows
    badge: Badge
    target: object  # a threshold family's target; None for any other family


class Part(NamedTuple):
    """One family's rows of a group; ``make`` its judge maker (None: decided row by row through `Badge.check`);
    a threshold family's rows are sorted by target."""

    make: JudgeMaker | None
    rows: tuple[Row, ...]
    names: frozenset[str]
    level: bool


_PLANS: dict[int, tuple[tuple[Badge, ...], tuple[Part, ...]]] = {}


def plan(rows: tuple[Badge, ...]) -> tuple[Part, ...]:
    """The parts of ``rows``, one per family in the order of its first row; kept per tuple (the catalogue's
    lists are a handful of tuples made once)."""
    found = _PLANS.get(id(rows))
    if found is not None and found[0] is rows:
        return found[1]
    by_family: dict = {}
    for index, badge in enumerate(rows):
        by_family.setdefault(badge.family, []).append(_row(index, badge))
    parts = []
    for family, members in by_family.items():
        level = isinstance(family.judge, AtLeast)
        if level:
            members.sort(key=lambda row: row.target)
        parts.append(Part(family.judge, tuple(members), frozenset(row.badge.name for row in members), level))
    if len(_PLANS) > 64:
        _PLANS.clear()
    found = _PLANS[id(rows)] = rows, tuple(parts)  # rows kept: its id names no other tuple while cached
    return found[1]


def _row(index: int, badge: Badge) -> Row:
    make = badge.family.judge
    return Row(index, badge, badge.params[make.target] if isinstance(make, AtLeast) else None)


class Pass:
    """The pass's memory: the owned award keys, the viewed contexts and the judges made so far."""

    def __init__(self, owned_badges: Iterable[str]):
        self.owned = frozenset(owned_badges)
        self.owners = owner_names(self.owned)
        self.views = ContextViews()
        self.judges: dict[int, dict[JudgeMaker, Judge]] = {}  # by id(viewed context): each lives for the pass

    def earned(self, candidates: Candidates) -> list[tuple[Badge, str | None]]:
        found: list[tuple[Badge, str | None]] = []
        owners, owned = self.owners, self.owned
        last = viewed = judges = None
        for item in candidates:
            if type(item) is Group:
                found += self._group(item)
                continue
            badge, name, ctx = item
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

    def _group(self, group: Group) -> list[tuple[Badge, str | None]]:
        name, owners, owned = group.name, self.owners, self.owned
        viewed = self.views.of(group.ctx)
        judges = self.judges.setdefault(id(viewed), {})
        hits: list[Row] = []
        for part in plan(group.rows):
            rows = part.rows
            if not owners.isdisjoint(part.names):
                rows = [row for row in rows if row.badge.name not in owners or row.badge.key(name) not in owned]
                if not rows:
                    continue
            make = part.make
            if make is None:
                hits += [row for row in rows if row.badge.check(viewed)]
                continue
            judge = judges.get(make)
            if judge is None:
                judge = judges[make] = make(viewed)
            if part.level:
                current = judge.current
                if current is None:
                    continue
                for row in rows:  # by target
                    if not current >= row.target:
                        break
                    hits.append(row)
            else:
                hits += [row for row in rows if judge(row.badge.params)]
        if len(hits) > 1:
            hits.sort()
        return [(row.badge, name) for row in hits]


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
