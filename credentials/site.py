"""The public URLs a credential names: the issuer, its keys, each credential and each status list.

Invariant: every URL in an issued credential is built here from one base URL (config ``public_url``, else the
request's own root, https on App Engine), so the ids a credential carries are the pages that serve them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

STATUS_PATH = "/credentials/status/"


@dataclass(frozen=True)
class Site:
    base: str  # "https://host" (no trailing slash)

    @classmethod
    def of(cls, configured: str | None, request_root: str, production: bool) -> "Site":
        """The configured base URL, else the request's root (on App Engine always https)."""
        base = (configured or request_root).rstrip("/")
        if production and base.startswith("http://"):
            base = "https://" + base.removeprefix("http://")
        return cls(base)

    @property
    def issuer_id(self) -> str:
        return f"{self.base}/issuer"

    @property
    def jwks_url(self) -> str:
        return f"{self.base}/.well-known/jwks.json"

    def credential_url(self, credential_id: str) -> str:
        return f"{self.base}/credentials/{credential_id}"

    def status_list_url(self, number: int) -> str:
        return f"{self.base}{STATUS_PATH}{number}"

    def status_list_number(self, url: object) -> int | None:
        """The number of one of this site's status lists named by ``url``, else None."""
        prefix = self.base + STATUS_PATH
        if not isinstance(url, str) or not url.startswith(prefix):
            return None
        number = url.removeprefix(prefix)
        return int(number) if re.fullmatch(r"[1-9][0-9]{0,8}", number) else None

    def absolute(self, path_or_url: str) -> str:
        """An https URL stays as it is; a site path ("/static/...") becomes a URL of this site."""
        if path_or_url.startswith("https://"):
            return path_or_url
        return self.base + "/" + path_or_url.lstrip("/")
