"""A survey's answers and their summary as an XLSX workbook."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from nastavnik.monitoring import selectors
from nastavnik.monitoring.models import Survey


def survey_xlsx(survey: Survey) -> bytes:
    """Sheet «Ответы»: one row per response (with the name and date unless the survey is anonymous);
    sheet «Итоги»: each question's n, mean, standard deviation, share of «да», choices."""
    sections = selectors.questionnaire_questions(survey.version)
    questions = [question for section in sections for question in section.questions.all()]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ответы")
    named = not survey.is_anonymous
    header = ([_("Участник"), _("Дата ответа")] if named else []) + [question.text for question in questions]
    sheet.append(header)
    for row in selectors.survey_answer_rows(survey):
        lead = [row["person"].full_name if row["person"] else "", row["submitted_on"]] if named else []
        sheet.append(lead + [row["answers"].get(question.pk, "") for question in questions])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if named:
        for cell in sheet["B"][1:]:
            cell.number_format = "DD.MM.YYYY"

    summary = workbook.create_sheet(_("Итоги"))
    summary.append(
        [
            _("Раздел"),
            _("Вопрос"),
            _("Тип"),
            _("Ответов"),
            _("Среднее"),
            _("Стандартное отклонение"),
            _("Доля «да», %"),
            _("Варианты"),
        ]
    )
    for result in selectors.survey_results(survey):
        mean = sd = share = None
        choices = ""
        if result.scale is not None:
            mean, sd = result.scale.mean, result.scale.stdev
        if result.yes_no is not None:
            share = result.yes_no.yes_share
        if result.choices is not None:
            choices = "; ".join(f"{line.text}: {line.count}" for line in result.choices.lines)
        summary.append(
            [
                result.section,
                result.question.text,
                result.question.get_kind_display(),
                result.n,
                mean,
                sd,
                share,
                choices,
            ]
        )
    for cell in summary[1]:
        cell.font = Font(bold=True)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
