"""``{% kept "footer" phone=clinic_profile.phone ... %}...{% endkept %}``: a part of the layout
rendered once per process for each set of the values it names, then repeated (issue 17: the
layout's head, navigation and footer were an eighth of a portal page's cost, the same on every
visit).

The part is rendered from the named values alone, in a context that holds nothing else: it
cannot show anything it is not kept under (a patient's name, a CSRF token), so a kept part is
never another person's and never stale. Tags that depend on nothing a request holds
(``{% static %}``, ``{% fixed_url %}``) may be used in it; the URL prefix the site is served
under and the active language are part of what a part is kept under. Each process keeps at
most ``MAX_PARTS`` parts, then starts again; nothing is shared between processes or servers.
"""

from django import template
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

MAX_PARTS = 500
_parts: dict[tuple, str] = {}


class KeptNode(template.Node):
    def __init__(self, name: str, values: dict, nodelist):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context):
        values = {key: value.resolve(context) for key, value in self.values.items()}
        # The active language is part of the key: a part's words are translated when rendered.
        key = (
            self.name,
            get_script_prefix(),
            translation.get_language(),
            context.autoescape,
            *sorted(values.items()),
        )
        part = _parts.get(key)
        if part is None:
            if len(_parts) >= MAX_PARTS:
                _parts.clear()
            own = template.Context(values, autoescape=context.autoescape)
            own.template = context.template
            part = _parts[key] = self.nodelist.render(own)
        return mark_safe(part)  # noqa: S308 - rendered by the template, which escaped it


@register.tag
def kept(parser, token):
    """``{% kept "name" key=value ... %}``: the values must be plain (strings, numbers, None,
    booleans): they are what the part is kept under."""
    name, *pairs = token.split_contents()[1:]
    values = {}
    for pair in pairs:
        key, sep, expression = pair.partition("=")
        if not sep:
            raise template.TemplateSyntaxError(f"kept: {pair!r} is not key=value.")
        values[key] = parser.compile_filter(expression)
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(name.strip("\"'"), values, nodelist)
