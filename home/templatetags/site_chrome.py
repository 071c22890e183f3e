"""``{% site_header %}`` and ``{% site_footer %}``: the header and footer of every page, rendered
once per process and reused (issue 17, "the uncached path").

The header (council name, language switch, main navigation) and the footer (council, contact,
links, accessibility status) were a third of the template work of a small page: about 60
``{% translate %}`` and ``{% url %}`` nodes, two ``{% include %}``, and a walk of every node of
``base.html`` by ``{% extends %}`` on each request. What they show depends on few things: the
language, whether the reader is signed in and staff, and the council's record. Each fragment is
rendered once per process for each combination and kept, keyed by the council's version
(``members.selectors.council_get_versioned``: every save of the council bumps it in the shared
cache, so a change made in one process is seen by all at their next request).

What differs per request is left as a slot in the kept text and filled on each request:

- ``csrf``: the request's masked CSRF token (the language switch and logout forms);
- ``next``: the path and query string the language switch comes back to, HTML-escaped;
- ``next_query``: the same, URL-encoded for the query string of the visitors' language links;
- ``current:<url>``: ``aria-current="page"`` on the navigation link of the page being read
  (RGAA 12.3: the current page is identified in the menu), nothing on the others.

When the council's version is unknown (read inside a transaction: a test, a service that may
roll back) the fragment is rendered for this request only and not kept.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import quote

from django import template
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from members.context_processors import request_council

register = template.Library()

_SLOT = re.compile("\x00([^\x00]*)\x00")
_CSRF_SLOT = mark_safe("\x00csrf\x00")
_NEXT_SLOT = mark_safe("\x00next\x00")
_NEXT_QUERY_SLOT = mark_safe("\x00next_query\x00")
_ARIA_CURRENT = ' aria-current="page"'

# (template name, language, role, council version) -> the rendered text split on its slots:
# [text, slot, text, slot, …, text]. Cleared when the council's version changes.
_kept: dict[tuple, list[str]] = {}
_kept_version: list[str | None] = [None]
_lock = threading.Lock()


@register.filter
def current_page_slot(url: str) -> SafeString:
    """``<a href="{{ url }}"{{ url|current_page_slot }}>``: where ``aria-current="page"`` goes
    when ``url`` is the page being read. Only inside the fragments of this module."""
    return mark_safe(f"\x00current:{url}\x00")  # noqa: S308 -- a URL we reversed, no quote in it


def _role(user) -> str:
    if not user.is_authenticated:
        return "anonymous"
    return "staff" if user.is_staff else "member"


def _render(template_name: str, role: str, council) -> list[str]:
    """The fragment rendered with its slots, split: ``[text, slot, text, …]``."""
    text = get_template(template_name).template.render(
        template.Context(
            {
                "council": council,
                "role": role,
                "csrf_token": _CSRF_SLOT,
                "next_path": _NEXT_SLOT,
                "next_query": _NEXT_QUERY_SLOT,
            },
            autoescape=True,
        )
    )
    return _SLOT.split(text)


def _fragment(template_name: str, request) -> list[str]:
    version, council = request_council(request)
    role = _role(request.user)
    if version is None:
        return _render(template_name, role, council)
    key = (template_name, get_language(), role, version)
    parts = _kept.get(key)
    if parts is None:
        parts = _render(template_name, role, council)
        with _lock:
            if _kept_version[0] != version:
                _kept.clear()
                _kept_version[0] = version
            _kept[key] = parts
    return parts


def _fill(parts: list[str], request, csrf_token) -> SafeString:
    """The kept text with this request's values in its slots; ``csrf_token`` is the page
    context's (lazy, masked once per request however many forms print it). Without a
    request (the server error page) every slot is left empty."""
    out = []
    for index, part in enumerate(parts):
        if not index % 2:
            out.append(part)
        elif request is None:  # the server error page: no form will be sent from it
            continue
        elif part == "csrf":
            out.append(str(csrf_token or get_token(request)))
        elif part == "next":
            out.append(escape(request.get_full_path()))
        elif part == "next_query":
            out.append(escape(quote(request.get_full_path(), safe="/")))
        elif part.startswith("current:"):
            if part[8:] == request.path:
                out.append(_ARIA_CURRENT)
        else:  # pragma: no cover -- a slot the template should not hold
            raise template.TemplateSyntaxError(f"unknown slot {part!r}")
    return mark_safe("".join(out))  # noqa: S308 -- rendered with autoescape; slots escaped above


def _chrome(context, template_name: str) -> SafeString:
    request = context.get("request")
    if request is None:
        # The server error page (handler500): rendered without the request and without the
        # database, so anonymous, with whatever council the context holds, and not kept.
        return _fill(_render(template_name, "anonymous", context.get("council")), None, None)
    return _fill(_fragment(template_name, request), request, context.get("csrf_token"))


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    """The page header: ``_site_header.html``, kept per language, role and council version."""
    return _chrome(context, "_site_header.html")


@register.simple_tag(takes_context=True)
def site_footer(context) -> SafeString:
    """The page footer: ``_site_footer.html``, kept per language, role and council version."""
    return _chrome(context, "_site_footer.html")
