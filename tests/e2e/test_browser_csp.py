"""The Content-Security-Policy as Chromium enforces it: script or style slipped into a page does not run, no other
site can frame the pages, and the browser tests notice every violation (the `page` fixture fails on them)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def wait_for_problems(page, problems: list[str], count: int) -> None:
    for _ in range(50):
        if len(problems) >= count:
            return
        page.wait_for_timeout(100)


def test_injected_inline_script_and_style_are_refused_and_reported(page, browser_problems):
    response = page.goto("/")
    assert "script-src 'self';" in response.headers["content-security-policy"]
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = true';
        document.body.append(script);
        document.querySelector('h1').setAttribute('style', 'color: red');
    }""")
    wait_for_problems(page, browser_problems, 2)
    assert page.evaluate("window.injected === undefined")
    assert page.locator("h1").evaluate("h1 => getComputedStyle(h1).color") != "rgb(255, 0, 0)"
    assert len(browser_problems) == 2, browser_problems
    assert "script" in browser_problems[0] and "style" in browser_problems[1], browser_problems
    browser_problems.clear()  # provoked on purpose: they must not fail this test


def test_no_other_page_can_frame_the_site(page, browser_problems, live_server):
    page.set_content(f'<iframe src="{live_server}/badges"></iframe>')  # a page of no origin of ours
    wait_for_problems(page, browser_problems, 1)
    assert any("frame-ancestors" in problem for problem in browser_problems), browser_problems
    expect(page.frame_locator("iframe").locator(".site-header")).to_have_count(0)
    browser_problems.clear()
