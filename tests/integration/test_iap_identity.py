"""Identity-Aware Proxy sign-in: a JWT signed with a key made here, verified by google-auth."""
from __future__ import annotations

import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from google.auth import crypt, jwt

from tests.support import seeded_app

AUDIENCE = "/projects/123/apps/meteorite-dev"


def _keypair(kid: str):
    key = ec.generate_private_key(ec.SECP256R1())
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return crypt.ES256Signer.from_string(private_pem, key_id=kid), public_pem


def _token(signer, **overrides) -> str:
    now = int(time.time())
    claims = {"iss": "https://cloud.google.com/iap", "aud": AUDIENCE, "sub": "accounts.google.com:1234",
              "email": "accounts.google.com:grace@example.com", "iat": now, "exp": now + 600}
    claims.update(overrides)
    return jwt.encode(signer, claims).decode()


@pytest.fixture
def iap_app(config):
    signer, public_pem = _keypair("k1")
    app = seeded_app(config.with_(iap_audience=AUDIENCE, iap_certs={"k1": public_pem},
                                  admin_emails=("grace@example.com",)))
    return app, signer


def test_verified_assertion_signs_the_student_in(iap_app):
    app, signer = iap_app
    client = app.test_client()
    body = client.get("/api/v1/user", headers={"X-Goog-IAP-JWT-Assertion": _token(signer)}).get_json()
    assert body["is_phantom"] is False and body["email"] == "grace@example.com" and body["is_admin"] is True
    assert body["user_id"] == "iap-1234"


@pytest.mark.parametrize("label,make", [
    ("missing", lambda signer: None),
    ("garbage", lambda signer: "not.a.jwt"),
    ("wrong audience", lambda signer: _token(signer, aud="/projects/999/apps/other")),
    ("wrong issuer", lambda signer: _token(signer, iss="https://evil.example.com")),
    ("expired", lambda signer: _token(signer, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)),
    ("unknown key", lambda signer: _token(_keypair("k2")[0])),
])
def test_forged_or_missing_assertion_is_refused(iap_app, label, make):
    app, signer = iap_app
    token = make(signer)
    headers = {"X-Goog-IAP-JWT-Assertion": token} if token else {}
    response = app.test_client().get("/api/v1/user", headers=headers)
    assert response.status_code == 403, label
    assert response.get_json()["error"]
