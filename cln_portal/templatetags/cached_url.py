"""``{% url %}`` as Django's, each link reversed once per process (a template builtin).

A page repeats the same links on every request (the navigation, the footer, a row's action):
``reverse`` walks the URL resolver each time, about a tenth of a millisecond a link, up to a
tenth of a page's CPU. This tag answers from a per-process cache keyed by everything the
answer depends on: the script prefix, the URL configuration, the view name, the arguments
and the current application (admin instances). Arguments other than strings and integers
(a model instance, a lazy string) go through ``reverse`` every time, as do names
that do not reverse (``NoReverseMatch`` is raised or, with ``as``, gives "" as before).

Installed for every template by ``TEMPLATES[...]["OPTIONS"]["builtins"]`` (settings), after
Django's own tags, so ``{% url %}`` is this one everywhere without a ``{% load %}``.
"""

import functools

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


def _plain(value) -> str | int:
    """``value`` as a plain ``str`` (a template literal is a ``SafeString``) or ``int``;
    ``TypeError`` for anything else (``bool`` too: ``True`` and ``1`` would share a key)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise TypeError(type(value))


@functools.lru_cache(maxsize=8192)
def _reverse(prefix: str, urlconf, view_name: str, args: tuple, kwargs: tuple, current_app) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def _current_app(context) -> str | None:
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class CachedURLNode(URLNode):
    def render(self, context):
        try:
            view_name = _plain(self.view_name.resolve(context))
            args = tuple(_plain(arg.resolve(context)) for arg in self.args)
            kwargs = tuple((key, _plain(value.resolve(context))) for key, value in self.kwargs.items())
        except TypeError:
            return super().render(context)
        url = ""
        try:
            url = _reverse(get_script_prefix(), get_urlconf(), view_name, args, kwargs, _current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """``{% url 'name' arg … [as var] %}``: Django's tag, answered from the per-process cache."""
    node = django_url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
