"""Geometry of the server-rendered trend charts (inline SVG in the template; no JavaScript, no CDN).

One small chart per indicator: the values by academic year as a solid line with labelled points,
the targets as a dashed line. The same figures are in a table next to the charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH, HEIGHT = 360, 180
LEFT, RIGHT, TOP, BOTTOM = 40, 34, 18, 34


@dataclass
class ChartPoint:
    x: float
    y: float
    label: str
    year: str

    @property
    def label_y(self) -> float:
        return self.y - 8


@dataclass
class Chart:
    indicator: str
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    values: list[ChartPoint] = field(default_factory=list)
    targets: list[ChartPoint] = field(default_factory=list)
    years: list[tuple[float, str]] = field(default_factory=list)
    grid: list[tuple[float, str]] = field(default_factory=list)
    left: int = LEFT
    right_x: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def values_path(self) -> str:
        return _path(self.values)

    @property
    def targets_path(self) -> str:
        return _path(self.targets)


def _path(points: list[ChartPoint]) -> str:
    return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in points)


def _fmt(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


def trend_chart(indicator: str, title: str, points: list[tuple[str, float | None, float | None]]) -> Chart:
    """``points``: (academic year, value %, target %) in order; None where there is nothing."""
    top_value = max(
        [100.0] + [v for _, v, _ in points if v is not None] + [t for *_, t in points if t is not None]
    )
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x_of(index: int) -> float:
        return LEFT + (plot_w / 2 if len(points) == 1 else plot_w * index / (len(points) - 1))

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - value / top_value)

    described = []
    chart = Chart(indicator=indicator, title=title, description="")
    for index, (year, value, target) in enumerate(points):
        x = x_of(index)
        chart.years.append((x, year.replace("/20", "/")))
        if value is not None:
            chart.values.append(ChartPoint(x, y_of(value), f"{_fmt(value)}", year))
        if target is not None:
            chart.targets.append(ChartPoint(x, y_of(target), f"{_fmt(target)}", year))
        value_text = f"{_fmt(value)} %" if value is not None else "нет данных"
        target_text = f", цель {_fmt(target)} %" if target is not None else ""
        described.append(f"{year}: {value_text}{target_text}")
    for step in (0, 50, 100):
        chart.grid.append((y_of(step), f"{step}"))
    chart.description = "; ".join(described) + "."
    return chart
