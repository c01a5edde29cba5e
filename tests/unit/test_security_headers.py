"""The Content-Security-Policy text, and templates that need nothing the policy forbids (no services)."""
from __future__ import annotations

import pathlib
import re

from handlers.security_headers import (BASE_POLICY, GOOGLE_SIGN_IN, YOUTUBE_PLAYER, Sources,
                                       content_security_policy)

ROOT = pathlib.Path(__file__).resolve().parents[2]


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice in {policy}"
        parsed[name] = sources
    return parsed


def test_base_policy_runs_only_the_sites_own_files_and_cannot_be_framed():
    policy = directives(content_security_policy())
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["frame-src"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "https:"]  # custom badges may have an https icon
    assert not re.search(r"unsafe|\*|http:", content_security_policy())
    assert list(policy) == list(BASE_POLICY)


def test_extras_widen_only_their_own_directives():
    policy = directives(content_security_policy([YOUTUBE_PLAYER]))
    assert policy["script-src"] == ["'self'", "https://www.youtube.com", "https://s.ytimg.com"]
    assert policy["frame-src"] == ["https://www.youtube.com"]  # 'none' gives way to the first real source
    assert policy["style-src"] == ["'self'"] and policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_google_sign_in_gets_what_its_documentation_asks_for_and_no_more():
    policy = directives(content_security_policy([GOOGLE_SIGN_IN]))
    assert policy["script-src"] == ["'self'", "https://accounts.google.com/gsi/client"]
    assert policy["style-src"] == ["'self'", "https://accounts.google.com/gsi/style"]
    assert policy["frame-src"] == ["https://accounts.google.com/gsi/"]
    assert policy["connect-src"] == ["'self'", "https://accounts.google.com/gsi/"]


def test_extras_combine_in_order_without_repeats():
    both = directives(content_security_policy([YOUTUBE_PLAYER, GOOGLE_SIGN_IN, YOUTUBE_PLAYER,
                                               Sources(img=("https:",))]))
    assert both["frame-src"] == ["https://www.youtube.com", "https://accounts.google.com/gsi/"]
    assert both["script-src"].count("https://www.youtube.com") == 1
    assert both["img-src"] == ["'self'", "data:", "https:"]


INLINE = {
    "a <style> element": re.compile(r"<style\b", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


def test_templates_hold_no_inline_script_or_style():
    """The CSP would refuse them in the browser; here the same rule holds for every template, every branch."""
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        html = template.read_text()
        name = template.relative_to(ROOT)
        found += [f"{name}: {what}" for what, pattern in INLINE.items() if pattern.search(html)]
        for attributes in SCRIPT_TAG.findall(html):
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                found.append(f"{name}: an inline <script{attributes}>")
    assert not found, found
