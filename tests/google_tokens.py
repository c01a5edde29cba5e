"""Google ID tokens for tests: signed by an RSA key made here (Google signs with RS256), so google-auth's own
verification runs against keys the test controls (the app's ``google_certs``)."""
from __future__ import annotations

import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.auth import crypt, jwt

CLIENT_ID = "1234-test.apps.googleusercontent.com"


def keypair(kid: str):
    """(signer, public PEM) of a new RSA key with key id ``kid``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return crypt.RSASigner.from_string(private_pem, key_id=kid), public_pem


SIGNER, PUBLIC_PEM = keypair("k1")
CERTS = {"k1": PUBLIC_PEM}


def token(signer=SIGNER, **overrides) -> str:
    """A token as Google Identity Services hands it to the page; ``None`` in overrides drops a claim."""
    now = int(time.time())
    claims = {"iss": "https://accounts.google.com", "aud": CLIENT_ID, "azp": CLIENT_ID, "sub": "1098765",
              "email": "Grace@Example.com", "email_verified": True, "iat": now, "exp": now + 600}
    claims.update(overrides)
    return jwt.encode(signer, {k: v for k, v in claims.items() if v is not None}).decode()
