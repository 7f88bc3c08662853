"""Bar charts drawn by the server as inline SVG: geometry only, the template draws it. Every chart is
shown with a table of the same figures, for screen readers and for anyone who prefers numbers."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
ROW = 44
BAR = 16
LABEL_LIMIT = 80


@dataclass
class Bar:
    label: str
    short_label: str
    value: float | None
    display: str
    label_y: int
    bar_y: int
    width: float
    value_x: float


@dataclass
class BarChart:
    id: str
    title: str
    description: str
    unit: str
    bars: list[Bar]
    width: int
    height: int
    bar_height: int = BAR


def _display(value: float | None, unit: str, digits: int) -> str:
    if value is None:
        return "нет данных"
    text = f"{value:.{digits}f}".replace(".", ",")
    return f"{text}{unit}"


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    rows,
    max_value: float | None = None,
    unit: str = "",
    digits: int = 1,
) -> BarChart:
    """Horizontal bars for ``rows`` of (label, value); the longest bar is ``max_value`` (or the largest
    value). A missing value draws no bar and says so."""
    rows = list(rows)
    values = [value for _label, value in rows if value is not None]
    top = max_value if max_value is not None else max(values, default=0) or 1
    track = WIDTH - 90
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW
        length = 0.0 if value is None else max(0.0, min(value, top)) / top * track
        short = label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"
        bars.append(
            Bar(
                label=label,
                short_label=short,
                value=value,
                display=_display(value, unit, digits),
                label_y=y + 14,
                bar_y=y + 20,
                width=round(length, 1),
                value_x=round(length + 6, 1),
            )
        )
    return BarChart(
        id=id,
        title=title,
        description=description,
        unit=unit,
        bars=bars,
        width=WIDTH,
        height=max(ROW * len(rows), ROW),
    )
