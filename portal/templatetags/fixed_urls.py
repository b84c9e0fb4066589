"""``{% fixed_url "portal:history" %}``: ``{% url %}`` for the links every page repeats (the
navigation, the home's buttons), reversed once per process rather than on every page: the
layout's dozen ``{% url %}`` tags cost about a tenth of a millisecond each time.

A URL depends only on the URL patterns (settings.ROOT_URLCONF, or a request's own) and the
prefix the site is served under, so those are part of what is remembered: nothing a patient or a
database changes goes into it."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def fixed_url(name: str, *args) -> str:
    return reversed_once(name, *args)


def reversed_once(name: str, *args) -> str:
    """``reverse(name, args=args)``, remembered for this URLconf and script prefix."""
    return _reversed(name, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=256)
def _reversed(name: str, args: tuple, urlconf, prefix: str) -> str:
    return reverse(name, args=args, urlconf=urlconf)
