"""The Content-Security-Policy header, built once per process instead of once per response (issue 17).

django-csp's middleware builds the policy string from ``CONTENT_SECURITY_POLICY`` on every
response (twice: the policy and the report-only one), a fixed cost of every page. The
portal's pages use neither a nonce nor a per-view policy (``@csp_update`` and the like), so
the string is always the same: ``CSPMiddleware`` here keeps it, and hands any response that
does use a nonce or a per-view policy to django-csp's own code, unchanged. The kept strings
are dropped when a test changes the settings (``setting_changed``).
"""

from __future__ import annotations

import http.client

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)
# (header, setting) -> (policy string, excluded URL prefixes), built on first use.
_built: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}


@receiver(setting_changed)
def _forget(setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


def _policy(header: str, setting: str) -> tuple[str, tuple[str, ...]]:
    found = _built.get((header, setting))
    if found is None:
        text = build_policy(report_only=header == HEADER_REPORT_ONLY)
        prefixes = tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())
        found = _built[(header, setting)] = (text, prefixes)
    return found


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the settings' policy strings kept (module docstring).

    The same headers as django-csp on every response: for one with a nonce drawn or a
    per-view policy, django-csp's ``process_response`` itself.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (
            http.client.INTERNAL_SERVER_ERROR,
            http.client.NOT_FOUND,
        ):
            return response
        for header, setting in (
            (HEADER, "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            text, prefixes = _policy(header, setting)
            if text and header not in response and not request.path_info.startswith(prefixes):
                response[header] = text
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
