"""Settings, read from the environment once by `Config.from_env`; no I/O at import.

Invariants: on App Engine (GAE_ENV=standard or METEORITE_ENV=production) there is no default secret: a missing
SECRET_KEY is an error at start-up, never a silently guessable session key; so is a missing CREDENTIAL_SIGNING_KEYS (never a
credential signed by a key nobody kept). The cache is named by one URL
(CACHE_URL); MEMCACHED_ADDRESS=host:port still works and means memcached://host:port.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Mapping

DEV_SECRET = "meteorite-development-secret-not-for-production"


class ConfigError(RuntimeError):
    pass


def cache_url(env: Mapping[str, str]) -> str | None:
    """CACHE_URL, or MEMCACHED_ADDRESS (host:port) meaning memcached://host:port; None: no cache."""
    if env.get("CACHE_URL"):
        return env["CACHE_URL"]
    address = env.get("MEMCACHED_ADDRESS")
    return f"memcached://{address}" if address else None


@dataclass(frozen=True)
class Config:
    env: str = "development"  # development | test | production
    project: str = "meteorite-dev"
    secret_key: str = DEV_SECRET
    problem_secret: str = DEV_SECRET + ":problems"
    namespace: str | None = None
    cache_url: str | None = None  # memcached://host:port | valkey://host:port | valkey+cluster://host:port
    cache_timeout: float = 0.05
    cache_prefix: str = ""
    tasks_emulator_host: str | None = None
    tasks_location: str = "us-central1"
    tasks_service: str | None = None  # App Engine service that handles tasks (None = default)
    sweep_page_size: int = 500  # users per sweep page task (bench/sweep.py: 500 beats 100 per user and per page)
    google_client_id: str | None = None  # OAuth client id: the audience of Google ID tokens (None = no Google sign-in)
    google_certs: Mapping[str, str] | None = None  # kid -> PEM; tests inject keys, production fetches Google's
    admin_emails: tuple[str, ...] = ()
    dev_login: bool = True
    badge_engine: bool = True
    # Open Badges credentials: the site's public base URL ("https://host"; None = the request's own root), and the
    # signing keys as the JSON text of a list of private JWKs, newest first (None outside production = a key made
    # at start-up; `make run` keeps one in .run/). credentials.keys reads the text.
    public_url: str | None = None
    credential_signing_keys: str | None = None

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Config":
        env = os.environ if environ is None else environ
        production = env.get("GAE_ENV") == "standard" or env.get("METEORITE_ENV") == "production"
        secret = env.get("SECRET_KEY")
        if production and not secret:
            raise ConfigError("SECRET_KEY must be configured on App Engine (no default secret in production)")
        if production and not env.get("CREDENTIAL_SIGNING_KEYS"):
            raise ConfigError("CREDENTIAL_SIGNING_KEYS must be configured on App Engine (credentials must stay "
                              "verifiable: see app.yaml)")
        secret = secret or DEV_SECRET
        return cls(
            env="production" if production else env.get("METEORITE_ENV", "development"),
            project=env.get("GOOGLE_CLOUD_PROJECT") or env.get("DATASTORE_DATASET") or "meteorite-dev",
            secret_key=secret,
            problem_secret=env.get("PROBLEM_SECRET") or secret + ":problems",
            namespace=env.get("DATASTORE_NAMESPACE") or None,
            cache_url=cache_url(env),
            cache_timeout=float(env.get("CACHE_TIMEOUT") or env.get("MEMCACHED_TIMEOUT") or "0.05"),
            cache_prefix=env.get("CACHE_PREFIX", ""),
            tasks_emulator_host=env.get("TASKS_EMULATOR_HOST") or None,
            tasks_location=env.get("TASKS_LOCATION", "us-central1"),
            tasks_service=env.get("TASKS_SERVICE") or None,
            sweep_page_size=int(env.get("SWEEP_PAGE_SIZE", "500")),
            google_client_id=env.get("GOOGLE_OAUTH_CLIENT_ID") or None,
            admin_emails=tuple(e.strip().lower() for e in env.get("ADMIN_EMAILS", "").split(",") if e.strip()),
            dev_login=not production,
            badge_engine=env.get("BADGE_ENGINE", "on") != "off",
            public_url=(env.get("PUBLIC_URL") or "").rstrip("/") or None,
            credential_signing_keys=env.get("CREDENTIAL_SIGNING_KEYS") or None,
        )

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)
