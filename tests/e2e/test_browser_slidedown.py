"""The product's promise, in a real browser: the 20th right answer in a row slides down Nice Streak at once,
and the badge is never awarded again for that exercise."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser_pages import answer_by_keyboard, wait_until_dropped
from tests.support import in_namespace

pytestmark = pytest.mark.browser
NICE = '#badge-slidedown .slidedown-badge[data-badge-name="nicestreakbadge"]'
ACK = "**/api/v1/user/notifications/ack"


def test_twentieth_correct_answer_slides_down_nice_streak(page):
    page.goto("/exercise/addition_1")
    for number in range(1, 20):
        answer_by_keyboard(page, number)
        expect(page.locator("#streak-count")).to_have_text(str(number))
        page.keyboard.press("Enter")
    expect(page.locator(NICE)).to_have_count(0)
    with page.expect_response(ACK) as acknowledged:  # the slide-down tells the server what it showed
        answer_by_keyboard(page, 20)
        nice = page.locator(NICE)
        expect(nice).to_be_visible(timeout=30_000)
    assert acknowledged.value.ok
    expect(nice).to_contain_text("Nice Streak")
    expect(nice).to_contain_text("Addition 1")
    wait_until_dropped(page)
    page.screenshot(path=str(ARTIFACTS / "nice-streak-slidedown.png"))
    badges = page.request.get("/api/v1/user/badges").json()["badges"]
    assert [b["count"] for b in badges if b["name"] == "nicestreakbadge"] == [1]
    page.reload()  # returns after the load event: the page's pending notifications have already been queued
    assert json.loads(page.locator("#pending-badges").text_content()) == []
    expect(page.locator("#badge-slidedown .slidedown-badge")).to_have_count(0)
    expect(page.locator("#problem-number")).to_have_text("21")
    answer_by_keyboard(page, 21)
    expect(page.locator("#streak-count")).to_have_text("21")
    badges = page.request.get("/api/v1/user/badges").json()["badges"]
    assert [b["count"] for b in badges if b["name"] == "nicestreakbadge"] == [1]


def test_a_video_badge_slides_down_the_moment_the_players_log_returns(page, app):
    from content.videos import VIDEOS
    from models.user import UserData

    page.goto("/")
    user_id = page.evaluate("fetch('/api/v1/user').then(r => r.json()).then(u => u.user_id)")
    with in_namespace(app):  # 19 min 57 s watched before: three more seconds reach Act I Scene I (20 min)
        UserData(id=user_id, nickname="viewer", badge_counts=[0] * 6, total_seconds_watched=1197.0).put()
    page.goto(f"/video/{VIDEOS[0].youtube_id}")
    page.locator("#play").click()
    expect(page.locator("#time")).to_contain_text("0:04 /", timeout=8000)
    page.locator("#play").click()  # pause: the player logs what was played
    act_one = page.locator('#badge-slidedown .slidedown-badge[data-badge-name="actonesceneonebadge"]')
    expect(act_one).to_be_visible(timeout=5000)
    expect(act_one).to_contain_text("Act I Scene I")
    wait_until_dropped(page)
    page.screenshot(path=str(ARTIFACTS / "video-badge-slidedown.png"))
