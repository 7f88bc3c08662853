"""The consolidated report of a municipality (roadmap activity 5): the same figures as the KPI page,
as an XLSX workbook and a PDF (WeasyPrint renders a Django template; DejaVu fonts carry Cyrillic)."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from nastavnik.kpis import calculations as calc
from nastavnik.kpis.selectors import KpiPage, MonitoringRow, monitoring_summary, municipality_page
from nastavnik.organizations.models import Municipality


@dataclass
class ReportData:
    municipality: Municipality
    academic_year: str
    kpis: KpiPage
    monitoring: list[MonitoringRow]
    monitoring_total: MonitoringRow
    generated_at: object
    thresholds: str


def report_data(municipality: Municipality, academic_year: str) -> ReportData:
    kpis = municipality_page(municipality, academic_year=academic_year)
    rows, total = monitoring_summary(kpis.organization_counts, kpis.academic_year)
    return ReportData(
        municipality=municipality,
        academic_year=kpis.academic_year,
        kpis=kpis,
        monitoring=rows,
        monitoring_total=total,
        generated_at=timezone.localtime(),
        thresholds=thresholds_text(),
    )


def thresholds_text() -> str:
    return _(
        "«достигнуто» — значение не ниже целевого; «близко» — не ниже %(share)s %% целевого значения; "
        "«отстаёт» — ниже %(share)s %% целевого значения."
    ) % {"share": f"{calc.CLOSE_SHARE * 100:g}"}


def _percent(value: float | None):
    return value if value is not None else _("нет данных")


def _cells(values) -> list:
    """Lazy translations become plain strings: openpyxl writes only str, numbers and dates."""
    return [str(value) if isinstance(value, Promise) else value for value in values]


def _bold(row) -> None:
    for cell in row:
        cell.font = Font(bold=True)


def report_xlsx(data: ReportData) -> bytes:
    """Three sheets: the KPIs of the municipality, the KPIs per organisation, the monitoring summary."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Показатели")
    sheet.append(
        _cells(
            [_("Сводный отчёт: %(m)s, %(y)s учебный год") % {"m": data.municipality, "y": data.academic_year}]
        )
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(_cells([]))
    sheet.append(
        _cells(
            [_("Показатель"), _("Числитель"), _("Знаменатель"), _("Значение, %"), _("Цель, %"), _("Оценка")]
        )
    )
    _bold(sheet[3])
    for cell in data.kpis.total.cells:
        ratio = cell.ratio
        sheet.append(
            _cells(
                [
                    calc.Indicator(cell.indicator).label,
                    ratio.numerator if ratio else None,
                    ratio.denominator if ratio else None,
                    _percent(cell.percent),
                    cell.target,
                    cell.light_label,
                ]
            )
        )
    sheet.append(_cells([]))
    sheet.append(_cells([data.thresholds]))
    for index, width in enumerate([70, 12, 14, 14, 10, 16], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    per_org = workbook.create_sheet(_("По организациям"))
    indicators = calc.Indicator.values
    header = [_("Организация")]
    for indicator in indicators:
        name = str(calc.SHORT_NAMES[indicator])
        header += [f"{name}, %", f"{name}: {_('оценка')}"]
    per_org.append(_cells(header))
    _bold(per_org[1])
    for row in [*data.kpis.children, data.kpis.total]:
        line = [row.name if row is not data.kpis.total else _("Итого по муниципалитету")]
        for cell in row.cells:
            line += [_percent(cell.percent), cell.light_label]
        per_org.append(_cells(line))
    _bold(per_org[per_org.max_row])
    per_org.column_dimensions["A"].width = 45
    per_org.freeze_panes = "B2"

    monitoring = workbook.create_sheet(_("Мониторинг"))
    monitoring.append(
        _cells(
            [
                _("Организация"),
                _("Пар и групп"),
                _("Завершено"),
                _("Доля завершённых, %"),
                _("Встреч"),
                _("Встреч на пару"),
                _("Удовлетворённость, %"),
            ]
        )
    )
    _bold(monitoring[1])
    for row in [*data.monitoring, data.monitoring_total]:
        monitoring.append(
            _cells(
                [
                    row.name or _("Итого по муниципалитету"),
                    row.pairs,
                    row.completed,
                    _percent(row.completed_percent),
                    row.meetings,
                    _percent(row.meetings_per_pair) if row.pairs else _("нет данных"),
                    _percent(row.satisfaction),
                ]
            )
        )
    _bold(monitoring[monitoring.max_row])
    monitoring.column_dimensions["A"].width = 45
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_pdf(data: ReportData) -> bytes:
    from weasyprint import HTML

    html = render_to_string("kpis/report_pdf.html", {"data": data})
    return HTML(string=html).write_pdf()
