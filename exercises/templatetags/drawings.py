"""``{% exercise_drawing pose name side size %}``: an exercise's line drawing as inline SVG, with
its text alternative, for the side prescribed ("" when the exercise has no drawing)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from exercises.drawing import drawing_svg

register = template.Library()


@register.simple_tag
def exercise_drawing(pose, name, side="", size="card"):
    svg = drawing_svg(pose or {}, str(name), side or "")
    if not svg:
        return ""
    # Safe: exercises.drawing.svg builds it from numbers, fixed colours and the escaped name.
    drawing = mark_safe(svg)  # noqa: S308
    return format_html(
        '<figure class="exercise-figure exercise-figure-{}">{}</figure>', size, drawing
    )
