"""Credentials as VC-JWTs (ES256): what the token holds, what verification accepts and refuses (never by raising),
the keys' configuration and rotation."""
from __future__ import annotations

import base64
import datetime
import json

import pytest
from hypothesis import given, settings, strategies as st
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, RSAKey

from config import Config, ConfigError
from credentials import vc_jwt
from credentials.keys import SigningKeys, new_key, private_jwk
from credentials.site import Site
from credentials.verify import verify
from tests.unit.credential_fixtures import NOW, SIGNED, SITE, build, fresh_keys, sign


def never_revoked(number: int, index: int) -> bool:
    return False


def check(token: str, keys: SigningKeys, site: Site = SITE, revoked=never_revoked, now=NOW):
    return verify(token, keys, site, revoked, now)


def segment(value: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_the_token_is_the_credential_with_the_claims_that_mirror_it():
    keys = fresh_keys()
    built = build()
    token = sign(built, keys)
    header, payload = vc_jwt.unverified_parts(token)
    assert header == {"alg": "ES256", "kid": f"{SITE.jwks_url}#{keys.current.thumbprint()}", "typ": "JWT"}
    assert vc_jwt.credential_of(payload) == built
    assert payload["iss"] == built["issuer"]["id"] and payload["jti"] == built["id"]
    assert payload["nbf"] == int(datetime.datetime(2012, 3, 5, 10, 0, 7, tzinfo=datetime.timezone.utc).timestamp())
    assert payload["iat"] == int(SIGNED.replace(tzinfo=datetime.timezone.utc).timestamp())
    assert "sub" not in payload and "exp" not in payload  # the subject has no id; the credential does not expire
    assert jwt.decode(token, keys.current, algorithms=["ES256"]).claims == payload


def test_a_credential_signed_here_verifies():
    keys = fresh_keys()
    result = check(sign(build(), keys), keys)
    assert (result.verified, result.revoked, result.errors) == (True, False, ())
    assert result.credential == build()


def test_a_tampered_payload_is_refused():
    keys = fresh_keys()
    header, payload, signature = sign(build(), keys).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["name"] = "Master of Algebra"
    result = check(".".join([header, segment(claims), signature]), keys)
    assert not result.verified and "signature does not match" in result.errors[0]


def test_a_token_signed_elsewhere_is_refused():
    ours, theirs = fresh_keys(), fresh_keys()
    foreign = check(sign(build(), theirs), ours)
    assert not foreign.verified and "does not publish" in foreign.errors[0]
    forged = vc_jwt.sign(build(), theirs.current, ours.kid(ours.current, SITE.jwks_url), SIGNED)
    assert "signature does not match" in check(forged, ours).errors[0]  # our kid, someone else's key
    elsewhere = Site("https://other.example.org")
    assert not check(sign(build(), ours), ours, site=elsewhere).verified


@pytest.mark.parametrize("token,reason", [
    ("", "malformed"), ("a.b", "malformed"), ("a.b.c", "malformed"), ("..", "malformed"),
    (f"{segment(['x'])}.{segment({})}.c2ln", "malformed"),
    (f"{segment({'alg': 'none', 'kid': 'x'})}.{segment({})}.", "malformed"),
    (f"{segment({'alg': 'none', 'kid': 'x'})}.{segment({})}.c2ln", "unsupported algorithm"),
    (f"{segment({'alg': 'HS256'})}.{segment({})}.c2ln", "unsupported algorithm"),
    (f"{segment({'alg': 'ES256', 'kid': 7})}.{segment({})}.c2ln", "does not publish"),
    ("é.é.é", "malformed"), ("[" * 5000 + "." * 2, "malformed"),
], ids=lambda value: value[:30] if isinstance(value, str) else value)
def test_malformed_tokens_are_refused_with_a_reason(token, reason):
    result = check(token, fresh_keys())
    assert not result.verified and reason in result.errors[0], result.errors


def test_a_deeply_nested_header_is_refused_not_raised():
    nested = base64.urlsafe_b64encode(b"[" * 100_000).decode().rstrip("=")
    assert "malformed" in check(f"{nested}.{nested}.c2ln", fresh_keys()).errors[0]


KEYS_FOR_PROPERTY = fresh_keys()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.lists(st.text(alphabet="AZaz09-_", max_size=40), min_size=3, max_size=3)
       .map(".".join))
def test_no_input_makes_verification_raise(token):
    assert check(token, KEYS_FOR_PROPERTY).verified is False


def test_a_revoked_credential_is_not_verified():
    keys = fresh_keys()
    result = check(sign(build(index=7), keys), keys, revoked=lambda number, index: (number, index) == (1, 7))
    assert result.revoked and not result.verified and "revoked" in result.errors[-1]


def test_a_credential_from_the_future_or_with_lying_claims_is_refused():
    keys = fresh_keys()
    early = check(sign(build(), keys), keys, now=datetime.datetime(2012, 3, 5, 9, 0))
    assert not early.verified and any("not valid yet" in e for e in early.errors)
    built = build()
    kid = keys.kid(keys.current, SITE.jwks_url)
    lying = jwt.encode({"alg": "ES256", "kid": kid}, {**built, **vc_jwt.claims_for(built, SIGNED), "nbf": 0,
                                                     "jti": "urn:uuid:other", "exp": 1}, keys.current)
    errors = check(lying, keys).errors
    assert any("nbf" in e for e in errors) and any("jti" in e for e in errors) and any("expired" in e for e in errors)
    unschemed = {**built, "credentialSubject": {"type": ["AchievementSubject"]}}
    token = vc_jwt.sign(unschemed, keys.current, kid, SIGNED)
    assert any("credentialSubject" in e for e in check(token, keys).errors)


def test_rotation_keeps_old_credentials_verifiable():
    old_key, new_key_ = new_key(), new_key()
    before = SigningKeys([old_key])
    old_token = sign(build(), before)
    after = SigningKeys([new_key_, old_key])  # a new key first, the old one kept
    assert check(old_token, after).verified
    new_token = sign(build(), after)
    assert vc_jwt.unverified_parts(new_token)[0]["kid"].endswith(new_key_.thumbprint())
    assert check(new_token, after).verified and not check(new_token, before).verified
    kids = [key["kid"] for key in after.public_jwks(SITE.jwks_url)["keys"]]
    assert kids == [f"{SITE.jwks_url}#{new_key_.thumbprint()}", f"{SITE.jwks_url}#{old_key.thumbprint()}"]
    assert not check(old_token, SigningKeys([new_key_])).verified  # dropping a key un-verifies what it signed


def test_the_jwks_holds_public_keys_only():
    keys = fresh_keys(2)
    for served in keys.public_jwks(SITE.jwks_url)["keys"]:
        assert "d" not in served and served["kty"] == "EC" and served["crv"] == "P-256"
        assert served["alg"] == "ES256" and served["use"] == "sig"
        assert not ECKey.import_key(served).is_private


def test_keys_come_from_configuration_as_a_json_list_of_private_jwks():
    text = json.dumps([private_jwk(new_key()), private_jwk(new_key())])
    keys = SigningKeys.from_config(Config(credential_signing_keys=text))
    assert keys.current.thumbprint() == ECKey.import_key(json.loads(text)[0]).thumbprint()
    assert len(keys.public_jwks(SITE.jwks_url)["keys"]) == 2


@pytest.mark.parametrize("text", [
    "not json", "{}", "[]", "[1]", json.dumps([{"kty": "EC"}]),
    json.dumps([new_key().as_dict(private=False)]),
    json.dumps([ECKey.generate_key("P-384").as_dict(private=True)]),
    json.dumps([RSAKey.generate_key(2048).as_dict(private=True)]),
    json.dumps([OctKey.generate_key(256).as_dict(private=True)]),
], ids=["text", "object", "empty", "number", "incomplete", "public only", "P-384", "RSA", "symmetric"])
def test_bad_key_configuration_is_refused_at_start_up(text):
    with pytest.raises(ConfigError):
        SigningKeys.from_json(text)


def test_production_never_signs_with_a_key_made_at_start_up():
    with pytest.raises(ConfigError):
        SigningKeys.from_config(Config(env="production"))
    assert SigningKeys.from_config(Config(env="development")).current.is_private


def test_the_key_tool_prints_a_new_key_first_and_keeps_the_old(tmp_path, capsys):
    from credentials.keys import main

    old = [private_jwk(new_key())]
    (tmp_path / "keys.json").write_text(json.dumps(old))
    main([str(tmp_path / "keys.json")])
    rotated = json.loads(capsys.readouterr().out)
    assert len(rotated) == 2 and rotated[1] == old[0] and rotated[0] != old[0]
    assert SigningKeys.from_json(json.dumps(rotated)).current.thumbprint() != ECKey.import_key(old[0]).thumbprint()
