"""The shapes a drawing is made of, and its colours and fixed sizes: plain data in metres with y
pointing up, which ``svg`` and ``pdf`` translate."""

from dataclasses import dataclass

# Colours: a dark figure on white, the part that moves in an orange that stays distinct in
# grey print and for the common colour-vision differences; the start pose a light grey.
INK = "#2f3640"
FAR = "#7b8494"
GHOST = "#c7ccd4"
ACCENT = "#c2410c"
PROP = "#8a6a3d"
WATER_FILL = "#cfe6f5"
WATER_LINE = "#3b82c4"
DEVICE = "#1d4ed8"

BED = 0.52  # bed top
SEATED_ABOVE_SEAT = 0.03  # the pelvis's centre above the seat
CHAIR_FEET = 0.36  # how far in front of the seated pelvis the feet stand


@dataclass(frozen=True)
class Shape:
    kind: str  # "capsule", "circle", "rect", "line", "polyline", "polygon"
    points: tuple  # ((x, y), ...); a circle's centre; a rect's two corners
    width: float = 0.0  # stroke width, or a circle's radius
    stroke: str = INK
    fill: str = ""
    opacity: float = 1.0
    dash: bool = False
