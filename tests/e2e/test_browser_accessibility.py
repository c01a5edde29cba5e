"""Every page is usable by every student: axe-core's WCAG 2.1 A and AA rules, run in Chromium on each page (the
admin page and the pages' live states included), find no violation.

axe-core comes pinned from PyPI (axe-playwright-python ships axe.min.js); the test hands it to the page with
`page.evaluate`, which runs through the DevTools protocol and so is not subject to the page's Content-Security-
Policy: the pages are checked under their real CSP, and the `page` fixture still fails on any CSP violation.
"""
from __future__ import annotations

import datetime
import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import expect

from content.videos import VIDEOS
from tests.e2e.test_browser_pages import answer_by_keyboard
from tests.support import in_namespace

pytestmark = pytest.mark.browser
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STUDENT_PAGES = (
    ("home", "/"),
    ("exercise", "/exercise/addition_1"),
    ("video", f"/video/{VIDEOS[0].youtube_id}"),
    ("badges", "/badges"),
    ("badge", "/badges/nicestreakbadge"),
    ("profile", "/profile"),
    ("login", "/login"),
    ("not found page", "/video/nosuchvideo"),
    ("unknown route", "/no/such/route"),
)


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page as it is now; the violations axe reports."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options).then(results => results.violations)", options)


def describe(where: str, violations: list[dict]) -> str:
    """One line per violation and one per node: rule id, impact, the node's selector and axe's own summary."""
    lines = []
    for violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): "
                     f"{violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_accessible(results: dict[str, list[dict]]) -> None:
    failing = {where: found for where, found in results.items() if found}
    assert not failing, "axe-core WCAG 2.1 AA violations:\n" + "\n".join(
        describe(where, found) for where, found in failing.items())


def test_axe_reports_what_it_should(page):
    """The check itself can fail: a planted low-contrast paragraph and an image without alt text are reported."""
    page.goto("/")
    page.evaluate("""() => {
        const faint = document.createElement('p');
        faint.textContent = 'Barely readable';
        faint.style.color = '#cccccc';  // through the CSSOM, which the CSP allows
        const image = document.createElement('img');
        image.src = '/static/icons/category-1.svg';
        document.querySelector('main').append(faint, image);
    }""")
    found = {violation["id"]: violation for violation in axe_violations(page)}
    assert set(found) == {"color-contrast", "image-alt"}, describe("planted", list(found.values()))
    faint_nodes = [node["html"] for node in found["color-contrast"]["nodes"]]
    assert faint_nodes == ['<p style="color: rgb(204, 204, 204);">Barely readable</p>'], faint_nodes
    report = describe("planted", list(found.values()))
    assert "color-contrast (serious, 1 nodes)" in report and "image-alt (critical, 1 nodes)" in report, report


def test_every_student_page_has_no_wcag_violation(page):
    page.goto("/exercise/addition_1")
    answer_by_keyboard(page, 1)  # the student exists and has points, a streak and a pending problem
    results = {}
    for name, path in STUDENT_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        results[name] = axe_violations(page)
    assert_accessible(results)


def test_live_states_have_no_wcag_violation(page):
    """What the scripts draw: answer feedback, the points flash, a hint, the streak bar and the slide-down."""
    results = {}
    page.goto("/exercise/addition_1")
    expect(page.locator("#problem-number")).to_have_text("1")
    page.locator("#answer").press_sequentially("-99999")
    page.keyboard.press("Enter")
    expect(page.locator("#feedback")).to_contain_text("Not quite")
    results["exercise, wrong answer"] = axe_violations(page)
    page.locator("#hint").click()
    expect(page.locator("#hints li")).to_have_count(1)
    answer_by_keyboard(page, 1)
    expect(page.locator("#feedback")).to_contain_text("Press Enter")
    results["exercise, right answer and hint"] = axe_violations(page)
    page.evaluate("""async () => {
        const { showBadges } = await import('/static/js/slidedown.js');
        showBadges([{name: 'nicestreakbadge', description: 'Nice Streak', badge_category: 0, points: 100,
                     target_context_name: 'Addition 1', safe_extended_description: 'Answer 20 in a row'}]);
    }""")
    expect(page.locator("#badge-slidedown.open")).to_be_visible()
    page.wait_for_timeout(600)  # let it finish dropping
    results["slide-down"] = axe_violations(page)
    page.goto(f"/video/{VIDEOS[0].youtube_id}")
    page.locator("#play").click()
    expect(page.locator("#time")).to_contain_text("0:01 /", timeout=5000)
    results["video, playing"] = axe_violations(page)
    page.locator("#play").click()
    assert_accessible(results)


def test_credential_actions_and_the_credential_page_have_no_wcag_violation(page, app):
    """A signed-in holder's profile and badge page with Share and Download (after sharing), the credential's public
    page, verified and revoked; and a phantom holder's profile, which says to sign in."""
    from credentials import revocation
    from tests.e2e.conftest import ARTIFACTS
    from tests.e2e.test_browser_credentials import sign_in
    from tests.support import award_badge, in_namespace

    results = {}
    page.goto("/profile")
    phantom = page.evaluate("() => fetch('/api/v1/user').then(r => r.json()).then(me => me.user_id)")
    award_badge(app, phantom, "nicestreakbadge", "Addition 1")
    page.goto("/profile")
    expect(page.locator(".sign-in-to-share")).to_be_visible()
    results["profile, phantom holder"] = axe_violations(page)
    sign_in(page, "pupil@example.com", "/profile")
    user_id = page.evaluate("() => fetch('/api/v1/user').then(r => r.json()).then(me => me.user_id)")
    award_badge(app, user_id, "gettingstartedbadge", None)
    award_badge(app, user_id, "nicestreakbadge", "Addition 1")
    page.goto("/profile")
    expect(page.locator("[data-credential-share]")).to_have_count(2)
    page.locator('[data-credential-share][data-badge="gettingstartedbadge"]').click()
    link = page.locator(".share-result a")
    expect(link).to_be_visible()
    address = link.get_attribute("href")
    page.screenshot(path=str(ARTIFACTS / "profile-credentials.png"))
    results["profile, holder after sharing"] = axe_violations(page)
    page.goto("/badges/nicestreakbadge")
    expect(page.locator("#your-credentials [data-credential-share]")).to_be_enabled()
    results["badge page, holder"] = axe_violations(page)
    page.goto(address)
    expect(page.locator("#credential-status")).to_contain_text("Verified")
    results["credential page, verified"] = axe_violations(page)
    with in_namespace(app):
        assert revocation.set_revoked(user_id, "gettingstartedbadge", True)
    page.reload()
    expect(page.locator("#credential-status")).to_contain_text("Revoked")
    results["credential page, revoked"] = axe_violations(page)
    assert_accessible(results)


def sign_in_as_admin(page, then: str) -> None:
    """The development /login form, as a person fills it in."""
    page.goto(f"/login?next={then}")
    page.locator('input[name="email"]').fill("admin@example.com")
    page.locator('input[name="admin"]').check()
    page.locator('main button[type="submit"]').click()
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))


def test_admin_page_has_no_wcag_violation(page, app):
    """The admin page with sweep runs in its table (one done, one failed), a custom badge and a message."""
    from models.sweep import SweepRun

    started = datetime.datetime(2012, 3, 5, 10, 0)
    with in_namespace(app):
        SweepRun(id="run-done", created=started, state="done", page_size=100, users_estimate=3).put()
        SweepRun(id="run-failed", created=started, state="failed", reason="tasks unavailable", page_size=100,
                 users_estimate=3).put()
    sign_in_as_admin(page, "/admin/badges")
    expect(page.locator("h1")).to_contain_text("administration")
    results = {"admin": axe_violations(page)}
    create = page.locator('form[action="/admin/badges/custom"]')
    create.locator('input[name="name"]').fill("helper_of_the_week")
    create.locator('textarea[name="description"]').fill("Helped a classmate this week")
    create.locator('button[type="submit"]').click()
    expect(page.locator(".admin-message")).to_contain_text("Created helper_of_the_week")
    expect(page.locator(".admin-runs progress")).to_have_count(2)
    results["admin, after creating a custom badge"] = axe_violations(page)
    assert_accessible(results)


def test_admin_tools_have_no_wcag_violation(page, app, task_queues):
    """The programme table with its charts, a revocation in the audit, and a dry run started in the page (its
    progress bar while its pages wait in the paused queue, then its counts once they are delivered)."""
    from badges import catalog, revocation
    from badges.awards import grant
    from google.cloud import ndb
    from models.user import UserData
    from tests.integration.dryrun_users import populate

    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)  # the page's clock: a browser pins none
    with in_namespace(app):
        populate(12)
        for i, uid in enumerate(("d0000", "d0001", "d0002")):
            grant(ndb.Key(UserData, uid), catalog.BY_NAME["gettingstartedbadge"], None,
                  now - datetime.timedelta(days=i * 3), source="admin")
        target = revocation.parse({"email": "d0001@example.com", "badge": "gettingstartedbadge", "context": None,
                                   "reason": "shared account"})
        revocation.revoke(target, "admin@example.com", now)
    sign_in_as_admin(page, "/admin/badges")
    expect(page.locator("svg.award-chart path.award-chart-bars")).to_have_count(1)
    expect(page.locator(".admin-audit")).to_contain_text("shared account")
    results = {"admin tools": axe_violations(page)}
    page.locator("#dryrun-family").select_option("streak")
    expect(page.locator("#dryrun-params")).to_have_value('{"streak":30}')
    page.locator('#dryrun-form button[type="submit"]').click()
    expect(page.locator("#dryrun-status")).to_contain_text("running")
    expect(page.locator("#dryrun-progress")).to_have_attribute("aria-label", "dry run progress: 0%")
    results["dry run, waiting"] = axe_violations(page)
    assert len(task_queues.deliver(app.test_client(), "badge-sweep", set())) == 1
    expect(page.locator("#dryrun-status")).to_contain_text("done")
    expect(page.locator("#dryrun-progress")).to_have_attribute("aria-label", "dry run progress: 100%")
    expect(page.locator("#dryrun-seen")).to_have_text("12")
    results["dry run, done"] = axe_violations(page)
    assert_accessible(results)
