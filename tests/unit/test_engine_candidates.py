"""Which badges an action can earn: exactly the catalogue lists the spec names, per action type."""
from badges import catalog, engine
from badges.context import BadgeContext, ExerciseInfo
from tests.unit.badge_fakes import T0, User, UserExercise, UserPlaylist


def base(**kw) -> BadgeContext:
    return BadgeContext(now=T0, user=User(), **kw)


def test_a_problem_checks_non_context_and_that_exercises_badges():
    got = list(engine.flatten(engine.problem_candidates(base(exercise=ExerciseInfo("addition_1", "Addition 1")))))
    assert [b for b, c, _ in got if c is None] == list(catalog.NON_CONTEXT)
    assert {(b.name, c) for b, c, _ in got if c} == {(b.name, "Addition 1") for b in catalog.EXERCISE_BADGES}


def test_a_video_checks_the_playlist_badges_of_every_playlist_holding_it():
    lists = [UserPlaylist("p1", "Algebra"), UserPlaylist("p2", "Worked examples")]
    got = list(engine.flatten(engine.video_candidates(base(), lists)))
    contexts = [c for _, c, _ in got if c]
    assert sorted(set(contexts)) == ["Algebra", "Worked examples"]
    assert len(contexts) == 2 * len(catalog.PLAYLIST_BADGES)
    assert all(ctx.user_playlist.title == c for _, c, ctx in got if c)
    assert not any(b.background_only for b, _, _ in got)


def test_the_sweep_checks_everything_a_user_could_hold():
    pairs = [(UserExercise("addition_1"), ExerciseInfo("addition_1", "Addition 1")),
             (UserExercise("subtraction_1"), ExerciseInfo("subtraction_1", "Subtraction 1"))]
    got = list(engine.flatten(engine.user_candidates(base(), pairs, [UserPlaylist()])))
    expected = len(catalog.NON_CONTEXT) + 2 * len(catalog.EXERCISE_BADGES) + len(catalog.PLAYLIST_BADGES)
    assert len(got) == expected
    assert {ctx.exercise.name for b, _, ctx in got if b in catalog.EXERCISE_BADGES} == {"addition_1", "subtraction_1"}
