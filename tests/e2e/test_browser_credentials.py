"""A student's badge as an Open Badges credential, in a real browser: sign in with the development form, earn a
badge by answering problems, share it, open its public page, download the JWT and the baked image, and check them
through the verification API; a tampered JWT is refused; a revoked award reads as revoked.

Revocation is driven here by `credentials.revocation.set_revoked`, the function the admin's revoke endpoint
calls: the status list and the verification answer are what a browser sees either way.
"""
from __future__ import annotations

import base64
import json
import pathlib
import re
import xml.etree.ElementTree as ElementTree

import pytest
import requests
from playwright.sync_api import expect

from credentials import revocation, status_list
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser_pages import answer_by_keyboard
from tests.support import in_namespace

pytestmark = pytest.mark.browser
BADGE = "nicetimedproblembadge"  # "Picking Up Steam": five fast right answers in a row


def sign_in(page, email: str, then: str) -> None:
    """The development /login form, as a person fills it in."""
    page.goto(f"/login?next={then}")
    page.locator('input[name="email"]').fill(email)
    page.locator('main button[type="submit"]').click()
    expect(page).to_have_url(re.compile(re.escape(then) + "$"))


def earn_picking_up_steam(page) -> None:
    page.goto("/exercise/addition_1")
    for number in range(1, 6):
        answer_by_keyboard(page, number)
        expect(page.locator("#streak-count")).to_have_text(str(number))
        page.keyboard.press("Enter")
    expect(page.locator(f'#badge-slidedown .slidedown-badge[data-badge-name="{BADGE}"]')).to_be_visible()


def share_from_profile(page) -> tuple[object, str]:
    """Click Share on the profile's award; the actions' box and the credential page's address it shows."""
    page.goto("/profile")
    actions = page.locator(".credential-actions").filter(has=page.locator(f'[data-badge="{BADGE}"]'))
    actions.get_by_role("button", name=re.compile("^Share")).click()
    link = actions.locator(".share-result a")
    expect(link).to_have_attribute("href", re.compile(r"/credentials/[0-9a-f-]{36}$"))
    expect(actions.locator(".share-result")).to_contain_text(re.compile("Link copied|Share this link"))
    return actions, link.get_attribute("href")


def download(page, actions, name: str) -> str:
    with page.expect_download() as started:
        actions.get_by_role("link", name=re.compile(f"^{name}")).click()
    return pathlib.Path(started.value.path()).read_text()


def verify(live_server: str, token: str) -> dict:
    response = requests.post(f"{live_server}/api/v1/credentials/verify", json={"jwt": token}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_student_shares_downloads_and_verifies_their_credential(page, live_server):
    sign_in(page, "pupil@example.com", "/exercise/addition_1")
    earn_picking_up_steam(page)
    actions, address = share_from_profile(page)
    token = download(page, actions, "Download JWT")
    assert verify(live_server, token) == {"verified": True, "revoked": False, "errors": []}
    baked = ElementTree.fromstring(download(page, actions, "Download image"))
    assert baked[0].tag == "{https://purl.imsglobal.org/ob/v3p0}credential" and baked[0].get("verify") == token
    page.goto(address)
    expect(page.locator("#credential-status")).to_contain_text("Verified")
    expect(page.locator("h1")).to_have_text("Picking Up Steam, Addition 1")
    expect(page.locator("#earner")).to_have_text(re.compile(r"^Student [0-9]{4}$"))
    assert "pupil" not in page.locator("#credential").inner_html().lower()  # the header is the viewer's own
    page.screenshot(path=str(ARTIFACTS / "credential.png"))


def test_a_tampered_credential_is_refused(page, live_server):
    sign_in(page, "pupil@example.com", "/exercise/addition_1")
    earn_picking_up_steam(page)
    actions, _ = share_from_profile(page)
    header, payload, signature = download(page, actions, "Download JWT").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["achievement"]["name"] = "Master of Algebra"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    answer = page.evaluate("""async token => {
        const response = await fetch('/api/v1/credentials/verify', {method: 'POST', body: JSON.stringify({jwt: token}),
                                                                   headers: {'Content-Type': 'application/json'}});
        return {status: response.status, body: await response.json()};
    }""", ".".join([header, forged, signature]))
    assert answer["status"] == 200 and answer["body"]["verified"] is False, answer
    assert "signature does not match" in answer["body"]["errors"][0]


def test_a_revoked_award_reads_revoked_on_its_page_its_status_list_and_verification(page, live_server, app):
    sign_in(page, "pupil@example.com", "/exercise/addition_1")
    earn_picking_up_steam(page)
    actions, address = share_from_profile(page)
    token = download(page, actions, "Download JWT")
    user_id = page.evaluate("() => fetch('/api/v1/user').then(r => r.json()).then(me => me.user_id)")
    with in_namespace(app):
        assert revocation.set_revoked(user_id, f"{BADGE}[Addition 1]", True)
    page.goto(address)
    expect(page.locator("#credential-status")).to_contain_text("Revoked")
    answer = verify(live_server, token)
    assert answer["revoked"] is True and answer["verified"] is False
    entry = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "==="))["credentialStatus"]
    served = requests.get(entry["statusListCredential"], timeout=30).json()
    assert status_list.bit(status_list.decode(served["credentialSubject"]["encodedList"]),
                           int(entry["statusListIndex"]))
