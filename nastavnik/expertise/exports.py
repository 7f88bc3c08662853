"""The results of an expertise round as an XLSX workbook: the ranking, then every score with its comment."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from nastavnik.expertise.models import ExpertiseRound
from nastavnik.expertise.selectors import RoundResults


def results_xlsx(expertise_round: ExpertiseRound, results: RoundResults) -> bytes:
    workbook = Workbook()
    ranking = workbook.active
    ranking.title = _("Рейтинг")
    ranking.append(
        [f"{expertise_round.title}: {expertise_round.scope_name}, {expertise_round.academic_year}"]
    )
    ranking["A1"].font = Font(bold=True, size=13)
    header = [
        _("Место"),
        _("Программа"),
        _("Организация"),
        _("Итоговый балл, %"),
        _("Оценили экспертов"),
        _("Назначено экспертов"),
        *[
            f"{c.title} ({_('средний балл из')} {c.max_score}, {_('вес')} {c.weight})"
            for c in results.criteria
        ],
        _("Рекомендована к публикации"),
    ]
    ranking.append(header)
    for cell in ranking[2]:
        cell.font = Font(bold=True)
    for result in results.programs:
        ranking.append(
            [
                result.place,
                result.program.title,
                str(result.program.organization),
                result.score,
                len(result.experts),
                result.assigned,
                *result.criterion_means,
                _("да") if result.is_marked else _("нет"),
            ]
        )
    ranking.column_dimensions["B"].width = 40
    ranking.column_dimensions["C"].width = 35
    ranking.freeze_panes = "A3"

    scores = workbook.create_sheet(_("Оценки экспертов"))
    scores.append(
        [_("Программа"), _("Организация"), _("Эксперт"), _("Критерий"), _("Балл"), _("Комментарий")]
    )
    for cell in scores[1]:
        cell.font = Font(bold=True)
    for result in results.programs:
        for expert in result.experts:
            for criterion, score in zip(results.criteria, expert.scores, strict=True):
                scores.append(
                    [
                        result.program.title,
                        str(result.program.organization),
                        expert.expert.full_name,
                        criterion.title,
                        score.value if score else None,
                        score.comment if score else "",
                    ]
                )
            scores.append(
                [
                    result.program.title,
                    str(result.program.organization),
                    expert.expert.full_name,
                    _("Итог эксперта, % / общий комментарий"),
                    expert.total,
                    expert.comment,
                ]
            )
    for column, width in zip("ABCDEF", (35, 30, 30, 50, 8, 60), strict=True):
        scores.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
