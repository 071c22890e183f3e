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


def open_context(browser, client, *, outside: set[str], html: dict[str, str] | None = None, **options):
    """A browser context whose requests are answered by ``client``.

    ``html`` maps a path to the HTML already fetched (the crawl's), served as is. The CSP is
    bypassed so that axe (injected as an inline script) and the XSS probes can run: the
    headers themselves are checked in ``test_security``.
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
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html[path])
            return
        response = client.get(path)
        route.fulfill(
            status=response.status_code,
            content_type=response.get("Content-Type", "application/octet-stream"),
            body=_body(response),
        )

    options = {
        "locale": "fr-FR",
        "timezone_id": "Europe/Paris",
        "viewport": {"width": 1280, "height": 900},
        **options,
    }
    context = browser.new_context(bypass_csp=True, **options)
    context.route("**/*", serve)
    return context
