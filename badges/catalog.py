"""THE list of badges (docs/BADGES.md §5): one row per badge, and the indexes built once from it.

Invariants:
- A badge is one row of ``CATALOG``; adding a tier is one line. The engine, pages, sweep and tests iterate it.
- ``name`` is the stable key stored with every award: never rename one. Names are unique and lowercase.
- Everything a row does not say comes from its family's record (``badges.families``): its context, rule,
  progress measure and description. ``params`` are the keyword arguments of all three.
- The list is the registry: no registration, no import side effects; ``CATALOG_VERSION`` changes when a row or a
  threshold changes, so the sweep knows to backfill.
"""
from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from badges.categories import Category
from badges.families import ContextType, Family
from badges.rules import Check


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
    teaser: bool = False
    hidden: bool = False
    background_only: bool = False
    icon: str | None = None

    @property
    def context(self) -> ContextType:
        """What the badge is earned for: its family's context."""
        return self.family.context

    @property
    def description(self) -> str:
        """How to earn it, generated from family and params, e.g. "Reach a streak of 20 in an exercise"."""
        return self.family.describe(**self.params)

    @functools.cached_property
    def check(self) -> Check:
        """The family's rule bound to this row's params, made on first use and kept:
        ``check(ctx) == family.rule(ctx, **params)``."""
        return self.family.bind(self.params)

    @property
    def icon_url(self) -> str:
        return self.icon or self.category.icon

    def safe_description(self, owned: bool) -> str:
        """The description, or "???" for a teaser badge not owned yet."""
        return "???" if self.teaser and not owned else self.description

    def key(self, context_name: str | None = None) -> str:
        """The award key: ``name`` for a badge without context (a context name is ignored), else
        ``name[Context Name]``, e.g. ``nicestreakbadge[Addition 1]``."""
        if context_name is None or self.family.context is ContextType.NONE:
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
    name: str, shown: str, description: str, category: Category | int, points: int, icon: str | None = None
) -> Badge:
    """Wrap an admin-made badge stored in the Datastore as a Badge: hidden until owned, never earned by rule."""
    return Badge(name, shown, Category(category), points, Family.CUSTOM, make_params(description=description),
                 hidden=True, icon=icon)


def catalog_version(badges: Iterable[Badge]) -> int:
    """A stable hash (crc32) of the sorted names, family keys and params: adding a row or changing a threshold
    changes it; it is the same in every process (no ``hash()`` randomisation)."""
    text = "\n".join(sorted(f"{b.name}|{b.family.key}|{sorted(b.params.items())!r}" for b in badges))
    return zlib.crc32(text.encode("utf-8"))


P, F = make_params, Family
MIN, HOUR = 60, 3600

CATALOG: tuple[Badge, ...] = (
    Badge("gettingstartedbadge", "Just Getting Started", Category.BRONZE, 100, F.EXERCISE_COUNT, P(count=3)),
    Badge("makingprogressbadge", "Making Progress", Category.BRONZE, 1000, F.EXERCISE_COUNT, P(count=7)),
    Badge("productivebadge", "Productive", Category.SILVER, 2000, F.EXERCISE_COUNT, P(count=15)),
    Badge("hardatworkbadge", "Hard at Work", Category.SILVER, 6000, F.EXERCISE_COUNT, P(count=25)),
    Badge("workhorsebadge", "Work Horse", Category.GOLD, 14000, F.EXERCISE_COUNT, P(count=50)),
    Badge("magellanbadge", "Magellan", Category.PLATINUM, 30000, F.EXERCISE_COUNT, P(count=100)),
    Badge("copernicusbadge", "Copernicus", Category.PLATINUM, 80000, F.EXERCISE_COUNT, P(count=200)),
    Badge("keplerbadge", "Kepler", Category.PLATINUM, 125000, F.EXERCISE_COUNT, P(count=300)),
    Badge("atlasbadge", "Atlas", Category.DIAMOND, 200000, F.EXERCISE_COUNT, P(count=500), teaser=True),
    Badge("tenthousandairebadge", "Ten to the Fourth", Category.BRONZE, 0, F.POINTS, P(points=10_000)),
    Badge("hundredthousandairebadge", "Ten to the Fifth", Category.SILVER, 0, F.POINTS, P(points=100_000)),
    Badge("fivehundredthousandairebadge", "Five Times Ten to the Fifth", Category.GOLD, 0, F.POINTS,
          P(points=500_000)),
    Badge("millionairebadge", "Millionaire", Category.PLATINUM, 0, F.POINTS, P(points=1_000_000)),
    Badge("tenmillionairebadge", "Tesla", Category.DIAMOND, 0, F.POINTS, P(points=10_000_000), teaser=True),
    Badge("nicestreakbadge", "Nice Streak", Category.BRONZE, 0, F.STREAK, P(streak=20)),
    Badge("greatstreakbadge", "Great Streak", Category.BRONZE, 0, F.STREAK, P(streak=40)),
    Badge("awesomestreakbadge", "Awesome Streak", Category.BRONZE, 0, F.STREAK, P(streak=60)),
    Badge("ridiculousstreakbadge", "Ridiculous Streak", Category.SILVER, 0, F.STREAK, P(streak=80)),
    Badge("ludicrousstreakbadge", "Ludicrous Streak", Category.SILVER, 0, F.STREAK, P(streak=100)),
    Badge("niceplaylisttimebadge", "Nice Listener", Category.BRONZE, 0, F.PLAYLIST_TIME, P(seconds=15 * MIN)),
    Badge("greatplaylisttimebadge", "Great Listener", Category.BRONZE, 0, F.PLAYLIST_TIME, P(seconds=30 * MIN)),
    Badge("awesomeplaylisttimebadge", "Awesome Listener", Category.SILVER, 0, F.PLAYLIST_TIME, P(seconds=1 * HOUR)),
    Badge("ridiculousplaylisttimebadge", "Ridiculous Listener", Category.GOLD, 0, F.PLAYLIST_TIME,
          P(seconds=4 * HOUR)),
    Badge("ludicrousplaylisttimebadge", "Ludicrous Listener", Category.PLATINUM, 0, F.PLAYLIST_TIME,
          P(seconds=10 * HOUR)),
    Badge("nicetimedproblembadge", "Picking Up Steam", Category.BRONZE, 100, F.TIMED_PROBLEMS, P(problems=5)),
    Badge("greattimedproblembadge", "Going Transonic", Category.SILVER, 500, F.TIMED_PROBLEMS, P(problems=10)),
    Badge("awesometimedproblembadge", "Going Supersonic", Category.SILVER, 750, F.TIMED_PROBLEMS, P(problems=20)),
    Badge("ridiculoustimedproblembadge", "Sub-light Speed", Category.GOLD, 1500, F.TIMED_PROBLEMS, P(problems=42)),
    Badge("ludicroustimedproblembadge", "299,792,458 Meters per Second", Category.GOLD, 5000, F.TIMED_PROBLEMS,
          P(problems=75)),
    Badge("recoverybadge", "Persistence", Category.BRONZE, 0, F.RECOVERY, P(wrong=5, recent=10)),
    Badge("resurrectionbadge", "Sticktoitiveness", Category.SILVER, 0, F.RECOVERY, P(wrong=10, recent=20)),
    Badge("soclosebadge", "Perseverance", Category.BRONZE, 0, F.UNFINISHED_STREAK, P(problems=30)),
    Badge("keepfightingbadge", "Steadfastness", Category.SILVER, 0, F.UNFINISHED_STREAK, P(problems=40)),
    Badge("undeterrablebadge", "Tenacity", Category.SILVER, 0, F.UNFINISHED_STREAK, P(problems=50)),
    Badge("powerfifteenminutesbadge", "Inspired 15 Minutes", Category.BRONZE, 0, F.POWER_TIME,
          P(problems=10, video_seconds=600, window_seconds=900)),
    Badge("powerhourbadge", "Power Hour", Category.SILVER, 0, F.POWER_TIME,
          P(problems=90, video_seconds=900, window_seconds=3600)),
    Badge("doublepowerhourbadge", "Double Power Hour", Category.GOLD, 0, F.POWER_TIME,
          P(problems=180, video_seconds=1800, window_seconds=7200)),
    *(
        Badge(name, shown, cat, pts, F.EXERCISE_COMPLETION, P(exercises=tuple(exercises.split())))
        for name, shown, cat, pts, exercises in (
            ("levelonearithmeticianbadge", "Apprentice Arithmetician", Category.SILVER, 100,
             "addition_1 subtraction_1 multiplication_1 division_1"),
            ("leveltwoarithmeticianbadge", "Journeyman Arithmetician", Category.SILVER, 500,
             "addition_4 subtraction_4 multiplication_4 division_4"),
            ("levelthreearithmeticianbadge", "Artisan Arithmetician", Category.SILVER, 750,
             "multiplying_decimals dividing_decimals multiplying_fractions dividing_fractions"),
            ("toplevelarithmeticianbadge", "Master of Arithmetic", Category.MASTER, 10000, "arithmetic_challenge"),
            ("levelonetrigonometricianbadge", "Apprentice Trigonometrician", Category.SILVER, 100,
             "angles_2 distance_formula pythagorean_theorem_1"),
            ("leveltwotrigonometricianbadge", "Journeyman Trigonometrician", Category.SILVER, 500,
             "pythagorean_theorem_2 trigonometry_1"),
            ("levelthreetrigonometricianbadge", "Artisan Trigonometrician", Category.SILVER, 750,
             "trigonometry_2 graphs_of_sine_and_cosine inverse_trig_functions trig_identities_1"),
            ("topleveltrigonometricianbadge", "Master of Trigonometry", Category.MASTER, 10000,
             "trigonometry_challenge"),
            ("leveloneprealgebraistbadge", "Apprentice Pre-algebraist", Category.SILVER, 100,
             "exponents_1 adding_and_subtracting_negative_numbers adding_and_subtracting_fractions"),
            ("leveltwoprealgebraistbadge", "Journeyman Pre-algebraist", Category.SILVER, 500,
             "exponents_2 multiplying_and_dividing_negative_numbers multiplying_fractions dividing_fractions"),
            ("levelthreeprealgebraistbadge", "Artisan Pre-algebraist", Category.SILVER, 750,
             "exponents_3 order_of_operations ordering_numbers scientific_notation units simplifying_radicals"),
            ("toplevelprealgebraistbadge", "Master of Pre-algebra", Category.MASTER, 10000, "pre-algebra_challenge"),
            ("levelonealgebraistbadge", "Apprentice Algebraist", Category.SILVER, 100,
             "exponents_3 exponent_rules logarithms_1 linear_equations_1 percentage_word_problems_1 functions_1"),
            ("leveltwoalgebraistbadge", "Journeyman Algebraist", Category.SILVER, 500,
             "linear_equations_2 percentage_word_problems_2 functions_2 domain_of_a_function "
             "even_and_odd_functions shifting_and_reflecting_functions"),
            ("levelthreealgebraistbadge", "Artisan I Algebraist", Category.SILVER, 750,
             "linear_equations_3 systems_of_equations multiplying_expressions_1 even_and_odd_functions "
             "inverses_of_functions slope_of_a_line midpoint_formula line_relationships functions_3"),
            ("levelfouralgebraistbadge", "Artisan II Algebraist", Category.SILVER, 1000,
             "linear_equations_4 linear_inequalities average_word_problems equation_of_a_line "
             "solving_quadratics_by_factoring quadratic_equation solving_for_a_variable "
             "expressions_with_unknown_variables"),
            ("levelfivealgebraistbadge", "Artisan III Algebraist", Category.SILVER, 1000,
             "new_definitions_1 new_definitions_2 expressions_with_unknown_variables_2 absolute_value_equations "
             "radical_equations rate_problems_1"),
            ("toplevelalgebraistbadge", "Master of Algebra", Category.MASTER, 10000, "algebra_challenge"),
        )
    ),
    Badge("yearonebadge", "Cypress", Category.BRONZE, 0, F.TENURE, P(days=365)),
    Badge("yeartwobadge", "Redwood", Category.SILVER, 0, F.TENURE, P(days=730)),
    Badge("yearthreebadge", "Sequoia", Category.GOLD, 0, F.TENURE, P(days=1095)),
    Badge("actonesceneonebadge", "Act I Scene I", Category.BRONZE, 0, F.VIDEO_TIME, P(seconds=20 * MIN)),
    Badge("fivedayconsecutiveactivitybadge", "Good Habits", Category.BRONZE, 0, F.CONSECUTIVE_ACTIVITY, P(days=5)),
    Badge("fifteendayconsecutiveactivitybadge", "Like Clockwork", Category.SILVER, 0, F.CONSECUTIVE_ACTIVITY,
          P(days=15)),
    Badge("thirtydayconsecutiveactivitybadge", "Atomic Clockwork", Category.SILVER, 0, F.CONSECUTIVE_ACTIVITY,
          P(days=30)),
    Badge("hundreddayconsecutiveactivitybadge", "10,000 Year Clock", Category.GOLD, 0, F.CONSECUTIVE_ACTIVITY,
          P(days=100)),
    Badge("monthlytoparithmeticianbadge", "Top Arithmetician", Category.PLATINUM, 0, F.MONTHLY_TOP,
          P(subject="Arithmetic"), background_only=True),
    Badge("monthlytopprealgebraistbadge", "Top Pre-algebraist", Category.PLATINUM, 0, F.MONTHLY_TOP,
          P(subject="Pre-algebra"), background_only=True),
    Badge("monthlytopalgebraistbadge", "Top Algebraist", Category.PLATINUM, 0, F.MONTHLY_TOP,
          P(subject="Algebra"), background_only=True),
    Badge("monthlytoptrigonometricianbadge", "Top Trigonometrician", Category.PLATINUM, 0, F.MONTHLY_TOP,
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
