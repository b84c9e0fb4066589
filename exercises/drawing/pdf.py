"""A scene as reportlab vector shapes, for the handout: the same geometry as the web's SVG, sharp
at any print size and a few hundred bytes a drawing."""

import io
import threading

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect
from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

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


class RecordedDrawing:
    """A scene's drawing whose PDF operators are worked out once and then copied onto each
    page that shows it. reportlab's renderer walks every shape and checks every attribute it
    sets, on every handout; a clinic prints the same few exercises over and over, so the
    operators (the same for the same scene and size, but for the two that say where) are
    recorded on a scratch canvas the first time and appended afterwards, placed. The page gets
    byte for byte what ``ClippedDrawing.drawOn`` would write.

    Opacity is the one thing that reaches beyond the page's operators: ``/gRLs0 gs`` names a
    graphics state the page's resources list, numbered in the order a document first uses each,
    and it makes the file PDF 1.4. It is recorded as what it sets and named again in each
    document, as reportlab would name it, and the version goes up as reportlab would raise it."""

    def __init__(self, scene: Scene, width: float, height: float):
        self.scene, self.width, self.height = scene, width, height
        # The operators as drawn at (0, 0) and the PDF version they need; None until first drawn.
        self._recorded: tuple[list, tuple[int, int]] | None = None
        self._lock = threading.Lock()

    def drawing(self) -> Drawing:
        return scene_drawing(self.scene, self.width, self.height)

    def drawOn(self, canvas, x: float, y: float) -> None:
        state = getattr(canvas, "_extgstate", None)
        recorded = self._record()
        if state is None or state._d or recorded is None:
            # Not a plain reportlab canvas, an opacity already set around the drawing, or a
            # recording of unexpected shape: what the renderer writes would differ from it.
            self.drawing().drawOn(canvas, x, y)
            return
        operators, version = recorded
        document = canvas._doc
        document._pdfVersion = max(document._pdfVersion, version)
        code, names = canvas._code, state._c
        for index, operator in enumerate(operators):
            if index in _PLACED:
                code.append(_PLACED[index](x, y, self.width, self.height))
            elif isinstance(operator, str):
                code.append(operator)
            else:
                if operator not in names:
                    names[operator] = f"gRLs{len(names)}"  # reportlab's own naming
                code.append(f"/{names[operator]} gs")

    def _record(self) -> tuple[list, tuple[int, int]] | None:
        """The operators as drawn at (0, 0), recorded once. Only two depend on the place, the
        clipping box and the move to it (``_PLACED``); reportlab writes the rest relative to
        it, so one recording serves every place (and a drawing's memory stays one recording)."""
        if self._recorded is None:
            with self._lock:  # the renderer marks the drawing while it walks it
                scratch = Canvas(io.BytesIO())
                start = len(scratch._code)
                self.drawing().drawOn(scratch, 0, 0)
                states = {f"/{name} gs": state for state, name in scratch._extgstate._c.items()}
                operators = [states.get(op, op) for op in scratch._code[start:]]
                at_origin = all(
                    index < len(operators)
                    and operators[index] == placed(0, 0, self.width, self.height)
                    for index, placed in _PLACED.items()
                )
                self._recorded = (operators, scratch._doc._pdfVersion) if at_origin else ()
        return self._recorded or None


# The operators of a recording that depend on where the drawing is placed, by their index, as
# reportlab writes them: ClippedDrawing's clipping box, then the renderer's move to the place.
_PLACED = {
    1: lambda x, y, width, height: f"n {fp_str(x, y, width, height)} re W* n",
    3: lambda x, y, width, height: f"1 0 0 1 {fp_str(x, y)} cm",
}
