"""The exercise catalogue: one row per exercise, in teaching order.

Invariants (checked by tests/unit/test_content_catalog.py):
- every exercise named by a completion badge in SPEC-BADGES.md §5 is here, and every ``kind`` has a generator;
- prerequisites and covers name exercises defined *earlier* in ``EXERCISES``, so the order is a topological order
  of the prerequisite graph (no cycles) and doubles as ``Exercise.position``;
- a subject's ``*_challenge`` is summative and its prerequisites are exactly the exercises of that subject's level
  badges, so its required streak is 10 × that count;
- an exercise that appears in two subjects' badges (multiplying_fractions, dividing_fractions: Arithmetic and
  Pre-algebra; exponents_3: Pre-algebra and Algebra) belongs to the first subject that teaches it;
- ``covers`` only links a numbered exercise to its previous level (addition_2 covers addition_1); challenges
  cover nothing, so a challenge never grants proficiency the student has not shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from learning import proficiency

SUBJECTS = ("Arithmetic", "Pre-algebra", "Algebra", "Trigonometry")
_PROPER_NOUNS = {"pythagorean": "Pythagorean"}


@dataclass(frozen=True)
class ExerciseDef:
    """One exercise; ``kind`` names its generator in ``content.generators.KINDS`` (empty for a summative one)."""

    name: str
    display_name: str
    subject: str
    prerequisites: tuple[str, ...]
    covers: tuple[str, ...]
    summative: bool
    kind: str

    @property
    def required_streak(self) -> int:
        return proficiency.required_streak(self.summative, len(self.prerequisites))


def _display(name: str) -> str:
    words = [_PROPER_NOUNS.get(word, word) for word in name.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def _previous_level(name: str) -> tuple[str, ...]:
    stem, _, level = name.rpartition("_")
    return (f"{stem}_{int(level) - 1}",) if level.isdigit() and int(level) > 1 else ()


def _ex(name: str, subject: str, *prerequisites: str, covers: tuple[str, ...] | None = None) -> ExerciseDef:
    covers = _previous_level(name) if covers is None else covers
    return ExerciseDef(name, _display(name), subject, prerequisites, covers, False, name)


def _challenge(subject: str, *prerequisites: str) -> ExerciseDef:
    name = f"{subject.lower()}_challenge"
    return ExerciseDef(name, _display(name), subject, prerequisites, (), True, "")


_A, _P, _G, _T = SUBJECTS
EXERCISES: tuple[ExerciseDef, ...] = (
    _ex("addition_1", _A),
    _ex("addition_2", _A, "addition_1"),
    _ex("addition_3", _A, "addition_2"),
    _ex("addition_4", _A, "addition_3"),
    _ex("subtraction_1", _A, "addition_1"),
    _ex("subtraction_2", _A, "subtraction_1", "addition_2"),
    _ex("subtraction_3", _A, "subtraction_2"),
    _ex("subtraction_4", _A, "subtraction_3"),
    _ex("multiplication_1", _A, "addition_1"),
    _ex("multiplication_2", _A, "multiplication_1", "addition_2"),
    _ex("multiplication_3", _A, "multiplication_2"),
    _ex("multiplication_4", _A, "multiplication_3"),
    _ex("division_1", _A, "multiplication_1"),
    _ex("division_2", _A, "division_1", "multiplication_2", "subtraction_2"),
    _ex("division_3", _A, "division_2", "multiplication_3"),
    _ex("division_4", _A, "division_3"),
    _ex("adding_decimals", _A, "addition_4"),
    _ex("multiplying_decimals", _A, "multiplication_4", "adding_decimals"),
    _ex("dividing_decimals", _A, "division_4", "multiplying_decimals"),
    _ex("equivalent_fractions", _A, "multiplication_2"),
    _ex("multiplying_fractions", _A, "equivalent_fractions"),
    _ex("dividing_fractions", _A, "multiplying_fractions"),
    _challenge(_A, "addition_1", "subtraction_1", "multiplication_1", "division_1", "addition_4", "subtraction_4",
               "multiplication_4", "division_4", "multiplying_decimals", "dividing_decimals",
               "multiplying_fractions", "dividing_fractions"),
    _ex("exponents_1", _P, "multiplication_2"),
    _ex("adding_and_subtracting_negative_numbers", _P, "subtraction_2"),
    _ex("multiplying_and_dividing_negative_numbers", _P, "adding_and_subtracting_negative_numbers", "division_2"),
    _ex("exponents_2", _P, "exponents_1", "multiplying_and_dividing_negative_numbers"),
    _ex("exponents_3", _P, "exponents_2", "multiplying_fractions"),
    _ex("adding_and_subtracting_fractions", _P, "equivalent_fractions"),
    _ex("order_of_operations", _P, "exponents_1", "multiplying_and_dividing_negative_numbers"),
    _ex("ordering_numbers", _P, "equivalent_fractions", "adding_decimals"),
    _ex("scientific_notation", _P, "exponents_2", "multiplying_decimals"),
    _ex("units", _P, "multiplying_decimals"),
    _ex("simplifying_radicals", _P, "exponents_1"),
    _challenge(_P, "exponents_1", "adding_and_subtracting_negative_numbers", "adding_and_subtracting_fractions",
               "exponents_2", "multiplying_and_dividing_negative_numbers", "multiplying_fractions",
               "dividing_fractions", "exponents_3", "order_of_operations", "ordering_numbers",
               "scientific_notation", "units", "simplifying_radicals"),
    _ex("exponent_rules", _G, "exponents_3"),
    _ex("logarithms_1", _G, "exponents_3"),
    _ex("linear_equations_1", _G, "multiplying_and_dividing_negative_numbers"),
    _ex("linear_equations_2", _G, "linear_equations_1"),
    _ex("linear_equations_3", _G, "linear_equations_2"),
    _ex("linear_equations_4", _G, "linear_equations_3", "adding_and_subtracting_fractions"),
    _ex("percentage_word_problems_1", _G, "multiplying_decimals"),
    _ex("percentage_word_problems_2", _G, "percentage_word_problems_1", "linear_equations_1"),
    _ex("expressions_with_unknown_variables", _G, "order_of_operations"),
    _ex("expressions_with_unknown_variables_2", _G, "expressions_with_unknown_variables",
        covers=("expressions_with_unknown_variables",)),
    _ex("functions_1", _G, "expressions_with_unknown_variables"),
    _ex("functions_2", _G, "functions_1", "exponents_2"),
    _ex("functions_3", _G, "functions_2"),
    _ex("domain_of_a_function", _G, "functions_1", "linear_equations_1"),
    _ex("even_and_odd_functions", _G, "functions_2"),
    _ex("shifting_and_reflecting_functions", _G, "functions_2"),
    _ex("inverses_of_functions", _G, "functions_1", "linear_equations_2"),
    _ex("slope_of_a_line", _G, "multiplying_and_dividing_negative_numbers", "equivalent_fractions"),
    _ex("midpoint_formula", _G, "adding_and_subtracting_negative_numbers"),
    _ex("equation_of_a_line", _G, "slope_of_a_line", "linear_equations_2"),
    _ex("line_relationships", _G, "slope_of_a_line"),
    _ex("systems_of_equations", _G, "linear_equations_3"),
    _ex("multiplying_expressions_1", _G, "exponent_rules", "multiplying_and_dividing_negative_numbers"),
    _ex("linear_inequalities", _G, "linear_equations_2"),
    _ex("average_word_problems", _G, "linear_equations_1"),
    _ex("solving_quadratics_by_factoring", _G, "multiplying_expressions_1"),
    _ex("quadratic_equation", _G, "solving_quadratics_by_factoring", "simplifying_radicals"),
    _ex("solving_for_a_variable", _G, "linear_equations_2"),
    _ex("new_definitions_1", _G, "expressions_with_unknown_variables"),
    _ex("new_definitions_2", _G, "new_definitions_1"),
    _ex("absolute_value_equations", _G, "linear_equations_2"),
    _ex("radical_equations", _G, "linear_equations_2", "exponents_1"),
    _ex("rate_problems_1", _G, "linear_equations_1"),
    _challenge(_G, "exponents_3", "exponent_rules", "logarithms_1", "linear_equations_1",
               "percentage_word_problems_1", "functions_1", "linear_equations_2", "percentage_word_problems_2",
               "functions_2", "domain_of_a_function", "even_and_odd_functions", "shifting_and_reflecting_functions",
               "linear_equations_3", "systems_of_equations", "multiplying_expressions_1", "inverses_of_functions",
               "slope_of_a_line", "midpoint_formula", "line_relationships", "functions_3", "linear_equations_4",
               "linear_inequalities", "average_word_problems", "equation_of_a_line",
               "solving_quadratics_by_factoring", "quadratic_equation", "solving_for_a_variable",
               "expressions_with_unknown_variables", "new_definitions_1", "new_definitions_2",
               "expressions_with_unknown_variables_2", "absolute_value_equations", "radical_equations",
               "rate_problems_1"),
    _ex("angles_1", _T, "subtraction_3"),
    _ex("angles_2", _T, "angles_1"),
    _ex("pythagorean_theorem_1", _T, "exponents_1"),
    _ex("pythagorean_theorem_2", _T, "pythagorean_theorem_1", "simplifying_radicals"),
    _ex("distance_formula", _T, "pythagorean_theorem_1", "adding_and_subtracting_negative_numbers"),
    _ex("radians_and_degrees", _T, "angles_2", "multiplying_fractions"),
    _ex("trigonometry_1", _T, "pythagorean_theorem_1", "angles_2"),
    _ex("trigonometry_2", _T, "trigonometry_1", "radians_and_degrees"),
    _ex("graphs_of_sine_and_cosine", _T, "trigonometry_2"),
    _ex("inverse_trig_functions", _T, "trigonometry_2"),
    _ex("trig_identities_1", _T, "trigonometry_1"),
    _challenge(_T, "angles_2", "distance_formula", "pythagorean_theorem_1", "pythagorean_theorem_2",
               "trigonometry_1", "trigonometry_2", "graphs_of_sine_and_cosine", "inverse_trig_functions",
               "trig_identities_1"),
)

EXERCISES_BY_NAME: dict[str, ExerciseDef] = {exercise.name: exercise for exercise in EXERCISES}
