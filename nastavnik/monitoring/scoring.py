"""Pure calculations of the monitoring: no database, no Django — numbers in, numbers out.

Every aggregate on the monitoring pages is computed here from plain values, so each is unit-tested on
hand-computed data.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

SCALE_MIN, SCALE_MAX = 1, 10


def scale_to_percent(value: float) -> float:
    """A 1–10 rating as percent of the scale: 1 → 0 %, 10 → 100 %."""
    return (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def stdev(values: Sequence[float]) -> float | None:
    """The sample standard deviation (n − 1); 0 for a single value, None for none."""
    if not values:
        return None
    if len(values) == 1:
        return 0.0
    centre = sum(values) / len(values)
    return math.sqrt(sum((v - centre) ** 2 for v in values) / (len(values) - 1))


@dataclass
class ScaleSummary:
    n: int
    mean: float | None
    stdev: float | None
    minimum: int | None
    maximum: int | None
    #: How many answered 1, 2, …, 10, in that order.
    distribution: list[int]

    @property
    def percent(self) -> float | None:
        return None if self.mean is None else scale_to_percent(self.mean)


def summarize_scale(values: Iterable[int]) -> ScaleSummary:
    """Mean, spread and distribution of 1–10 ratings; values outside the scale are refused."""
    values = list(values)
    for value in values:
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise ValueError(f"оценка {value} вне шкалы от {SCALE_MIN} до {SCALE_MAX}")
    counts = Counter(values)
    return ScaleSummary(
        n=len(values),
        mean=mean(values),
        stdev=stdev(values),
        minimum=min(values) if values else None,
        maximum=max(values) if values else None,
        distribution=[counts.get(v, 0) for v in range(SCALE_MIN, SCALE_MAX + 1)],
    )


@dataclass
class ChoiceLine:
    option_id: int
    text: str
    count: int
    share: float | None  # of the respondents who answered the question, percent


@dataclass
class ChoiceSummary:
    n: int  # respondents who answered
    lines: list[ChoiceLine]


def summarize_choices(
    options: Sequence[tuple[int, str]], selections: Iterable[Iterable[int]]
) -> ChoiceSummary:
    """How many respondents chose each option. For multiple choice the shares may add up to more than
    100 %: each is the share of respondents who ticked that option."""
    n = 0
    counts: Counter[int] = Counter()
    for chosen in selections:
        chosen = set(chosen)
        if not chosen:
            continue
        n += 1
        counts.update(chosen)
    lines = [
        ChoiceLine(
            option_id=pk, text=text, count=counts.get(pk, 0), share=counts.get(pk, 0) / n * 100 if n else None
        )
        for pk, text in options
    ]
    return ChoiceSummary(n=n, lines=lines)


@dataclass
class YesNoSummary:
    n: int
    yes: int

    @property
    def no(self) -> int:
        return self.n - self.yes

    @property
    def yes_share(self) -> float | None:
        return self.yes / self.n * 100 if self.n else None


def summarize_yes_no(values: Iterable[bool | int]) -> YesNoSummary:
    values = [bool(v) for v in values]
    return YesNoSummary(n=len(values), yes=sum(values))


def summarize_texts(texts: Iterable[str]) -> list[str]:
    """The non-empty texts, trimmed, in the order given."""
    return [text.strip() for text in texts if text and text.strip()]


def satisfaction_index(
    *, scale_values: Iterable[float] = (), yes_no_values: Iterable[bool | int] = ()
) -> float | None:
    """The satisfaction index in percent: the mean over all satisfaction answers, each as percent
    (a 1–10 rating as ``scale_to_percent``, yes as 100 and no as 0); None without answers."""
    points = [scale_to_percent(v) for v in scale_values] + [100.0 if v else 0.0 for v in yes_no_values]
    return mean(points)


def satisfaction_from_sums(*, scale_sum: float, scale_n: int, yes_sum: float, yes_n: int) -> float | None:
    """``satisfaction_index`` from sums and counts (what one grouped database query returns)."""
    n = scale_n + yes_n
    if not n:
        return None
    scale_points = (scale_sum - SCALE_MIN * scale_n) / (SCALE_MAX - SCALE_MIN) * 100
    return (scale_points + yes_sum * 100) / n


# --- Stage 2: growth ------------------------------------------------------------------------------------


@dataclass
class GrowthLine:
    """One participant's change on one item (``participant`` identifies them: a person in a program)."""

    participant: Hashable
    key: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass
class GrowthSummary:
    key: str
    n: int
    mean_before: float | None
    mean_after: float | None
    mean_delta: float | None
    stdev_delta: float | None
    improved: int = 0
    unchanged: int = 0
    declined: int = 0
    label: str = ""


def growth_lines(
    before: Mapping[tuple[Hashable, str], int], after: Mapping[tuple[Hashable, str], int]
) -> list[GrowthLine]:
    """Pair each (participant, item) rated at entry with the same participant's rating of the same item
    at completion; those rated only once are left out. Sorted by item, then participant."""
    lines = [
        GrowthLine(participant=participant, key=key, before=value, after=after[(participant, key)])
        for (participant, key), value in before.items()
        if (participant, key) in after
    ]
    return sorted(lines, key=lambda line: (line.key, str(line.participant)))


def summarize_growth(lines: Iterable[GrowthLine]) -> dict[str, GrowthSummary]:
    """Per item: n, the means before and after, the mean change and its standard deviation."""
    by_key: dict[str, list[GrowthLine]] = {}
    for line in lines:
        by_key.setdefault(line.key, []).append(line)
    summaries = {}
    for key in sorted(by_key):
        group = by_key[key]
        deltas = [line.delta for line in group]
        summaries[key] = GrowthSummary(
            key=key,
            n=len(group),
            mean_before=mean([line.before for line in group]),
            mean_after=mean([line.after for line in group]),
            mean_delta=mean(deltas),
            stdev_delta=stdev(deltas),
            improved=sum(1 for d in deltas if d > 0),
            unchanged=sum(1 for d in deltas if d == 0),
            declined=sum(1 for d in deltas if d < 0),
        )
    return summaries


# --- Stage 1: the process ---------------------------------------------------------------------------------


@dataclass
class ProcessFigures:
    pairs: int
    completed: int
    ended_early: int
    meetings: int
    satisfaction: float | None = None

    @property
    def completed_share(self) -> float | None:
        return self.completed / self.pairs * 100 if self.pairs else None

    @property
    def meetings_per_pair(self) -> float | None:
        return self.meetings / self.pairs if self.pairs else None
