"""Reads of the monitoring: questionnaires, surveys, invitations and results, scoped by the user.

``satisfaction_by_organization`` and ``satisfaction_by_academic_year`` are the public face other apps
(the KPIs) use: they take ids the caller has already scoped and cost one query whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, Sum

from nastavnik.monitoring import scoring
from nastavnik.monitoring.models import Answer, QuestionKind

_SATISFACTION_KINDS = (QuestionKind.SCALE, QuestionKind.YES_NO)


def _satisfaction_answers():
    return Answer.objects.filter(
        question__is_satisfaction=True, question__kind__in=_SATISFACTION_KINDS, value__isnull=False
    )


def _satisfaction_groups(answers, group_by: str) -> dict:
    """{group value: satisfaction percent} from one grouped query over ``answers``."""
    scale = Q(question__kind=QuestionKind.SCALE)
    yes_no = Q(question__kind=QuestionKind.YES_NO)
    lines = (
        answers.values(group_by)
        .annotate(
            scale_sum=Sum("value", filter=scale),
            scale_n=Count("pk", filter=scale),
            yes_sum=Sum("value", filter=yes_no),
            yes_n=Count("pk", filter=yes_no),
        )
        .order_by()
    )
    return {
        line[group_by]: scoring.satisfaction_from_sums(
            scale_sum=line["scale_sum"] or 0,
            scale_n=line["scale_n"],
            yes_sum=line["yes_sum"] or 0,
            yes_n=line["yes_n"],
        )
        for line in lines
    }


def satisfaction_by_organization(
    *, organization_ids: Iterable[int], academic_year: str | None = None
) -> dict[int, float | None]:
    """The satisfaction index (0–100 %) of each organisation's programs: the mean over the submitted
    answers to satisfaction items (a 1–10 rating counts as (v − 1) / 9 × 100, yes as 100, no as 0),
    in programs of ``academic_year`` ("2020/2021") or of every year when None. None where there are no
    such answers. One query, whatever the number of organisations; access is the caller's business."""
    ids = list(organization_ids)
    result: dict[int, float | None] = dict.fromkeys(ids)
    if not ids:
        return result
    answers = _satisfaction_answers().filter(response__survey__program__organization_id__in=ids)
    if academic_year is not None:
        answers = answers.filter(response__survey__program__academic_year=academic_year)
    result.update(_satisfaction_groups(answers, "response__survey__program__organization_id"))
    return result


def satisfaction_by_academic_year(*, organization_ids: Iterable[int]) -> dict[str, float | None]:
    """The satisfaction index (0–100 %) of the organisations together, per academic year of their
    programs, oldest year first; only years with answers appear. One query."""
    ids = list(organization_ids)
    if not ids:
        return {}
    answers = _satisfaction_answers().filter(response__survey__program__organization_id__in=ids)
    groups = _satisfaction_groups(answers, "response__survey__program__academic_year")
    return {year: groups[year] for year in sorted(groups)}
