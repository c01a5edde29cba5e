"""The pages in a real browser (headless Debian Chromium via Playwright), with no internet: answer addition_1 by
keyboard and watch the streak bar, points and slide-down move; play the local video player and see its points.
A missing Chromium is a failure, never a skip (the infra scripts install it)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from content.videos import VIDEOS
from tests.e2e.conftest import ARTIFACTS
from tests.support import in_namespace

SUM = re.compile(r"^\s*(-?\d+)\s*\+\s*(-?\d+)\s*$")

pytestmark = pytest.mark.browser


def wait_until_dropped(page) -> None:
    """Wait until the slide-down is open and its drop transition has ended (the box is at rest)."""
    page.wait_for_function("""() => {
        const box = document.getElementById("badge-slidedown");
        return box.classList.contains("open") && box.getAnimations().length === 0;
    }""")


def answer_by_keyboard(page, number: int) -> None:
    expect(page.locator("#problem-number")).to_have_text(str(number))
    question = SUM.match(page.locator("#question").inner_text())
    assert question, page.locator("#question").inner_text()
    page.locator("#answer").press_sequentially(str(int(question[1]) + int(question[2])))
    page.keyboard.press("Enter")


def test_answering_by_keyboard_moves_streak_points_and_badges(page):
    page.goto("/exercise/addition_1")
    answer_by_keyboard(page, 1)
    expect(page.locator("#streak-count")).to_have_text("1")
    expect(page.locator("#streak-bar span.on")).to_have_count(1)
    expect(page.locator("#user-points")).to_have_text("75")  # first right answer: 15 x 5 (not yet proficient)
    expect(page.locator("#points-flash")).to_have_text("+75")
    page.keyboard.press("Enter")  # next problem, by keyboard too
    for number in range(2, 6):
        answer_by_keyboard(page, number)
        expect(page.locator("#streak-count")).to_have_text(str(number))
        page.keyboard.press("Enter")
    expect(page.locator("#total-done")).to_have_text("5")
    expect(page.locator("#streak-bar span.on")).to_have_count(5)
    steam = page.locator('#badge-slidedown .slidedown-badge[data-badge-name="nicetimedproblembadge"]')
    expect(steam).to_be_visible()  # five fast right answers in a row: "Picking Up Steam"
    expect(steam).to_contain_text("Addition 1")
    expect(page.locator('[data-badge-count="0"]')).to_have_text("1")
    expect(page.locator("#problem-number")).to_have_text("6")
    wait_until_dropped(page)
    page.screenshot(path=str(ARTIFACTS / "exercise.png"))
    page.locator("#badge-slidedown .close").click()
    expect(page.locator("#badge-slidedown")).to_be_hidden()
    page.goto("/profile")
    expect(page.locator('#badges [data-badge-name="nicetimedproblembadge"]')).to_contain_text("Addition 1")
    page.screenshot(path=str(ARTIFACTS / "profile-with-badge.png"), full_page=True)


def test_wrong_answer_can_be_retried(page):
    page.goto("/exercise/addition_1")
    expect(page.locator("#problem-number")).to_have_text("1")
    page.locator("#answer").press_sequentially("-99999")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_contain_text("Not quite")
    answer_by_keyboard(page, 1)
    expect(page.locator("#feedback")).to_contain_text("Press Enter")
    expect(page.locator("#total-done")).to_have_text("1")
    expect(page.locator("#streak-count")).to_have_text("0")


def test_local_video_player_logs_what_was_played(page):
    video = VIDEOS[0]
    page.goto(f"/video/{video.youtube_id}")
    page.locator("#play").click()
    expect(page.locator("#time")).to_contain_text("0:02 /", timeout=5000)
    page.locator("#play").click()  # pause logs the seconds played
    expect(page.locator("#video-points")).not_to_have_text("0")
    expect(page.locator("#video-watched")).to_have_text(re.compile(r"^[23]$"))
    page.screenshot(path=str(ARTIFACTS / "video.png"))


def test_pages_render_in_the_browser(page):
    for path, name in (("/", "home"), ("/badges", "badges"), ("/profile", "profile"),
                       ("/badges/nicestreakbadge", "badge"), ("/login", "login"), ("/video/nope", "not-found")):
        page.goto(path)
        expect(page.locator(".site-header")).to_contain_text("Meteorite")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_pending_award_slides_down_on_the_next_page(page, app):
    import datetime

    from google.cloud import ndb

    from badges import awards
    from badges.catalog import BY_NAME

    page.goto("/exercise/addition_1")
    answer_by_keyboard(page, 1)  # the student now exists
    expect(page.locator("#total-done")).to_have_text("1")
    user_id = page.evaluate("fetch('/api/v1/user').then(r => r.json()).then(u => u.user_id)")

    def sweep_award():
        user = ndb.Key("UserData", user_id).get()
        _, entities = awards.award(user, BY_NAME["nicestreakbadge"], "Addition 1", datetime.datetime(2012, 3, 5),
                                   source="sweep", backfilled=True)
        ndb.put_multi([user, *entities])

    with in_namespace(app):
        ndb.transaction(sweep_award)
    page.goto("/badges")
    streak = page.locator('#badge-slidedown .slidedown-badge[data-badge-name="nicestreakbadge"]')
    expect(streak).to_contain_text("Nice Streak — Addition 1")
    expect(streak).to_contain_text("(for past work)")
    wait_until_dropped(page)
    page.screenshot(path=str(ARTIFACTS / "pending.png"))
    streak.click()
    expect(page).to_have_url(re.compile(r"/badges/nicestreakbadge$"))


def test_slide_down_queues_actions_and_shows_a_batch_together(page):
    page.goto("/")
    page.evaluate("""async () => {
        const { showBadges } = await import('/static/js/slidedown.js');
        const badge = (name, description) => ({name, description, badge_category: 0, points: 100});
        showBadges([badge('one', 'First'), badge('two', 'Second')]);
        showBadges([badge('three', 'Third')]);
    }""")
    box = page.locator("#badge-slidedown")
    expect(box.locator(".slidedown-badge")).to_have_count(2)
    expect(box).to_contain_text("+100")
    box.locator(".close").click()
    expect(box.locator('.slidedown-badge[data-badge-name="three"]')).to_be_visible()
    expect(box.locator(".slidedown-badge")).to_have_count(1)
