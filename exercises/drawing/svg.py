"""A scene as SVG for the web: inline, scalable, with its text alternative."""

from django.utils.html import escape

from exercises.drawing.scene import Scene, Shape

MARGIN = 0.08


def _xy(x: float, y: float) -> str:
    # SVG's y points down; the scene's points up.
    return f"{x:.3f},{-y:.3f}"


def _shape(shape: Shape) -> str:
    common = f'stroke="{shape.stroke}"'
    if shape.opacity < 1:
        common += f' opacity="{shape.opacity:.2f}"'
    if shape.kind in {"capsule", "line"}:
        (x1, y1), (x2, y2) = shape.points
        cap = "round" if shape.kind == "capsule" else "butt"
        return (
            f'<line x1="{x1:.3f}" y1="{-y1:.3f}" x2="{x2:.3f}" y2="{-y2:.3f}" {common} '
            f'stroke-width="{shape.width:.3f}" stroke-linecap="{cap}"/>'
        )
    if shape.kind == "circle":
        (x, y), r = shape.points[0], shape.width
        fill = shape.fill or "none"
        return (
            f'<circle cx="{x:.3f}" cy="{-y:.3f}" r="{r:.3f}" {common} stroke-width="0.012" '
            f'fill="{fill}"/>'
        )
    if shape.kind == "rect":
        (x1, y1), (x2, y2) = shape.points
        x, y = min(x1, x2), max(y1, y2)
        w, h = abs(x2 - x1), abs(y2 - y1)
        fill = shape.fill or "none"
        return (
            f'<rect x="{x:.3f}" y="{-y:.3f}" width="{w:.3f}" height="{h:.3f}" {common} '
            f'stroke-width="{shape.width:.3f}" fill="{fill}"/>'
        )
    points = " ".join(_xy(x, y) for x, y in shape.points)
    if shape.kind == "polyline":
        return (
            f'<polyline points="{points}" {common} stroke-width="{shape.width:.3f}" fill="none" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
    fill = shape.fill or "none"
    return f'<polygon points="{points}" {common} stroke-width="{shape.width:.3f}" fill="{fill}"/>'


def scene_svg(scene: Scene, title: str, *, css_class: str = "exercise-drawing") -> str:
    """The SVG element, its ``<title>`` and ``aria-label`` the text alternative."""
    x0, y0, x1, y1 = scene.box
    x0, y0, x1, y1 = x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN
    width, height = x1 - x0, y1 - y0
    label = escape(title)
    body = "".join(_shape(s) for s in scene.shapes)
    return (
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{label}" viewBox="{x0:.3f} {-y1:.3f} {width:.3f} {height:.3f}" '
        f'preserveAspectRatio="xMidYMid meet"><title>{label}</title>{body}</svg>'
    )
