"""The layout of a roadmap's timeline (a Gantt-like chart): pure arithmetic over dates, no database.

The chart spans whole months from the first start to the last end of the dated activities; every bar
and tick is placed as a percentage of that span, so the template draws it with inline widths and the
browser scales it to any screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from math import ceil

from django.utils.translation import gettext_lazy as _

from nastavnik.roadmap.models import Status, status_on

MONTHS_SHORT = (
    _("янв"),
    _("фев"),
    _("мар"),
    _("апр"),
    _("май"),
    _("июн"),
    _("июл"),
    _("авг"),
    _("сен"),
    _("окт"),
    _("ноя"),
    _("дек"),
)
#: How each status fills its bar. Colour is never the only cue: the pattern differs too, and every
#: row says its status in words.
STATUS_FILL = {
    Status.DONE: "background:var(--ok)",
    Status.IN_PROGRESS: "background:repeating-linear-gradient(90deg,var(--accent) 0 10px,#3a73b5 10px 12px)",
    Status.PLANNED: "background:#fff;border:2px solid var(--muted)",
    Status.OVERDUE: "background:repeating-linear-gradient(135deg,var(--error) 0 6px,#fff 6px 9px)",
    Status.CANCELLED: "background:repeating-linear-gradient(90deg,var(--muted) 0 3px,#fff 3px 7px)",
}
#: At most this many month labels: beyond it every second (third…) month is labelled.
MAX_LABELS = 18
#: A one-day activity still gets a bar one can see.
MIN_BAR_PERCENT = 0.8


@dataclass
class Tick:
    left: float
    label: str
    labelled: bool
    year: str = ""  # under the first month and every January


@dataclass
class Bar:
    activity: object
    status: str
    status_label: str
    left: float
    width: float

    @property
    def fill(self) -> str:
        return STATUS_FILL[self.status]


@dataclass
class Timeline:
    starts_on: date | None = None
    ends_on: date | None = None
    bars: list[Bar] = field(default_factory=list)
    undated: list = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    today: date | None = None
    today_left: float | None = None  # None when today lies outside the chart

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(str(status.label), STATUS_FILL[status]) for status in Status]

    @property
    def today_before(self) -> bool:
        return self.today_left is None and self.starts_on is not None and self.today < self.starts_on

    @property
    def today_after(self) -> bool:
        return self.today_left is None and self.ends_on is not None and self.today > self.ends_on


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _percent(day: date, start: date, total_days: int) -> float:
    return round((day - start).days / total_days * 100, 3)


def build_timeline(activities, *, today: date) -> Timeline:
    """Place each dated activity on the chart; activities without dates are kept aside, in order.

    An activity with only one known date (the parser gives both, a person may give one) is drawn
    as that single day.
    """
    timeline = Timeline(today=today)
    dated = []
    for activity in activities:
        start, end = activity.starts_on or activity.ends_on, activity.ends_on or activity.starts_on
        if start is None or not activity.deadline_recognized:
            timeline.undated.append(activity)
        else:
            dated.append((activity, start, end))
    if not dated:
        return timeline
    first = _month_start(min(start for _activity, start, _end in dated))
    last = _next_month(max(end for _activity, _start, end in dated)) - timedelta(days=1)
    total_days = (last - first).days + 1
    timeline.starts_on, timeline.ends_on = first, last
    for activity, start, end in dated:
        left = _percent(start, first, total_days)
        width = max(((end - start).days + 1) / total_days * 100, MIN_BAR_PERCENT)
        left = min(left, 100 - width)
        status = status_on(activity.status, activity.ends_on, today)
        timeline.bars.append(
            Bar(
                activity=activity,
                status=status,
                status_label=str(Status(status).label),
                left=round(left, 3),
                width=round(width, 3),
            )
        )
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = _next_month(month)
    step = ceil(len(months) / MAX_LABELS)
    for index, month in enumerate(months):
        timeline.ticks.append(
            Tick(
                left=_percent(month, first, total_days),
                label=str(MONTHS_SHORT[month.month - 1]),
                labelled=index % step == 0,
                year=str(month.year) if index == 0 or month.month == 1 else "",
            )
        )
    if first <= today <= last:
        timeline.today_left = _percent(today, first, total_days)
    return timeline
