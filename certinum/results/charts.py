"""The certificate's picture, drawn on the server (STYLE.md §11): one bar per competence,
grouped by area, the height being the level reached out of the maximum at that date. The
template draws these numbers as SVG, with a text alternative and the same data as a table."""

from dataclasses import dataclass

from certinum.results.selectors import Certificate

PLOT_TOP = 10
PLOT_BOTTOM = 190  # the y of level 0
LEFT = 44
BAR_WIDTH = 26
BAR_GAP = 8
AREA_GAP = 18
# One colour per area, each dark enough for a 3:1 contrast with white (WCAG 1.4.11).
AREA_COLOURS = ("#1f5fa8", "#8a3b96", "#1c7a4a", "#b34700", "#a1234a")


@dataclass(frozen=True)
class Bar:
    code: str
    name: str
    level: int
    x: float
    y: float
    height: float
    colour: str

    @property
    def label_x(self) -> float:
        return self.x + BAR_WIDTH / 2


@dataclass(frozen=True)
class Tick:
    level: int
    y: float


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    area_labels: tuple[tuple[str, float], ...]  # area code and the x of its middle
    plot_bottom: float = PLOT_BOTTOM
    left: float = LEFT


def competence_chart(certificate: Certificate) -> Chart:
    top_level = max([certificate.max_level, *(c.level for c in certificate.competences), 1])
    scale = (PLOT_BOTTOM - PLOT_TOP) / top_level
    bars: list[Bar] = []
    labels: list[tuple[str, float]] = []
    x = LEFT + BAR_GAP
    for index, area in enumerate(certificate.areas):
        start = x
        for line in area.competences:
            height = line.level * scale
            colour = AREA_COLOURS[index % len(AREA_COLOURS)]
            bars.append(
                Bar(line.code, line.name, line.level, x, PLOT_BOTTOM - height, height, colour)
            )
            x += BAR_WIDTH + BAR_GAP
        labels.append((area.code, (start + x - BAR_GAP) / 2))
        x += AREA_GAP
    ticks = tuple(Tick(level, PLOT_BOTTOM - level * scale) for level in range(top_level + 1))
    return Chart(
        width=x - AREA_GAP + BAR_GAP,
        height=PLOT_BOTTOM + 50,
        bars=tuple(bars),
        ticks=ticks,
        area_labels=tuple(labels),
    )
