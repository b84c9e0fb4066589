"""A scene as reportlab vector shapes, for the handout: the same geometry as the web's SVG, sharp
at any print size and a few hundred bytes a drawing."""

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect
from reportlab.lib.colors import HexColor

from exercises.drawing.scene import Scene, Shape

MARGIN = 0.06


def _colour(value: str):
    return HexColor(value) if value else None


def _shape(shape: Shape, scale: float):
    stroke = _colour(shape.stroke)
    width = shape.width * scale
    if shape.kind in {"capsule", "line"}:
        (x1, y1), (x2, y2) = shape.points
        item = Line(x1, y1, x2, y2, strokeColor=stroke, strokeWidth=shape.width)
        item.strokeLineCap = 1 if shape.kind == "capsule" else 0
    elif shape.kind == "circle":
        (x, y), r = shape.points[0], shape.width
        item = Circle(x, y, r, strokeColor=stroke, strokeWidth=0.012, fillColor=_colour(shape.fill))
    elif shape.kind == "rect":
        (x1, y1), (x2, y2) = shape.points
        item = Rect(
            min(x1, x2),
            min(y1, y2),
            abs(x2 - x1),
            abs(y2 - y1),
            strokeColor=stroke,
            strokeWidth=shape.width or 0.001,
            fillColor=_colour(shape.fill),
        )
    elif shape.kind == "polyline":
        flat = [c for point in shape.points for c in point]
        item = PolyLine(flat, strokeColor=stroke, strokeWidth=shape.width)
        item.strokeLineCap = 1
        item.strokeLineJoin = 1
    else:
        flat = [c for point in shape.points for c in point]
        item = Polygon(
            flat,
            strokeColor=stroke,
            strokeWidth=shape.width or 0.001,
            fillColor=_colour(shape.fill),
        )
    if shape.opacity < 1:
        item.strokeOpacity = shape.opacity
        if getattr(item, "fillColor", None) is not None:
            item.fillOpacity = shape.opacity
    del width
    return item


class ClippedDrawing(Drawing):
    """A Drawing that shows nothing outside its own box: a cropped scene (``focus``) has shapes
    beyond it, which the web's viewBox hides and the page must hide too."""

    def drawOn(self, canvas, x, y, *args, **kwargs):
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(x, y, self.width, self.height)
        canvas.clipPath(path, stroke=0, fill=0)
        super().drawOn(canvas, x, y, *args, **kwargs)
        canvas.restoreState()


def scene_drawing(scene: Scene, width: float, height: float) -> Drawing:
    """A reportlab Drawing (a flowable) of ``width`` by ``height`` points holding the scene,
    scaled to fit and centred."""
    x0, y0, x1, y1 = scene.box
    x0, y0, x1, y1 = x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN
    scale = min(width / (x1 - x0), height / (y1 - y0))
    group = Group(*(_shape(s, scale) for s in scene.shapes))
    dx = (width - (x1 - x0) * scale) / 2 - x0 * scale
    dy = (height - (y1 - y0) * scale) / 2 - y0 * scale
    group.transform = (scale, 0, 0, scale, dx, dy)
    drawing = ClippedDrawing(width, height)
    drawing.add(group)
    return drawing
