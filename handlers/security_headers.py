"""Security headers on every response: pages, the API, static files, errors and 404s alike.

Invariants:
- Every response carries a Content-Security-Policy that runs no inline script, applies no inline style, loads
  nothing from another origin but https images (custom badge icons) and can be framed by nobody
  (`frame-ancestors 'none'`, and `X-Frame-Options: DENY` for older browsers); plus `X-Content-Type-Options:
  nosniff` and `Referrer-Policy: strict-origin-when-cross-origin`. HSTS only on App Engine, which serves HTTPS.
- A page widens the policy for its own response only, by calling `allow()` while it is handled (the video page
  lets in the YouTube player on App Engine). On App Engine the sign-in page may load Google Identity Services.

No library: flask-talisman's last release (1.1.0) dates from August 2023, and it takes per-view options only as
decorator arguments, not from inside a request; what the app needs is the few lines below.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable

from flask import Blueprint, g

from handlers.common import config

bp = Blueprint("security_headers", __name__)


@dataclass(frozen=True)
class Sources:
    """Origins one page may use beyond its own, per CSP directive (`script` widens `script-src`, and so on)."""
    script: tuple[str, ...] = ()
    style: tuple[str, ...] = ()
    frame: tuple[str, ...] = ()
    connect: tuple[str, ...] = ()
    img: tuple[str, ...] = ()


YOUTUBE_PLAYER = Sources(script=("https://www.youtube.com", "https://s.ytimg.com"),
                         frame=("https://www.youtube.com",))
GOOGLE_SIGN_IN = Sources(script=("https://accounts.google.com/gsi/client",),
                         style=("https://accounts.google.com/gsi/style",),
                         frame=("https://accounts.google.com/gsi/",),
                         connect=("https://accounts.google.com/gsi/",))

BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:", "https:"),
    "connect-src": ("'self'",),
    "frame-src": ("'none'",),
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}
FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def content_security_policy(extras: Iterable[Sources] = ()) -> str:
    """The policy text: the base policy, each directive widened by the extras' sources (once each, in order)."""
    policy = {name: list(sources) for name, sources in BASE_POLICY.items()}
    for extra in extras:
        for field in fields(Sources):
            directive = policy[f"{field.name}-src"]
            for source in getattr(extra, field.name):
                if "'none'" in directive:
                    directive.remove("'none'")
                if source not in directive:
                    directive.append(source)
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def allow(sources: Sources) -> None:
    """Let the page of the response being handled use `sources` too; other responses are not affected."""
    g.setdefault("csp_extras", []).append(sources)


@bp.after_app_request
def set_security_headers(response):
    extras = list(g.get("csp_extras", ()))
    production = config().production
    response.headers["Content-Security-Policy"] = content_security_policy(extras)
    response.headers.update(FIXED_HEADERS)
    if production:
        response.headers["Strict-Transport-Security"] = HSTS
    return response
