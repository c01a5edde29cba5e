"""Problem generators, one function per kind, each ``(rng: random.Random) -> Problem``.

Invariants: a generator draws every random choice from the ``rng`` it is given (so a seeded ``rng`` gives the same
problem every time) and never does I/O. ``KINDS`` is the registry: a plain dict, kind name -> generator.
"""
from __future__ import annotations

from random import Random
from typing import Callable

from content.generators import arithmetic, equations, functions, prealgebra, trigonometry, word_problems
from content.problem_types import Problem

Generator = Callable[[Random], Problem]

KINDS: dict[str, Generator] = {
    **arithmetic.KINDS,
    **prealgebra.KINDS,
    **equations.KINDS,
    **functions.KINDS,
    **word_problems.KINDS,
    **trigonometry.KINDS,
}
