"""Credentials end to end through the app (Datastore and memcached real): who gets one, what it holds, that it
stays the same, verification, revocation through `credentials.revocation.set_revoked`, the public page, the
downloads, the issuer's documents and key rotation."""
from __future__ import annotations

import base64
import concurrent.futures
import datetime
import json
import re
import xml.etree.ElementTree as ElementTree

from credentials import recipient, revocation, schema, status_list, vc_jwt
from credentials.keys import new_key, private_jwk
from models.credentials import CredentialRecord
from tests.support import Student, award_badge, in_namespace, seeded_app

STREAK = "/api/v1/user/badges/nicestreakbadge/credential?context=Addition%201"
EMAIL = "pupil@example.com"


def holder(app, email: str = EMAIL) -> Student:
    student = Student(app).sign_in(email)
    award_badge(app, student.user_id, "nicestreakbadge", "Addition 1")
    return student


def issued(student: Student, path: str = STREAK) -> dict:
    response = student.get(path)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def verified(client, token: str) -> dict:
    response = client.post("/api/v1/credentials/verify", json={"jwt": token})  # no CSRF token: anyone may ask
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_phantom_is_told_to_sign_in(app, student):
    award_badge(app, student.user_id, "nicestreakbadge", "Addition 1")
    response = student.get(STREAK)
    assert response.status_code == 403 and "sign in" in response.get_json()["error"]
    assert student.get("/user/badges/nicestreakbadge/credential.jwt?context=Addition%201").status_code == 403
    profile = student.get("/profile").get_data(as_text=True)
    assert "Sign in</a> to share your badges" in profile and "data-credential-share" not in profile


def test_the_holder_gets_a_valid_credential_naming_them_by_a_salted_hash(app):
    student = holder(app)
    body = issued(student)
    credential = body["credential"]
    assert schema.problems(credential) == []
    assert credential["validFrom"] == "2012-03-05T10:00:00Z" and credential["name"] == "Nice Streak, Addition 1"
    assert recipient.matches(credential["credentialSubject"]["identifier"][0], EMAIL)
    assert "pupil" not in json.dumps(body) and vc_jwt.credential_of(vc_jwt.unverified_parts(body["jwt"])[1]) == \
        credential
    assert verified(student.client, body["jwt"]) == {"verified": True, "revoked": False, "errors": []}


def test_a_credential_is_issued_once_and_then_the_same(app):
    student = holder(app)
    first = issued(student)
    tabs = [student.second_tab() for _ in range(4)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        racing = list(pool.map(issued, tabs))
    assert all(other == first for other in [issued(student), *racing])
    with in_namespace(app):
        records = CredentialRecord.query().fetch()
    assert len(records) == 1 and records[0].jwt == first["jwt"]


def test_each_award_has_its_own_credential_and_status_bit(app):
    student = holder(app)
    award_badge(app, student.user_id, "nicestreakbadge", "Subtraction 1")
    award_badge(app, student.user_id, "gettingstartedbadge", None)
    bodies = [issued(student), issued(student, STREAK.replace("Addition", "Subtraction")),
              issued(student, "/api/v1/user/badges/gettingstartedbadge/credential")]
    assert len({body["credential"]["id"] for body in bodies}) == 3
    assert len({body["credential"]["credentialStatus"]["id"] for body in bodies}) == 3


def test_only_held_awards_and_known_badges_are_issued(app):
    student = holder(app)
    other = Student(app).sign_in("other@example.com")
    cases = [(other, STREAK, 404), (student, STREAK.replace("Addition", "Subtraction"), 404),
             (student, "/api/v1/user/badges/nosuchbadge/credential", 404),
             (student, "/api/v1/user/badges/nicestreakbadge/credential", 400),
             (student, "/api/v1/user/badges/gettingstartedbadge/credential?context=Addition%201", 400),
             (student, "/api/v1/user/badges/nicestreakbadge/credential?context=" + "x" * 600, 400),
             (student, "/user/badges/nicestreakbadge/credential.svg", 400)]
    for who, path, status in cases:
        response = who.get(path)
        assert response.status_code == status and response.get_json()["error"], (path, response.get_json())
    with in_namespace(app):
        assert CredentialRecord.query().count() == 0


def test_verification_refuses_tampered_foreign_and_malformed_tokens_and_bad_bodies(app, client):
    token = issued(holder(app))["jwt"]
    header, payload, signature = token.split(".")
    claims = vc_jwt.unverified_parts(token)[1]
    claims["credentialSubject"]["achievement"]["name"] = "Master of Algebra"
    forged = vc_jwt.sign(vc_jwt.credential_of(claims), new_key(), vc_jwt.unverified_parts(token)[0]["kid"],
                         datetime.datetime(2012, 3, 6))
    tampered = ".".join([header, _segment(claims), signature])
    for bad in (tampered, forged, "not.a.jwt", token[:-4], "x"):
        answer = verified(client, bad)
        assert answer["verified"] is False and answer["errors"], bad
    assert verified(client, f" {token}\n")["verified"] is True  # a pasted token's spaces are not part of it
    for body in ({}, {"jwt": 7}, {"jwt": ""}, {"jwt": " \n"}, {"jwt": None}, [token], {"jwt": "x" * 40000}):
        response = client.post("/api/v1/credentials/verify", json=body)
        assert response.status_code == 400 and response.get_json()["error"], body
    response = client.post("/api/v1/credentials/verify", data="{not json", content_type="application/json")
    assert response.status_code == 400


def _segment(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_revoking_through_the_status_list_and_restoring(app, client):
    student = holder(app)
    body = issued(student)
    status = body["credential"]["credentialStatus"]
    page = "/credentials/" + body["credential"]["id"].rsplit("/", 1)[1]
    with in_namespace(app):
        assert revocation.set_revoked(student.user_id, "nicestreakbadge[Addition 1]", True)
    assert verified(client, body["jwt"])["revoked"] is True and not verified(client, body["jwt"])["verified"]
    served = client.get(status["statusListCredential"].removeprefix("http://localhost")).get_json()
    bits = status_list.decode(served["credentialSubject"]["encodedList"])
    assert status_list.bit(bits, int(status["statusListIndex"])) and sum(bin(b).count("1") for b in bits) == 1
    assert "Revoked" in client.get(page).get_data(as_text=True)
    with in_namespace(app):
        assert revocation.set_revoked(student.user_id, "nicestreakbadge[Addition 1]", False)
    assert verified(client, body["jwt"]) == {"verified": True, "revoked": False, "errors": []}
    assert "✓ Verified" in client.get(page).get_data(as_text=True)


def test_revoking_an_award_without_a_credential_marks_nothing(app):
    student = holder(app)
    with in_namespace(app):
        assert revocation.set_revoked(student.user_id, "nicestreakbadge[Addition 1]", True) is False
        assert revocation.set_revoked("nobody", "gettingstartedbadge", True) is False


def test_revocation_joins_a_callers_cross_group_transaction(app, client):
    from clients.datastore import transact
    from models.user import UserData

    student = holder(app)
    token = issued(student)["jwt"]

    def revoke_award():  # as an admin's revocation would: its own change and the status bit, together
        user = UserData.get_by_id(student.user_id)
        user.owned_badges.remove("nicestreakbadge[Addition 1]")
        user.put()
        return revocation.set_revoked(student.user_id, "nicestreakbadge[Addition 1]", True)

    with in_namespace(app):
        assert transact(revoke_award, xg=True)
    assert verified(client, token)["revoked"] is True
    assert student.get(STREAK).status_code == 404  # no longer held: no credential is handed out


def test_the_public_page_shows_badge_earner_date_and_verification_never_an_email(app, client):
    body = issued(holder(app))
    html = client.get("/credentials/" + body["credential"]["id"].rsplit("/", 1)[1]).get_data(as_text=True)
    assert "Nice Streak, Addition 1" in html and "Mar 5, 2012" in html and "✓ Verified" in html
    assert re.search(r'id="earner">Student [0-9]{4}<', html) and "pupil" not in html.lower()
    for missing in ("/credentials/00000000-0000-5000-8000-000000000000", "/credentials/x", "/credentials/%00"):
        response = client.get(missing)
        assert response.status_code == 404 and "this credential" in response.get_data(as_text=True)


def test_downloads_are_the_jwt_and_the_badge_image_with_it_baked_in(app):
    student = holder(app)
    token = issued(student)["jwt"]
    jwt_file = student.get("/user/badges/nicestreakbadge/credential.jwt?context=Addition%201")
    assert jwt_file.get_data(as_text=True) == token and jwt_file.mimetype == "application/jwt"
    assert jwt_file.headers["Content-Disposition"] == 'attachment; filename="nicestreakbadge-addition-1.jwt"'
    svg_file = student.get("/user/badges/nicestreakbadge/credential.svg?context=Addition%201")
    assert svg_file.mimetype == "image/svg+xml" and "attachment" in svg_file.headers["Content-Disposition"]
    root = ElementTree.fromstring(svg_file.get_data(as_text=True))
    assert root[0].tag == "{https://purl.imsglobal.org/ob/v3p0}credential" and root[0].get("verify") == token


def test_the_issuer_keys_and_status_lists_are_served_to_anyone(app, client):
    token = issued(holder(app))["jwt"]
    kid = vc_jwt.unverified_parts(token)[0]["kid"]
    jwks = client.get("/.well-known/jwks.json")
    assert [key["kid"] for key in jwks.get_json()["keys"]] == [kid] and "d" not in jwks.get_json()["keys"][0]
    assert jwks.headers["Access-Control-Allow-Origin"] == "*"
    profile = client.get("/issuer").get_json()
    assert profile["id"] == "http://localhost/issuer" and "Profile" in profile["type"]
    assert client.get("/credentials/status/1").status_code == 200
    for missing in ("/credentials/status/2", "/credentials/status/0", "/credentials/status/99999999999999999999"):
        response = client.get(missing)
        assert response.status_code == 404 and response.get_json()["error"], missing


def test_rotating_keys_keeps_old_credentials_verifiable(app, config):
    old_token = issued(holder(app))["jwt"]
    old_keys = json.loads(config.credential_signing_keys)
    rotated = seeded_app(config.with_(credential_signing_keys=json.dumps([private_jwk(new_key()), *old_keys])))
    client = rotated.test_client()
    assert verified(client, old_token)["verified"] is True
    newer = issued(holder(rotated, "second@example.com"))["jwt"]
    kids = [key["kid"] for key in client.get("/.well-known/jwks.json").get_json()["keys"]]
    assert vc_jwt.unverified_parts(newer)[0]["kid"] == kids[0] and vc_jwt.unverified_parts(old_token)[0]["kid"] == \
        kids[1]
    forgotten = seeded_app(config.with_(credential_signing_keys=json.dumps([private_jwk(new_key())])))
    assert verified(forgotten.test_client(), old_token)["verified"] is False


def test_an_admins_revocation_reads_revoked_in_the_status_list_and_the_verify_call(app, client):
    from models.user import UserData

    student = holder(app)
    body = issued(student)
    with in_namespace(app):  # as an action by the signed-in student would have stored it
        user = UserData.get_by_id(student.user_id)
        user.email = EMAIL
        user.put()
    admin = Student(app).sign_in("admin@example.com", admin=True)
    target = {"email": EMAIL, "badge": "nicestreakbadge", "context": "Addition 1", "reason": "awarded by mistake"}
    assert admin.post("/admin/badges/revoke", target).get_json() == {"revoked": True}
    assert verified(client, body["jwt"])["revoked"] is True
    status = body["credential"]["credentialStatus"]
    served = client.get(status["statusListCredential"].removeprefix("http://localhost")).get_json()
    assert status_list.bit(status_list.decode(served["credentialSubject"]["encodedList"]),
                           int(status["statusListIndex"]))
    assert admin.post("/admin/badges/restore", target).get_json() == {"restored": True}
    assert verified(client, body["jwt"]) == {"verified": True, "revoked": False, "errors": []}
