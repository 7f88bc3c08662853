"""Satisfaction as sums and counts, so that other apps (the KPIs) can roll it up exactly.

``selectors.satisfaction_by_organization`` gives each organisation's mean; the mean of a municipality is
not the mean of its schools' means (a school of 200 answers weighs more than one of 5). Here every
answer is turned into points on the same 0–100 scale and the points and the number of answers are
summed per organisation and academic year, in one query: a caller adds them up for any group and
divides once.

The rules are the monitoring's: the answers are those of ``selectors._satisfaction_answers`` (items
marked as satisfaction, rated 1–10 or yes/no, with a value); a rating counts as (v − 1) / 9 × 100, yes
as 100 and no as 0; and an anonymous survey with fewer answers than its results page waits for
(``ANONYMOUS_MIN_RESPONSES``) stays out, as in a program's own monitoring, so that a figure never gives
one or two people's ratings away.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum

from nastavnik.monitoring import scoring
from nastavnik.monitoring.models import QuestionKind, Survey
from nastavnik.monitoring.selectors import ANONYMOUS_MIN_RESPONSES, _satisfaction_answers

#: (sum of the answers' points on the 0–100 scale, number of answers)
Totals = tuple[float, int]


def _points(*, scale_sum: int, scale_n: int, yes_sum: int) -> float:
    """The sum of the 0–100 points of ``scale_n`` ratings summing to ``scale_sum`` and of yes answers."""
    return (scale_sum - scale_n * scoring.SCALE_MIN) * 100 / (scoring.SCALE_MAX - scoring.SCALE_MIN) + (
        100 * yes_sum
    )


def satisfaction_totals(
    *, organization_ids: Iterable[int] | QuerySet, academic_years: Iterable[str] | None = None
) -> dict[tuple[int, str], Totals]:
    """{(organisation id, academic year of the program): (points, answers)} of the organisations'
    programs, in ``academic_years`` or in every year when None. Only pairs with answers appear. One
    query, whatever the number of organisations and years; access is the caller's business.
    ``organization_ids`` may be a queryset of organisation pks, which the database takes as a subquery
    (cheaper than a list of hundreds of ids)."""
    ids = organization_ids if isinstance(organization_ids, QuerySet) else list(organization_ids)
    if not isinstance(ids, QuerySet) and not ids:
        return {}
    answers = _satisfaction_answers().filter(response__survey__program__organization_id__in=ids)
    if academic_years is not None:
        answers = answers.filter(response__survey__program__academic_year__in=list(academic_years))
    too_few = (
        Survey.objects.filter(is_anonymous=True, program__organization_id__in=ids)
        .annotate(n=Count("responses"))
        .filter(n__lt=ANONYMOUS_MIN_RESPONSES)
        .values("pk")
    )
    scale = Q(question__kind=QuestionKind.SCALE)
    yes_no = Q(question__kind=QuestionKind.YES_NO)
    lines = (
        answers.exclude(response__survey__in=too_few)
        .values_list("response__survey__program__organization_id", "response__survey__program__academic_year")
        .annotate(
            scale_sum=Sum("value", filter=scale, default=0),
            scale_n=Count("pk", filter=scale),
            yes_sum=Sum("value", filter=yes_no, default=0),
            yes_n=Count("pk", filter=yes_no),
        )
        .order_by()
    )
    return {
        (organization_id, year): (
            _points(scale_sum=scale_sum, scale_n=scale_n, yes_sum=yes_sum),
            scale_n + yes_n,
        )
        for organization_id, year, scale_sum, scale_n, yes_sum, yes_n in lines
    }


def satisfaction_totals_by_organization(
    *, organization_ids: Iterable[int], academic_year: str | None = None
) -> dict[int, Totals]:
    """{organisation id: (points, answers)} in programs of ``academic_year`` or of every year when None;
    organisations without answers are left out. One query."""
    years = None if academic_year is None else [academic_year]
    result: dict[int, list] = defaultdict(lambda: [0.0, 0])
    for (organization_id, _year), (points, n) in satisfaction_totals(
        organization_ids=organization_ids, academic_years=years
    ).items():
        result[organization_id][0] += points
        result[organization_id][1] += n
    return {organization_id: (points, n) for organization_id, (points, n) in result.items()}


def satisfaction_percent(totals: Iterable[Totals]) -> float | None:
    """The satisfaction index (0–100 %) of several totals together; None without answers."""
    points, n = 0.0, 0
    for each_points, each_n in totals:
        points += each_points
        n += each_n
    return points / n if n else None
