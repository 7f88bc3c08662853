"""Pure aggregation of expert scores (no database)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class CriterionSpec:
    pk: int
    weight: int
    max_score: int


def expert_total(criteria: Iterable[CriterionSpec], values: Mapping[int, int | None]) -> float | None:
    """One expert's result for a program, in percent of the weighted maximum:
    Σ weight × score / Σ weight × max score × 100. None until every criterion is scored."""
    earned = possible = 0
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            return None
        earned += criterion.weight * value
        possible += criterion.weight * criterion.max_score
    if possible == 0:
        return None
    return round(100.0 * earned / possible, 1)


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the experts' results (each expert weighs the same); None when nobody scored."""
    present = [value for value in values if value is not None]
    if not present:
        return None
    return round(sum(present) / len(present), 1)


def rank(results: Iterable[tuple[object, float | None]]) -> list[tuple[int | None, object, float | None]]:
    """(place, item, score), best first; equal scores share a place; unscored items come last without one."""
    results = list(results)
    scored = sorted((r for r in results if r[1] is not None), key=lambda r: -r[1])
    unscored = [r for r in results if r[1] is None]
    ranked: list[tuple[int | None, object, float | None]] = []
    place = 0
    previous = None
    for index, (item, score) in enumerate(scored, start=1):
        if score != previous:
            place, previous = index, score
        ranked.append((place, item, score))
    ranked += [(None, item, None) for item, _ in unscored]
    return ranked
