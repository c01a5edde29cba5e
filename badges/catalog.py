"""THE list of badges (SPEC §5): one row per badge, and the indexes built once from it.

Invariants:
- A badge is one row of ``CATALOG``; adding a tier is one line. The engine, pages, sweep and tests iterate it.
- ``name`` is the stable key stored with every award: never rename one. Names are unique and lowercase.
- ``params`` are the keyword arguments of the family's rule (``badges.rules.RULES[family]``) and progress measure.
- The list is the registry: no registration, no import side effects; ``CATALOG_VERSION`` changes when a row or a
  threshold changes, so the sweep knows to backfill.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from badges.categories import Category


class ContextType(Enum):
    """What a badge is earned *for*: nothing (owned once), an exercise, a playlist or a month."""

    NONE = "none"
    EXERCISE = "exercise"
    PLAYLIST = "playlist"
    MONTH = "month"


class Family(Enum):
    """A badge family (SPEC §4); the value is the name of its rule function in ``badges.rules``."""

    EXERCISE_COUNT = "exercise_count"
    POINTS = "points"
    STREAK = "streak"
    PLAYLIST_TIME = "playlist_time"
    TIMED_PROBLEMS = "timed_problems"
    RECOVERY = "recovery"
    UNFINISHED_STREAK = "unfinished_streak"
    POWER_TIME = "power_time"
    EXERCISE_COMPLETION = "exercise_completion"
    TENURE = "tenure"
    VIDEO_TIME = "video_time"
    CONSECUTIVE_ACTIVITY = "consecutive_activity"
    MONTHLY_TOP = "monthly_top"
    CUSTOM = "custom"


FAMILY_CONTEXT: Mapping[Family, ContextType] = {
    Family.STREAK: ContextType.EXERCISE,
    Family.TIMED_PROBLEMS: ContextType.EXERCISE,
    Family.RECOVERY: ContextType.EXERCISE,
    Family.UNFINISHED_STREAK: ContextType.EXERCISE,
    Family.PLAYLIST_TIME: ContextType.PLAYLIST,
    Family.MONTHLY_TOP: ContextType.MONTH,
}
"""The context of each family; a family not listed has none."""


def make_params(**kwargs: Any) -> Mapping[str, Any]:
    """Immutable keyword arguments of a rule (a read-only mapping; lists become tuples).
    ``rule(ctx, **badge.params)`` works; ``badge.params["x"] = 1`` raises TypeError."""
    return MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in sorted(kwargs.items())})


@dataclass(frozen=True)
class Badge:
    """One badge. ``teaser``: described as "???" until owned; ``hidden``: not listed until owned (custom badges);
    ``background_only``: only the sweep awards it (its rule is False in real time); ``icon``: its own icon, else
    its category's."""

    name: str
    shown: str
    category: Category
    points: int
    family: Family
    params: Mapping[str, Any] = field(hash=False)  # the other fields identify a badge; a proxy is unhashable
    context: ContextType
    teaser: bool = False
    hidden: bool = False
    background_only: bool = False
    icon: str | None = None

    @property
    def description(self) -> str:
        """How to earn it, generated from family and params, e.g. "Reach a streak of 20 in an exercise"."""
        return _DESCRIBE[self.family](**self.params)

    @property
    def icon_url(self) -> str:
        return self.icon or self.category.icon

    def safe_description(self, owned: bool) -> str:
        """The description, or "???" for a teaser badge not owned yet."""
        return "???" if self.teaser and not owned else self.description

    def key(self, context_name: str | None = None) -> str:
        """The award key: ``name`` for a badge without context (a context name is ignored), else
        ``name[Context Name]``, e.g. ``nicestreakbadge[Addition 1]``."""
        if self.context is ContextType.NONE or context_name is None:
            return self.name
        return f"{self.name}[{context_name}]"

    def title(self, context_name: str | None = None) -> str:
        """Shown name; a monthly badge adds its month: "Top Algebraist, Mar '12"."""
        if self.context is ContextType.MONTH and context_name:
            return f"{self.shown}, {context_name}"
        return self.shown


def month_context_name(year: int, month: int) -> str:
    """The context name of a month, as the monthly badges show it: ``"Mar '12"``."""
    names = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return f"{names[month - 1]} '{year % 100:02d}"


def custom_badge(
    name: str, shown: str, description: str, category: Category, points: int, icon: str | None = None
) -> Badge:
    """Wrap an admin-made badge stored in the Datastore as a Badge: hidden until owned, never earned by rule."""
    return Badge(name, shown, Category(category), points, Family.CUSTOM, make_params(description=description),
                 ContextType.NONE, hidden=True, icon=icon)


def catalog_version(badges: Iterable[Badge]) -> int:
    """A stable hash (crc32) of the sorted names, families and params: adding a row or changing a threshold
    changes it; it is the same in every process (no ``hash()`` randomisation)."""
    text = "\n".join(sorted(f"{b.name}|{b.family.value}|{sorted(b.params.items())!r}" for b in badges))
    return zlib.crc32(text.encode("utf-8"))


def _duration(seconds: float) -> str:
    """900 -> "15 minutes", 3600 -> "1 hour", 45 -> "45 seconds"."""
    for unit, size in (("hour", HOUR), ("minute", MIN), ("second", 1)):
        if seconds % size == 0:
            n = int(seconds // size)
            return f"{n} {unit}" + ("s" if n != 1 else "")
    return f"{seconds:g} seconds"


def _exercise_title(name: str) -> str:
    """``addition_1`` -> "Addition 1" (a readable name without importing the content)."""
    return name.replace("_", " ").capitalize()


def _tenure(days: int) -> str:
    years, rest = divmod(days, 365)
    if rest == 0:
        return f"Be a member for {years} year" + ("s" if years != 1 else "")
    return f"Be a member for {days} days"


_DESCRIBE: Mapping[Family, Any] = {
    Family.EXERCISE_COUNT: lambda count: f"Achieve proficiency in {count} exercises",
    Family.POINTS: lambda points: f"Earn {points:,} energy points",
    Family.STREAK: lambda streak: f"Reach a streak of {streak} in an exercise",
    Family.PLAYLIST_TIME: lambda seconds: f"Watch {_duration(seconds)} of video in a single playlist",
    Family.TIMED_PROBLEMS: lambda problems: (
        f"Quickly and correctly answer {problems} problems in a row in an exercise "
        "(the time limit depends on the exercise)"),
    Family.RECOVERY: lambda wrong, recent: (
        f"Answer a problem correctly right after a wrong one, having missed at least {wrong} of your "
        f"last {recent} problems in that exercise"),
    Family.UNFINISHED_STREAK: lambda problems: (
        f"Keep at it: answer {problems} problems in an exercise, mostly correctly, before becoming proficient"),
    Family.POWER_TIME: lambda problems, video_seconds, window_seconds: (
        f"Correctly answer {problems} problems and watch {_duration(video_seconds)} of video "
        f"in {_duration(window_seconds)}"),
    Family.EXERCISE_COMPLETION: lambda exercises: (
        "Achieve proficiency in " + ", ".join(_exercise_title(e) for e in exercises)),
    Family.TENURE: _tenure,
    Family.VIDEO_TIME: lambda seconds: f"Watch {_duration(seconds)} of video",
    Family.CONSECUTIVE_ACTIVITY: lambda days: f"Learn something on {days} consecutive days",
    Family.MONTHLY_TOP: lambda subject: (
        f"Be one of the 10 students who earned the most energy points in {subject} exercises in a month"),
    Family.CUSTOM: lambda description="": description,
}
"""The "how to earn it" sentence of each family, from the row's params."""


def _row(name: str, shown: str, category: int, points: int, family: Family, params: Mapping[str, Any],
         **flags: Any) -> Badge:
    return Badge(name, shown, Category(category), points, family, params,
                 FAMILY_CONTEXT.get(family, ContextType.NONE), **flags)


P, F = make_params, Family
MIN, HOUR = 60, 3600

CATALOG: tuple[Badge, ...] = (
    _row("gettingstartedbadge", "Just Getting Started", 0, 100, F.EXERCISE_COUNT, P(count=3)),
    _row("makingprogressbadge", "Making Progress", 0, 1000, F.EXERCISE_COUNT, P(count=7)),
    _row("productivebadge", "Productive", 1, 2000, F.EXERCISE_COUNT, P(count=15)),
    _row("hardatworkbadge", "Hard at Work", 1, 6000, F.EXERCISE_COUNT, P(count=25)),
    _row("workhorsebadge", "Work Horse", 2, 14000, F.EXERCISE_COUNT, P(count=50)),
    _row("magellanbadge", "Magellan", 3, 30000, F.EXERCISE_COUNT, P(count=100)),
    _row("copernicusbadge", "Copernicus", 3, 80000, F.EXERCISE_COUNT, P(count=200)),
    _row("keplerbadge", "Kepler", 3, 125000, F.EXERCISE_COUNT, P(count=300)),
    _row("atlasbadge", "Atlas", 4, 200000, F.EXERCISE_COUNT, P(count=500), teaser=True),
    _row("tenthousandairebadge", "Ten to the Fourth", 0, 0, F.POINTS, P(points=10_000)),
    _row("hundredthousandairebadge", "Ten to the Fifth", 1, 0, F.POINTS, P(points=100_000)),
    _row("fivehundredthousandairebadge", "Five Times Ten to the Fifth", 2, 0, F.POINTS, P(points=500_000)),
    _row("millionairebadge", "Millionaire", 3, 0, F.POINTS, P(points=1_000_000)),
    _row("tenmillionairebadge", "Tesla", 4, 0, F.POINTS, P(points=10_000_000), teaser=True),
    _row("nicestreakbadge", "Nice Streak", 0, 0, F.STREAK, P(streak=20)),
    _row("greatstreakbadge", "Great Streak", 0, 0, F.STREAK, P(streak=40)),
    _row("awesomestreakbadge", "Awesome Streak", 0, 0, F.STREAK, P(streak=60)),
    _row("ridiculousstreakbadge", "Ridiculous Streak", 1, 0, F.STREAK, P(streak=80)),
    _row("ludicrousstreakbadge", "Ludicrous Streak", 1, 0, F.STREAK, P(streak=100)),
    _row("niceplaylisttimebadge", "Nice Listener", 0, 0, F.PLAYLIST_TIME, P(seconds=15 * MIN)),
    _row("greatplaylisttimebadge", "Great Listener", 0, 0, F.PLAYLIST_TIME, P(seconds=30 * MIN)),
    _row("awesomeplaylisttimebadge", "Awesome Listener", 1, 0, F.PLAYLIST_TIME, P(seconds=1 * HOUR)),
    _row("ridiculousplaylisttimebadge", "Ridiculous Listener", 2, 0, F.PLAYLIST_TIME, P(seconds=4 * HOUR)),
    _row("ludicrousplaylisttimebadge", "Ludicrous Listener", 3, 0, F.PLAYLIST_TIME, P(seconds=10 * HOUR)),
    _row("nicetimedproblembadge", "Picking Up Steam", 0, 100, F.TIMED_PROBLEMS, P(problems=5)),
    _row("greattimedproblembadge", "Going Transonic", 1, 500, F.TIMED_PROBLEMS, P(problems=10)),
    _row("awesometimedproblembadge", "Going Supersonic", 1, 750, F.TIMED_PROBLEMS, P(problems=20)),
    _row("ridiculoustimedproblembadge", "Sub-light Speed", 2, 1500, F.TIMED_PROBLEMS, P(problems=42)),
    _row("ludicroustimedproblembadge", "299,792,458 Meters per Second", 2, 5000, F.TIMED_PROBLEMS,
         P(problems=75)),
    _row("recoverybadge", "Persistence", 0, 0, F.RECOVERY, P(wrong=5, recent=10)),
    _row("resurrectionbadge", "Sticktoitiveness", 1, 0, F.RECOVERY, P(wrong=10, recent=20)),
    _row("soclosebadge", "Perseverance", 0, 0, F.UNFINISHED_STREAK, P(problems=30)),
    _row("keepfightingbadge", "Steadfastness", 1, 0, F.UNFINISHED_STREAK, P(problems=40)),
    _row("undeterrablebadge", "Tenacity", 1, 0, F.UNFINISHED_STREAK, P(problems=50)),
    _row("powerfifteenminutesbadge", "Inspired 15 Minutes", 0, 0, F.POWER_TIME,
         P(problems=10, video_seconds=600, window_seconds=900)),
    _row("powerhourbadge", "Power Hour", 1, 0, F.POWER_TIME, P(problems=90, video_seconds=900, window_seconds=3600)),
    _row("doublepowerhourbadge", "Double Power Hour", 2, 0, F.POWER_TIME,
         P(problems=180, video_seconds=1800, window_seconds=7200)),
    *(
        _row(name, shown, cat, pts, F.EXERCISE_COMPLETION, P(exercises=tuple(exercises.split())))
        for name, shown, cat, pts, exercises in (
            ("levelonearithmeticianbadge", "Apprentice Arithmetician", 1, 100,
             "addition_1 subtraction_1 multiplication_1 division_1"),
            ("leveltwoarithmeticianbadge", "Journeyman Arithmetician", 1, 500,
             "addition_4 subtraction_4 multiplication_4 division_4"),
            ("levelthreearithmeticianbadge", "Artisan Arithmetician", 1, 750,
             "multiplying_decimals dividing_decimals multiplying_fractions dividing_fractions"),
            ("toplevelarithmeticianbadge", "Master of Arithmetic", 5, 10000, "arithmetic_challenge"),
            ("levelonetrigonometricianbadge", "Apprentice Trigonometrician", 1, 100,
             "angles_2 distance_formula pythagorean_theorem_1"),
            ("leveltwotrigonometricianbadge", "Journeyman Trigonometrician", 1, 500,
             "pythagorean_theorem_2 trigonometry_1"),
            ("levelthreetrigonometricianbadge", "Artisan Trigonometrician", 1, 750,
             "trigonometry_2 graphs_of_sine_and_cosine inverse_trig_functions trig_identities_1"),
            ("topleveltrigonometricianbadge", "Master of Trigonometry", 5, 10000, "trigonometry_challenge"),
            ("leveloneprealgebraistbadge", "Apprentice Pre-algebraist", 1, 100,
             "exponents_1 adding_and_subtracting_negative_numbers adding_and_subtracting_fractions"),
            ("leveltwoprealgebraistbadge", "Journeyman Pre-algebraist", 1, 500,
             "exponents_2 multiplying_and_dividing_negative_numbers multiplying_fractions dividing_fractions"),
            ("levelthreeprealgebraistbadge", "Artisan Pre-algebraist", 1, 750,
             "exponents_3 order_of_operations ordering_numbers scientific_notation units simplifying_radicals"),
            ("toplevelprealgebraistbadge", "Master of Pre-algebra", 5, 10000, "pre-algebra_challenge"),
            ("levelonealgebraistbadge", "Apprentice Algebraist", 1, 100,
             "exponents_3 exponent_rules logarithms_1 linear_equations_1 percentage_word_problems_1 functions_1"),
            ("leveltwoalgebraistbadge", "Journeyman Algebraist", 1, 500,
             "linear_equations_2 percentage_word_problems_2 functions_2 domain_of_a_function "
             "even_and_odd_functions shifting_and_reflecting_functions"),
            ("levelthreealgebraistbadge", "Artisan I Algebraist", 1, 750,
             "linear_equations_3 systems_of_equations multiplying_expressions_1 even_and_odd_functions "
             "inverses_of_functions slope_of_a_line midpoint_formula line_relationships functions_3"),
            ("levelfouralgebraistbadge", "Artisan II Algebraist", 1, 1000,
             "linear_equations_4 linear_inequalities average_word_problems equation_of_a_line "
             "solving_quadratics_by_factoring quadratic_equation solving_for_a_variable "
             "expressions_with_unknown_variables"),
            ("levelfivealgebraistbadge", "Artisan III Algebraist", 1, 1000,
             "new_definitions_1 new_definitions_2 expressions_with_unknown_variables_2 absolute_value_equations "
             "radical_equations rate_problems_1"),
            ("toplevelalgebraistbadge", "Master of Algebra", 5, 10000, "algebra_challenge"),
        )
    ),
    _row("yearonebadge", "Cypress", 0, 0, F.TENURE, P(days=365)),
    _row("yeartwobadge", "Redwood", 1, 0, F.TENURE, P(days=730)),
    _row("yearthreebadge", "Sequoia", 2, 0, F.TENURE, P(days=1095)),
    _row("actonesceneonebadge", "Act I Scene I", 0, 0, F.VIDEO_TIME, P(seconds=20 * MIN)),
    _row("fivedayconsecutiveactivitybadge", "Good Habits", 0, 0, F.CONSECUTIVE_ACTIVITY, P(days=5)),
    _row("fifteendayconsecutiveactivitybadge", "Like Clockwork", 1, 0, F.CONSECUTIVE_ACTIVITY, P(days=15)),
    _row("thirtydayconsecutiveactivitybadge", "Atomic Clockwork", 1, 0, F.CONSECUTIVE_ACTIVITY, P(days=30)),
    _row("hundreddayconsecutiveactivitybadge", "10,000 Year Clock", 2, 0, F.CONSECUTIVE_ACTIVITY, P(days=100)),
    _row("monthlytoparithmeticianbadge", "Top Arithmetician", 3, 0, F.MONTHLY_TOP, P(subject="Arithmetic"),
         background_only=True),
    _row("monthlytopprealgebraistbadge", "Top Pre-algebraist", 3, 0, F.MONTHLY_TOP, P(subject="Pre-algebra"),
         background_only=True),
    _row("monthlytopalgebraistbadge", "Top Algebraist", 3, 0, F.MONTHLY_TOP, P(subject="Algebra"),
         background_only=True),
    _row("monthlytoptrigonometricianbadge", "Top Trigonometrician", 3, 0, F.MONTHLY_TOP,
         P(subject="Trigonometry"), background_only=True),
)

BY_NAME: Mapping[str, Badge] = {b.name: b for b in CATALOG}
NON_CONTEXT: tuple[Badge, ...] = tuple(
    b for b in CATALOG if b.context is ContextType.NONE and not b.background_only and b.family is not F.CUSTOM
)
"""Checked on every action (problem or video)."""
EXERCISE_BADGES: tuple[Badge, ...] = tuple(b for b in CATALOG if b.context is ContextType.EXERCISE)
"""Checked on a problem completion, with the exercise as context."""
PLAYLIST_BADGES: tuple[Badge, ...] = tuple(b for b in CATALOG if b.context is ContextType.PLAYLIST)
"""Checked on a video log, once per live playlist holding the video."""
MONTHLY_BADGES: tuple[Badge, ...] = tuple(b for b in CATALOG if b.context is ContextType.MONTH)
"""Awarded only by the sweep after a month ends (background only)."""
CATALOG_VERSION: int = catalog_version(CATALOG)
