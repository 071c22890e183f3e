"""The Content-Security-Policy header (cln_portal/csp.py): built once, the same as django-csp's."""

from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from cln_portal.csp import CSPMiddleware


def _answer(middleware_class, response: HttpResponse) -> HttpResponse:
    request = RequestFactory().get("/")
    middleware = middleware_class(lambda request: response)
    return middleware(request)


def test_every_page_gets_the_settings_policy_as_django_csp_builds_it(settings):
    ours = _answer(CSPMiddleware, HttpResponse("x"))
    theirs = _answer(DjangoCSPMiddleware, HttpResponse("x"))
    assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in ours["Content-Security-Policy"]

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert _answer(CSPMiddleware, HttpResponse("x"))["Content-Security-Policy"] == "default-src 'none'"


def test_a_view_s_own_policy_and_an_exempt_view_are_left_to_django_csp():
    response = HttpResponse("x")
    response._csp_update = {"img-src": ["https://tuiles.example.org"]}
    assert "https://tuiles.example.org" in _answer(CSPMiddleware, response)["Content-Security-Policy"]

    exempt = HttpResponse("x")
    exempt._csp_exempt = True
    assert "Content-Security-Policy" not in _answer(CSPMiddleware, exempt)
