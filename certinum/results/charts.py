"""The certificate's picture, drawn on the server (STYLE.md §11): one horizontal bar per
competence, grouped by area, the length being the level reached out of the maximum at that
date. Horizontal so that it stays legible at 375 px. The template draws these numbers as
SVG, with a text alternative and the same data as a table."""

from dataclasses import dataclass

from certinum.results.selectors import Certificate

WIDTH = 360
LEFT = 40  # room for the competence codes
PLOT_WIDTH = WIDTH - LEFT - 24  # room for the level after the longest bar
TOP = 24  # room for the scale
ROW = 20
BAR = 13
AREA_ROW = 24
# One colour per area, each dark enough for a 3:1 contrast with white (WCAG 1.4.11).
AREA_COLOURS = ("#1f5fa8", "#8a3b96", "#1c7a4a", "#b34700", "#a1234a")


@dataclass(frozen=True)
class Bar:
    code: str
    level: int
    y: float
    length: float
    colour: str

    @property
    def text_y(self) -> float:
        return self.y + BAR - 2

    @property
    def end_x(self) -> float:
        return LEFT + self.length + 4


@dataclass(frozen=True)
class Tick:
    level: int
    x: float


@dataclass(frozen=True)
class AreaLabel:
    text: str
    y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: float
    left: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    areas: tuple[AreaLabel, ...]
    bar_height: int = BAR


def competence_chart(certificate: Certificate) -> Chart:
    top_level = max([certificate.max_level, *(c.level for c in certificate.competences), 1])
    scale = PLOT_WIDTH / top_level
    bars: list[Bar] = []
    areas: list[AreaLabel] = []
    y: float = TOP
    for index, area in enumerate(certificate.areas):
        areas.append(AreaLabel(f"{area.code}. {area.title}", y + AREA_ROW - 8))
        y += AREA_ROW
        colour = AREA_COLOURS[index % len(AREA_COLOURS)]
        for line in area.competences:
            bars.append(Bar(line.code, line.level, y, line.level * scale, colour))
            y += ROW
    ticks = tuple(Tick(level, LEFT + level * scale) for level in range(top_level + 1))
    return Chart(
        width=WIDTH,
        height=y + 4,
        left=LEFT,
        bars=tuple(bars),
        ticks=ticks,
        areas=tuple(areas),
    )
