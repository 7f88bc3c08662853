"""Reads of the KPIs, scoped by the user.

Every figure of a page comes from a fixed number of grouped queries over all the organisations in
scope, whatever the number of municipalities, organisations and years (eight for a whole region: see
tests/test_query_budget.py): the counts of the indicators per organisation and year, and satisfaction
as the sum of the answers' points and their number per organisation and year (``monitoring.totals``).
Python then sums numerators with numerators and denominators with denominators to roll organisations
up to municipalities and the region, so every level is exact (never an average of percentages).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet
from django.db.models.functions import Cast, Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from nastavnik.kpis import calculations as calc
from nastavnik.kpis.calculations import COUNTED, Indicator, Light, Ratio
from nastavnik.kpis.models import KpiTarget, ReportJob
from nastavnik.monitoring.totals import Totals, satisfaction_percent, satisfaction_totals
from nastavnik.organizations.access import (
    ORGANIZATION_STAFF_ROLES,
    get_organization_for_user,
    municipalities_for_user,
    user_scope,
)
from nastavnik.organizations.models import Municipality, Organization, Region
from nastavnik.people.models import Person
from nastavnik.programs.models import Meeting, Pair, Program, ProgramParticipant

ACADEMIC_YEAR_RE = re.compile(r"^\d{4}/\d{4}$")
Kind = Organization.Kind
PRole = ProgramParticipant.Role
Category = ProgramParticipant.Category


# Plain strings, looked up once: ``Indicator.values`` rebuilds its list (and raises and catches an
# AttributeError inside) at every call, which costs milliseconds over a region's hundreds of rows.
INDICATORS: tuple[str, ...] = tuple(Indicator.values)
COUNTED_KEYS: tuple[str, ...] = tuple(str(indicator) for indicator in COUNTED)
SATISFACTION = str(Indicator.SATISFACTION)


# --- Counting -------------------------------------------------------------------------------------------


@dataclass
class OrgCounts:
    """An organisation with the denominators of its indicators (the counts of its card)."""

    pk: int
    name: str
    kind: str
    municipality_id: int
    pupils_10_18: int
    pupils_15_18: int
    young_teachers: int


def _age_condition(academic_years: Iterable[str], ages: tuple[int, int]) -> Q:
    """Participants of a program of year Y whose age on 1 September of Y is within ``ages``."""
    condition = Q(pk__in=[])
    for year in academic_years:
        born_after, born_by = calc.birth_date_range(calc.academic_year_start(year), *ages)
        condition |= Q(
            program__academic_year=year, person__birth_date__gt=born_after, person__birth_date__lte=born_by
        )
    return condition


def _young_teacher_condition() -> Q:
    """Teachers with 0–3 years of experience: as written in the base or, when it is not, counted from the
    year their teaching began to the start of the program's academic year. The second test is an EXISTS
    on the person (not a join), so the database looks people up only for the few rows that need it."""
    recent_start = Person.objects.filter(
        pk=OuterRef("person_id"), teaching_since__gte=OuterRef("first_year") - calc.YOUNG_TEACHER_MAX_YEARS
    )
    # The cheap test first: the database evaluates the conditions in this order.
    return Q(experience_years__lte=calc.YOUNG_TEACHER_MAX_YEARS) | (
        Q(experience_years__isnull=True) & Q(Exists(recent_start))
    )


def kpi_counts(
    organizations: list[OrgCounts],
    academic_years: list[str],
    *,
    scope: QuerySet[Organization] | None = None,
) -> dict[tuple[int, str], dict[str, Ratio]]:
    """The counted indicators of every organisation in every academic year: three queries in all.

    Numerators: distinct pupils in a base of mentees aged 10–18 on 1 September; distinct pupils in a
    base of mentors aged 15–18; distinct teachers in a base of mentees with 0–3 years of experience;
    for a partner organisation, whether any program of the year had a mentor from it (1 of 1).
    Denominators: the organisation's counts (10–18, 15–18, young teachers; 1 for a partner).
    ``scope``, the queryset ``organizations`` were read from, is given to the database as a subquery
    instead of a list of hundreds of ids (which Django and the driver spend milliseconds on each time).
    """
    if not organizations or not academic_years:
        return {}
    ids = [org.pk for org in organizations] if scope is None else scope.values("pk")
    participants = ProgramParticipant.objects.filter(
        program__organization_id__in=ids, program__academic_year__in=academic_years
    )
    # Pupils (mentees 10–18 and mentors 15–18) in one scan. The outer birth-date bounds of every year
    # are a plain range the database applies to the people table before joining it, so only people of
    # school age are joined (on PostgreSQL this halves the time for a region).
    mentee_pupils = Q(role=PRole.MENTEE) & _age_condition(academic_years, calc.MENTEE_AGES)
    mentor_pupils = Q(role=PRole.MENTOR) & _age_condition(academic_years, calc.MENTOR_AGES)
    bounds = [
        calc.birth_date_range(calc.academic_year_start(year), *calc.MENTEE_AGES) for year in academic_years
    ]
    pupil_lines = (
        participants.filter(
            mentee_pupils | mentor_pupils,
            category=Category.PUPIL,
            person__birth_date__gt=min(after for after, _ in bounds),
            person__birth_date__lte=max(by for _, by in bounds),
        )
        .values("program__organization_id", "program__academic_year")
        .annotate(
            mentees=Count("person_id", distinct=True, filter=mentee_pupils),
            mentors=Count("person_id", distinct=True, filter=mentor_pupils),
        )
        .order_by()
    )
    mentees, mentors = {}, {}
    for line in pupil_lines:
        key = (line["program__organization_id"], line["program__academic_year"])
        mentees[key], mentors[key] = line["mentees"], line["mentors"]
    young_lines = (
        participants.filter(role=PRole.MENTEE, category=Category.TEACHER)
        .alias(first_year=Cast(Substr("program__academic_year", 1, 4), IntegerField()))
        .filter(_young_teacher_condition())
        .values("program__organization_id", "program__academic_year")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    young = {
        (line["program__organization_id"], line["program__academic_year"]): line["n"] for line in young_lines
    }
    partner_ids = (
        [org.pk for org in organizations if org.kind == Kind.PARTNER]
        if scope is None
        else scope.filter(kind=Kind.PARTNER).values("pk")
    )
    gave = set(
        ProgramParticipant.objects.filter(
            role=PRole.MENTOR,
            partner_organization_id__in=partner_ids,
            program__academic_year__in=academic_years,
        )
        .values_list("partner_organization_id", "program__academic_year")
        .distinct()
        .order_by()
    )
    result: dict[tuple[int, str], dict[str, Ratio]] = {}
    # Plain strings as keys: enum members are slower to look up in a loop over a region.
    mentees_key, mentors_key, young_key, partners_key = COUNTED_KEYS
    for org in organizations:
        is_partner = int(org.kind == Kind.PARTNER)
        for year in academic_years:
            key = (org.pk, year)
            result[key] = {
                mentees_key: Ratio(mentees.get(key, 0), org.pupils_10_18),
                mentors_key: Ratio(mentors.get(key, 0), org.pupils_15_18),
                young_key: Ratio(young.get(key, 0), org.young_teachers),
                partners_key: Ratio(int(key in gave), is_partner),
            }
    return result


# --- Pages ----------------------------------------------------------------------------------------------


@dataclass
class KpiCell:
    indicator: str
    ratio: Ratio | None
    percent: float | None
    target: float | None
    light: Light

    @property
    def light_label(self) -> str:
        return Light(self.light).label

    @property
    def label(self) -> str:
        return Indicator(self.indicator).label


@dataclass
class KpiRow:
    pk: int
    name: str
    url: str
    cells: list[KpiCell]

    def cell(self, indicator: str) -> KpiCell:
        return next(cell for cell in self.cells if cell.indicator == indicator)


@dataclass
class TrendPoint:
    academic_year: str
    values: dict[str, float | None]
    targets: dict[str, float | None]

    @property
    def columns(self) -> list[tuple[float | None, float | None]]:
        """(value, target) of every indicator, in the order of ``Indicator``."""
        return [(self.values[indicator], self.targets[indicator]) for indicator in INDICATORS]


@dataclass
class KpiPage:
    level: str  # "region" | "municipality" | "organization"
    title: str
    region: Region
    academic_year: str
    academic_years: list[str]
    total: KpiRow
    children: list[KpiRow]
    trend: list[TrendPoint]
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    municipality: Municipality | None = None
    organization: Organization | None = None
    organization_counts: list[OrgCounts] = field(default_factory=list)
    organization_rows: list[KpiRow] = field(default_factory=list)

    @property
    def indicators(self) -> list[tuple[str, str]]:
        return [(value, calc.SHORT_NAMES[value]) for value in INDICATORS]


def regions_for_user(user) -> QuerySet[Region]:
    """Regions whose KPIs the user sees as a whole: the regional admin's region (everything for a superuser)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.regions)


def get_region_for_user(user, pk: int) -> Region:
    region = regions_for_user(user).filter(pk=pk).first()
    if region is None:
        raise Http404
    return region


def get_municipality_for_user(user, pk: int) -> Municipality:
    municipality = municipalities_for_user(user).filter(pk=pk).first()
    if municipality is None:
        raise Http404
    return municipality


def kpi_entry_points(user) -> dict[str, list]:
    """What the KPI index offers: the regions, municipalities and organisations the user may open."""
    scope = user_scope(user)
    organizations = []
    if not scope.is_district_staff:
        organizations = list(
            Organization.objects.filter(pk__in=scope.organizations_with(ORGANIZATION_STAFF_ROLES)).order_by(
                "name"
            )
        )
    return {
        "regions": list(regions_for_user(user)),
        "municipalities": list(municipalities_for_user(user)) if scope.is_district_staff else [],
        "organizations": organizations,
    }


def _targets(region_id: int) -> dict[tuple[str, str], float]:
    return {
        (indicator, year): float(value)
        for indicator, year, value in KpiTarget.objects.filter(region_id=region_id).values_list(
            "indicator", "academic_year", "target_percent"
        )
    }


def _organization_counts(queryset: QuerySet[Organization]) -> list[OrgCounts]:
    return [
        OrgCounts(*values)
        for values in queryset.order_by("name").values_list(
            "pk", "name", "kind", "municipality_id", "pupils_10_18", "pupils_15_18", "young_teachers"
        )
    ]


def _years(
    organization_ids: list[int] | QuerySet, academic_year: str | None, targets
) -> tuple[str, list[str], set[str]]:
    """The chosen year (the latest with programs when none is asked for), every year of the trend (with
    programs or with targets) and the years that have programs."""
    program_years = set(
        Program.objects.filter(organization_id__in=organization_ids)
        .values_list("academic_year", flat=True)
        .distinct()
        .order_by()
    )
    program_years = {year for year in program_years if ACADEMIC_YEAR_RE.match(year)}
    years = set(program_years)
    years |= {year for (_, year) in targets}
    if academic_year and ACADEMIC_YEAR_RE.match(academic_year):
        chosen = academic_year
    elif program_years:
        chosen = max(program_years)
    else:
        chosen = calc.current_academic_year(timezone.localdate())
    years.add(chosen)
    return chosen, sorted(years), program_years


def _url_maker(name: str):
    """``reverse`` once, then fill in the pk: a region has hundreds of rows."""
    template = reverse(name, args=[987654321])
    return lambda pk: template.replace("987654321", str(pk))


def _cells(ratios: dict[str, Ratio], satisfaction: float | None, year: str, targets: dict) -> list[KpiCell]:
    cells = []
    for indicator in INDICATORS:
        if indicator == SATISFACTION:
            ratio, percent = None, satisfaction
        else:
            ratio = ratios.get(indicator, Ratio())
            percent = ratio.percent
        target = targets.get((indicator, year))
        cells.append(KpiCell(indicator, ratio, percent, target, calc.traffic_light(percent, target)))
    return cells


def _sum(counts: dict, keys: Iterable[tuple[int, str]]) -> dict[str, Ratio]:
    """The counted indicators of ``keys`` summed: numerators with numerators, denominators with
    denominators (never an average of shares)."""
    numerators = dict.fromkeys(COUNTED_KEYS, 0)
    denominators = dict.fromkeys(COUNTED_KEYS, 0)
    for key in keys:
        for indicator, ratio in counts[key].items():
            numerators[indicator] += ratio.numerator
            denominators[indicator] += ratio.denominator
    return {indicator: Ratio(numerators[indicator], denominators[indicator]) for indicator in COUNTED_KEYS}


def _satisfaction(totals: dict[tuple[int, str], Totals], keys: Iterable[tuple[int, str]]) -> float | None:
    """The satisfaction of ``keys`` together: all their answers' points over the number of answers."""
    return satisfaction_percent(totals[key] for key in keys if key in totals)


def _page(
    *,
    level: str,
    title: str,
    region: Region,
    scope: QuerySet[Organization],
    academic_year: str | None,
    children: tuple[str, ...],
    breadcrumbs: list[tuple[str, str]],
    municipalities: list[Municipality] = (),
) -> KpiPage:
    """The page of the organisations of ``scope``: every query takes ``scope`` as a subquery."""
    organizations = _organization_counts(scope)
    ids = [org.pk for org in organizations]
    targets = _targets(region.pk)
    subquery = scope.values("pk")
    year, years, program_years = _years(subquery, academic_year, targets)
    counts = kpi_counts(organizations, years, scope=scope)
    # Sums and counts per organisation and year (one query): every level adds them up and divides once,
    # so a municipality's satisfaction is that of all its answers, not an average of its schools'.
    satisfaction = satisfaction_totals(organization_ids=subquery, academic_years=years) if ids else {}

    trend = []
    for each in years:
        keys = [(pk, each) for pk in ids]
        totals = _sum(counts, keys)
        # A year without programs has targets only: nothing was measured, so no value (not 0 %).
        measured = each in program_years
        values = {indicator: totals[indicator].percent if measured else None for indicator in COUNTED_KEYS}
        values[SATISFACTION] = _satisfaction(satisfaction, keys)
        trend.append(
            TrendPoint(each, values, {indicator: targets.get((indicator, each)) for indicator in INDICATORS})
        )
    year_keys = [(pk, year) for pk in ids]
    total = KpiRow(
        pk=0,
        name=title,
        url="",
        cells=_cells(_sum(counts, year_keys), _satisfaction(satisfaction, year_keys), year, targets),
    )

    organization_rows = []
    organization_url = _url_maker("kpis:organization")
    if "organizations" in children:
        for org in organizations:
            key = (org.pk, year)
            organization_rows.append(
                KpiRow(
                    org.pk,
                    org.name,
                    organization_url(org.pk),
                    _cells(counts[key], _satisfaction(satisfaction, [key]), year, targets),
                )
            )
    municipality_rows = []
    if "municipalities" in children:
        municipality_url = _url_maker("kpis:municipality")
        by_municipality: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for org in organizations:
            by_municipality[org.municipality_id].append((org.pk, year))
        for municipality in municipalities:
            keys = by_municipality.get(municipality.pk, [])
            municipality_rows.append(
                KpiRow(
                    municipality.pk,
                    municipality.name,
                    municipality_url(municipality.pk),
                    _cells(_sum(counts, keys), _satisfaction(satisfaction, keys), year, targets),
                )
            )
    return KpiPage(
        level=level,
        title=title,
        region=region,
        academic_year=year,
        academic_years=years,
        total=total,
        children=municipality_rows or organization_rows,
        trend=trend,
        breadcrumbs=breadcrumbs,
        organization_counts=organizations,
        organization_rows=organization_rows,
    )


def region_kpis(user, region_id: int, *, academic_year: str | None = None) -> KpiPage:
    """The region's KPIs with a row per municipality (the regional admin's page)."""
    region = get_region_for_user(user, region_id)
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    return _page(
        level="region",
        title=region.name,
        region=region,
        scope=Organization.objects.filter(municipality__region=region),
        academic_year=academic_year,
        children=("municipalities",),
        municipalities=municipalities,
        breadcrumbs=[],
    )


def region_rollup(region: Region, *, academic_year: str | None = None) -> KpiPage:
    """The whole roll-up of a region in one pass: the region, a row per municipality and a row per
    organisation (``organization_rows``), for a caller that has checked access (the benchmark, exports)."""
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    return _page(
        level="region",
        title=region.name,
        region=region,
        scope=Organization.objects.filter(municipality__region=region),
        academic_year=academic_year,
        children=("municipalities", "organizations"),
        municipalities=municipalities,
        breadcrumbs=[],
    )


def municipality_kpis(user, municipality_id: int, *, academic_year: str | None = None) -> KpiPage:
    """A municipality's KPIs with a row per organisation (the coordinator's page)."""
    municipality = get_municipality_for_user(user, municipality_id)
    crumbs = []
    if regions_for_user(user).filter(pk=municipality.region_id).exists():
        crumbs.append((municipality.region.name, reverse("kpis:region", args=[municipality.region_id])))
    return municipality_page(municipality, academic_year=academic_year, breadcrumbs=crumbs)


def municipality_page(
    municipality: Municipality, *, academic_year: str | None, breadcrumbs: list | None = None
) -> KpiPage:
    """A municipality's KPIs, for a caller that has checked access (the page, the report job)."""
    page = _page(
        level="municipality",
        title=municipality.name,
        region=municipality.region,
        scope=Organization.objects.filter(municipality=municipality),
        academic_year=academic_year,
        children=("organizations",),
        breadcrumbs=breadcrumbs or [],
    )
    page.municipality = municipality
    return page


def organization_kpis(user, organization_id: int, *, academic_year: str | None = None) -> KpiPage:
    """One organisation's KPIs (its curator, head and the district staff above it)."""
    organization = get_organization_for_user(user, organization_id)
    municipality = organization.municipality
    crumbs = []
    if regions_for_user(user).filter(pk=municipality.region_id).exists():
        crumbs.append((municipality.region.name, reverse("kpis:region", args=[municipality.region_id])))
    if municipalities_for_user(user).filter(pk=municipality.pk).exists():
        crumbs.append((municipality.name, reverse("kpis:municipality", args=[municipality.pk])))
    page = _page(
        level="organization",
        title=str(organization),
        region=municipality.region,
        scope=Organization.objects.filter(pk=organization.pk),
        academic_year=academic_year,
        children=(),
        breadcrumbs=crumbs,
    )
    page.organization = organization
    page.municipality = municipality
    return page


# --- Targets --------------------------------------------------------------------------------------------


def can_edit_targets(user, region: Region) -> bool:
    return regions_for_user(user).filter(pk=region.pk).exists()


def targets_of(region: Region) -> dict[tuple[str, str], Decimal]:
    return {(t.indicator, t.academic_year): t.target_percent for t in KpiTarget.objects.filter(region=region)}


# --- The consolidated report ----------------------------------------------------------------------------


@dataclass
class MonitoringRow:
    """One organisation's line of the monitoring summary of the consolidated report."""

    name: str
    pairs: int = 0
    completed: int = 0
    meetings: int = 0
    satisfaction: float | None = None

    @property
    def completed_percent(self) -> float | None:
        return calc.share(self.completed, self.pairs)

    @property
    def meetings_per_pair(self) -> float | None:
        return round(self.meetings / self.pairs, 1) if self.pairs else None


def monitoring_summary(
    organizations: list[OrgCounts], academic_year: str
) -> tuple[list[MonitoringRow], MonitoringRow]:
    """Pairs, the completed share, meetings per pair and satisfaction of every organisation in
    ``academic_year``, and the municipality's total (two queries and one of the monitoring's totals)."""
    ids = [org.pk for org in organizations]
    pairs = Pair.objects.filter(program__organization_id__in=ids, program__academic_year=academic_year)
    pair_lines = {
        line["program__organization_id"]: line
        for line in pairs.values("program__organization_id")
        .annotate(total=Count("pk"), completed=Count("pk", filter=Q(status=Pair.Status.COMPLETED)))
        .order_by()
    }
    meeting_lines = dict(
        Meeting.objects.filter(pair__in=pairs)
        .values("pair__program__organization_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("pair__program__organization_id", "n")
    )
    satisfaction = satisfaction_totals(organization_ids=ids, academic_years=[academic_year])
    rows = []
    for org in organizations:
        line = pair_lines.get(org.pk, {})
        rows.append(
            MonitoringRow(
                name=org.name,
                pairs=line.get("total", 0),
                completed=line.get("completed", 0),
                meetings=meeting_lines.get(org.pk, 0),
                satisfaction=_satisfaction(satisfaction, [(org.pk, academic_year)]),
            )
        )
    total = MonitoringRow(
        name="",
        pairs=sum(row.pairs for row in rows),
        completed=sum(row.completed for row in rows),
        meetings=sum(row.meetings for row in rows),
        satisfaction=_satisfaction(satisfaction, [(pk, academic_year) for pk in ids]),
    )
    return rows, total


def report_jobs_for_user(user) -> QuerySet[ReportJob]:
    """Reports of the municipalities the user manages, newest first."""
    return (
        ReportJob.objects.filter(municipality__in=municipalities_for_user(user))
        .select_related("municipality", "requested_by")
        .order_by("-requested_at", "-pk")
    )


def get_report_job_for_user(user, pk: int) -> ReportJob:
    job = report_jobs_for_user(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
