"""The issuer's signing keys: EC P-256 private JWKs from configuration, newest first; the newest signs.

Invariants: every configured key's public half is served in the JWKS, so a credential signed by a key that has
since been rotated out of first place still verifies (rotation = put a new key first, keep the old ones); a key's
``kid`` is the JWKS URL with its RFC 7638 thumbprint as fragment, so it both names and locates the key; a private
part (``d``) is never served. Outside production a missing configuration means one key made at start-up.

``python -m credentials.keys [FILE]`` prints a key list with a new key first, then FILE's keys (rotation).
"""
from __future__ import annotations

import json
import logging
import sys

from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from config import Config, ConfigError

log = logging.getLogger(__name__)
ALGORITHM = "ES256"
CURVE = "P-256"


class SigningKeys:
    def __init__(self, private_keys: list[ECKey]):
        if not private_keys:
            raise ConfigError("at least one credential signing key is needed")
        self._keys = list(private_keys)
        self._by_thumbprint = {key.thumbprint(): key for key in self._keys}

    @classmethod
    def from_json(cls, text: str) -> "SigningKeys":
        """Keys from the JSON text of a list of private EC P-256 JWKs (ConfigError if it is not one)."""
        try:
            items = json.loads(text)
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise ValueError("not a JSON list of JWK objects")
            keys = [ECKey.import_key(item) for item in items]
        except (ValueError, JoseError) as exc:
            raise ConfigError(f"CREDENTIAL_SIGNING_KEYS must be a JSON list of private JWKs: {exc}") from exc
        if not all(key.is_private and key.get("crv") == CURVE for key in keys):
            raise ConfigError("every CREDENTIAL_SIGNING_KEYS entry must be a private EC P-256 key (with 'd')")
        return cls(keys)

    @classmethod
    def from_config(cls, config: Config) -> "SigningKeys":
        if config.credential_signing_keys:
            return cls.from_json(config.credential_signing_keys)
        if config.production:
            raise ConfigError("CREDENTIAL_SIGNING_KEYS must be configured in production")
        log.warning("no CREDENTIAL_SIGNING_KEYS: credentials are signed by a key made now, lost on restart")
        return cls([new_key()])

    @property
    def current(self) -> ECKey:
        return self._keys[0]

    def kid(self, key: ECKey, jwks_url: str) -> str:
        return f"{jwks_url}#{key.thumbprint()}"

    def find(self, kid: str, jwks_url: str) -> ECKey | None:
        """The key a JWT header's ``kid`` names, if it is one of ours."""
        prefix = jwks_url + "#"
        return self._by_thumbprint.get(kid.removeprefix(prefix)) if kid.startswith(prefix) else None

    def public_jwks(self, jwks_url: str) -> dict:
        """The JWKS document: every key's public half, with its kid, ``alg`` and ``use``."""
        return {"keys": [{**key.as_dict(private=False), "kid": self.kid(key, jwks_url), "alg": ALGORITHM,
                          "use": "sig"} for key in self._keys]}


def new_key() -> ECKey:
    return ECKey.generate_key(CURVE, private=True)


def private_jwk(key: ECKey) -> dict:
    return {name: value for name, value in key.as_dict(private=True).items() if name != "kid"}


def main(argv: list[str]) -> None:
    older = json.loads(open(argv[0]).read()) if argv else []
    print(json.dumps([private_jwk(new_key()), *older]))


if __name__ == "__main__":
    main(sys.argv[1:])
