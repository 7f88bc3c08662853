"""KPI targets of the demo region: the national aim of 70 % of pupils in mentoring by 2024, reached in steps."""

from decimal import Decimal

from nastavnik.kpis.calculations import Indicator
from nastavnik.kpis.services import kpi_targets_save

#: academic year → targets in percent, in the order of ``Indicator``.
DEMO_TARGETS = {
    "2020/2021": (10, 5, 50, 30, 70),
    "2021/2022": (30, 10, 60, 40, 70),
    "2022/2023": (50, 15, 70, 50, 75),
    "2023/2024": (70, 20, 80, 60, 80),
}


def demo_load(municipality) -> None:
    """Set the targets of the municipality's region for the demo years (idempotent)."""
    for year, values in DEMO_TARGETS.items():
        kpi_targets_save(
            region=municipality.region,
            academic_year=year,
            values={
                indicator: Decimal(value) for indicator, value in zip(Indicator.values, values, strict=True)
            },
        )
