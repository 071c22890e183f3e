"""Chromium fed by Django's test client: pages render in a real browser inside the test's transaction.

``page.route`` answers every request to ``http://testserver`` from the test client (the
same database connection, so the demo data loaded by the test is there, and nothing is
committed); a request to any other host is refused and recorded.
"""

from __future__ import annotations

from urllib.parse import urlsplit

ORIGIN = "http://testserver"


def _body(response) -> bytes:
    return response.getvalue() if response.streaming else response.content


# Headers Playwright sets itself from the body it is given.
_DROPPED_HEADERS = {"content-length", "content-type", "content-encoding", "transfer-encoding"}


def served_headers(headers) -> dict[str, str]:
    """The response headers to hand to Chromium (its security headers, the CSP first)."""
    return {name: value for name, value in dict(headers).items() if name.lower() not in _DROPPED_HEADERS}


def open_context(
    browser,
    client,
    *,
    outside: set[str],
    html: dict[str, tuple[str, dict[str, str]]] | None = None,
    bypass_csp: bool = False,
    **options,
):
    """A browser context whose requests are answered by ``client``, with the portal's headers.

    ``html`` maps a path to the HTML already fetched (the crawl's) and the headers it came
    with, served as they were: the Content-Security-Policy applies, as for a visitor. Scripts
    a test adds must go through ``context.add_init_script(path=…)``, which the CSP allows.
    ``bypass_csp=True`` turns the CSP off (the XSS probes do, to see what escaping alone does).
    """
    html = html or {}

    def serve(route, request):
        parts = urlsplit(request.url)
        if parts.netloc != "testserver":
            outside.add(request.url)
            route.abort()
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if request.method == "GET" and path in html:
            body, headers = html[path]
            route.fulfill(
                status=200,
                headers=served_headers(headers),
                content_type="text/html; charset=utf-8",
                body=body,
            )
            return
        response = client.get(path)
        route.fulfill(
            status=response.status_code,
            headers=served_headers(response.headers),
            content_type=response.get("Content-Type", "application/octet-stream"),
            body=_body(response),
        )

    options = {
        "locale": "fr-FR",
        "timezone_id": "Europe/Paris",
        "viewport": {"width": 1280, "height": 900},
        **options,
    }
    context = browser.new_context(bypass_csp=bypass_csp, **options)
    context.route("**/*", serve)
    return context
