"""The two stages of the monitoring, read from the database and computed with ``scoring``.

Stage 1, the quality of the process: the share of pairs completed, meetings per pair, the satisfaction
index, the curator's SWOT. Stage 2, the growth of participants: each one's rating of an item at entry
against their own rating of the same item (same key) at completion, and the aggregate with its spread.
Anonymous surveys cannot take part in stage 2: their answers belong to nobody.

Each page costs a fixed number of queries, whatever the number of organisations, pairs or answers.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404

from nastavnik.monitoring import scoring
from nastavnik.monitoring.models import Answer, QuestionKind, Survey
from nastavnik.monitoring.selectors import (
    ANONYMOUS_MIN_RESPONSES,
    _satisfaction_answers,
    _satisfaction_groups,
    satisfaction_total,
)
from nastavnik.organizations.access import municipalities_for_user, user_scope
from nastavnik.organizations.models import Organization
from nastavnik.people.models import Person
from nastavnik.programs.models import Meeting, MentoringForm, Pair, Program

SWOT_PARTS = [
    ("swot-strengths", "Сильные стороны"),
    ("swot-weaknesses", "Слабые стороны"),
    ("swot-opportunities", "Возможности"),
    ("swot-threats", "Угрозы"),
]


@dataclass
class GrowthData:
    lines: list[scoring.GrowthLine]
    #: participant → (organisation id, form id) of their completion answer.
    where: dict[Hashable, tuple[int, int | None]]
    labels: dict[str, str]

    def summaries(self, lines=None) -> list[scoring.GrowthSummary]:
        summaries = list(scoring.summarize_growth(self.lines if lines is None else lines).values())
        for summary in summaries:
            summary.label = self.labels.get(summary.key, summary.key)
        return summaries

    def overall(self, lines=None) -> scoring.GrowthSummary | None:
        """All items together: the mean change over every (participant, item) pair."""
        lines = self.lines if lines is None else lines
        if not lines:
            return None
        flat = [
            scoring.GrowthLine(
                participant=(line.participant, line.key), key="", before=line.before, after=line.after
            )
            for line in lines
        ]
        return scoring.summarize_growth(flat)[""]


def growth_data(answers) -> GrowthData:
    """Stage 2 from ``answers`` (an Answer queryset already narrowed): one query."""
    rows = (
        answers.filter(
            question__kind=QuestionKind.SCALE,
            value__isnull=False,
            response__person__isnull=False,
            response__survey__is_anonymous=False,
            response__survey__stage__in=[Survey.Stage.ENTRY, Survey.Stage.COMPLETION],
        )
        .order_by("response_id")
        .values_list(
            "response__survey__program_id",
            "response__survey__program__organization_id",
            "response__form_id",
            "response__person_id",
            "response__survey__stage",
            "question__key",
            "question__text",
            "value",
        )
    )
    before: dict = {}
    after: dict = {}
    where: dict = {}
    texts: dict[str, str] = {}
    for program_id, organization_id, form_id, person_id, stage, key, text, value in rows:
        # An item is named by the wording its answers were given to (the latest), never by a question of
        # some other municipality's questionnaire that happens to use the same key.
        texts[key] = text
        participant = (program_id, person_id)
        if stage == Survey.Stage.ENTRY:
            before[(participant, key)] = value
        else:
            after[(participant, key)] = value
            where[participant] = (organization_id, form_id)
    lines = scoring.growth_lines(before, after)
    labels = {line.key: texts[line.key] for line in lines}
    return GrowthData(lines=lines, where=where, labels=labels)


@dataclass
class ProgramMonitoring:
    process: scoring.ProcessFigures
    forms: list[dict]
    swot: list[dict]
    growth: GrowthData
    growth_items: list[scoring.GrowthSummary]
    growth_overall: scoring.GrowthSummary | None
    has_anonymous_stage_surveys: bool
    people: dict[int, Person] = field(default_factory=dict)


def program_monitoring(program: Program, *, with_people: bool = False) -> ProgramMonitoring:
    """Both stages for one program (the caller has checked access). ``with_people``: load the names of
    the participants for the per-participant table (the school's curator and head only)."""
    pairs = Pair.objects.filter(program=program)
    totals = pairs.aggregate(
        total=Count("pk"),
        completed=Count("pk", filter=Q(status=Pair.Status.COMPLETED)),
        ended_early=Count("pk", filter=Q(status=Pair.Status.ENDED_EARLY)),
    )
    meetings = Meeting.objects.filter(pair__program=program)
    # An anonymous survey with fewer answers than its own page waits for stays out: its curator sees who
    # has answered, and the program's index would otherwise give those one or two people's ratings away.
    too_few = (
        Survey.objects.filter(program=program, is_anonymous=True)
        .annotate(n=Count("responses"))
        .filter(n__lt=ANONYMOUS_MIN_RESPONSES)
        .values("pk")
    )
    satisfaction = _satisfaction_groups(
        _satisfaction_answers()
        .filter(response__survey__program=program)
        .exclude(response__survey__in=too_few),
        "response__survey__program_id",
    ).get(program.pk)
    process = scoring.ProcessFigures(
        pairs=totals["total"],
        completed=totals["completed"],
        ended_early=totals["ended_early"],
        meetings=meetings.count(),
        satisfaction=satisfaction,
    )
    form_meetings = dict(
        meetings.values("pair__form__name")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("pair__form__name", "n")
    )
    forms = []
    for line in (
        pairs.values("form__name")
        .annotate(total=Count("pk"), completed=Count("pk", filter=Q(status=Pair.Status.COMPLETED)))
        .order_by("form__name")
    ):
        figures = scoring.ProcessFigures(
            pairs=line["total"],
            completed=line["completed"],
            ended_early=0,
            meetings=form_meetings.get(line["form__name"], 0),
        )
        forms.append({"form": line["form__name"], "figures": figures})
    swot_texts = (
        Answer.objects.filter(response__survey__program=program, question__key__in=[k for k, _ in SWOT_PARTS])
        .exclude(text="")
        .order_by("response_id", "pk")
        .values_list("question__key", "text")
    )
    by_part: dict[str, list[str]] = {}
    for key, text in swot_texts:
        by_part.setdefault(key, []).append(text)
    swot = [{"key": key, "label": label, "texts": by_part.get(key, [])} for key, label in SWOT_PARTS]
    growth = growth_data(Answer.objects.filter(response__survey__program=program))
    people = {}
    if with_people:
        people = Person.objects.in_bulk({line.participant[1] for line in growth.lines})
    return ProgramMonitoring(
        process=process,
        forms=forms,
        swot=swot,
        growth=growth,
        growth_items=growth.summaries(),
        growth_overall=growth.overall(),
        has_anonymous_stage_surveys=Survey.objects.filter(
            program=program, is_anonymous=True, stage__in=[Survey.Stage.ENTRY, Survey.Stage.COMPLETION]
        ).exists(),
        people=people,
    )


@dataclass
class MunicipalRow:
    organization_id: int
    organization: str
    process: scoring.ProcessFigures
    growth: scoring.GrowthSummary | None = None
    municipality: str = ""


@dataclass
class FormGrowthRow:
    form: str
    satisfaction: float | None
    growth: scoring.GrowthSummary | None


@dataclass
class MunicipalMonitoring:
    rows: list[MunicipalRow]
    totals: scoring.ProcessFigures
    growth_items: list[scoring.GrowthSummary]
    growth_overall: scoring.GrowthSummary | None
    by_form: list[FormGrowthRow]
    #: The same figures per municipality (a regional administrator sees several).
    by_municipality: list[MunicipalRow]
    labels: dict[str, str]
    organization_choices: list[tuple[int, str]]
    academic_years: list[str]
    form_choices: list[tuple[int, str]]


def municipal_monitoring(
    user, *, academic_year: str = "", organization_id: int | None = None, form_id: int | None = None
) -> MunicipalMonitoring:
    """Both stages for every organisation of the municipalities the user manages (district staff only,
    404 for anyone else): aggregates, never who answered what."""
    if not user_scope(user).is_district_staff:
        raise Http404
    organizations = list(
        Organization.objects.filter(municipality__in=municipalities_for_user(user))
        .exclude(kind=Organization.Kind.PARTNER)
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    all_ids = [o.pk for o in organizations]
    chosen = [o for o in organizations if organization_id is None or o.pk == organization_id]
    ids = [o.pk for o in chosen]
    pairs = Pair.objects.filter(program__organization_id__in=ids)
    answers = Answer.objects.filter(response__survey__program__organization_id__in=ids)
    if academic_year:
        pairs = pairs.filter(program__academic_year=academic_year)
        answers = answers.filter(response__survey__program__academic_year=academic_year)
    if form_id is not None:
        pairs = pairs.filter(form_id=form_id)
        answers = answers.filter(response__form_id=form_id)

    rows = {
        o.pk: MunicipalRow(
            organization_id=o.pk,
            organization=o.short_name or o.name,
            process=scoring.ProcessFigures(pairs=0, completed=0, ended_early=0, meetings=0),
            municipality=o.municipality.name,
        )
        for o in chosen
    }
    for line in (
        pairs.values("program__organization_id")
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status=Pair.Status.COMPLETED)),
            ended_early=Count("pk", filter=Q(status=Pair.Status.ENDED_EARLY)),
        )
        .order_by()
    ):
        process = rows[line["program__organization_id"]].process
        process.pairs, process.completed, process.ended_early = (
            line["total"],
            line["completed"],
            line["ended_early"],
        )
    for line in (
        Meeting.objects.filter(pair__in=pairs)
        .values("pair__program__organization_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        rows[line["pair__program__organization_id"]].process.meetings = line["n"]
    satisfaction_answers = _satisfaction_answers().filter(pk__in=answers.values("pk"))
    for org_id, value in _satisfaction_groups(
        satisfaction_answers, "response__survey__program__organization_id"
    ).items():
        rows[org_id].process.satisfaction = value
    by_form_satisfaction = _satisfaction_groups(satisfaction_answers, "response__form__name")

    growth = growth_data(answers)
    per_org: dict[int, list] = {}
    per_form: dict[int | None, list] = {}
    for line in growth.lines:
        org_id, line_form = growth.where[line.participant]
        per_org.setdefault(org_id, []).append(line)
        per_form.setdefault(line_form, []).append(line)
    for org_id, lines in per_org.items():
        rows[org_id].growth = growth.overall(lines)

    municipality_of = {o.pk: o.municipality for o in chosen}
    municipal: dict[int, MunicipalRow] = {}
    for o in chosen:
        municipal.setdefault(
            o.municipality_id,
            MunicipalRow(
                organization_id=0,
                organization="",
                municipality=o.municipality.name,
                process=scoring.ProcessFigures(pairs=0, completed=0, ended_early=0, meetings=0),
            ),
        )
    for row in rows.values():
        target = municipal[municipality_of[row.organization_id].pk].process
        target.pairs += row.process.pairs
        target.completed += row.process.completed
        target.ended_early += row.process.ended_early
        target.meetings += row.process.meetings
    for municipality_id, value in _satisfaction_groups(
        satisfaction_answers, "response__survey__program__organization__municipality_id"
    ).items():
        if municipality_id in municipal:
            municipal[municipality_id].process.satisfaction = value
    per_municipality: dict[int, list] = {}
    for org_id, lines in per_org.items():
        per_municipality.setdefault(municipality_of[org_id].pk, []).extend(lines)
    for municipality_id, lines in per_municipality.items():
        municipal[municipality_id].growth = growth.overall(lines)

    totals = scoring.ProcessFigures(pairs=0, completed=0, ended_early=0, meetings=0)
    for row in rows.values():
        totals.pairs += row.process.pairs
        totals.completed += row.process.completed
        totals.ended_early += row.process.ended_early
        totals.meetings += row.process.meetings
    totals.satisfaction = satisfaction_total(satisfaction_answers)
    forms = dict(MentoringForm.objects.order_by("name").values_list("pk", "name"))
    names = {name for name in by_form_satisfaction if name} | {
        forms.get(pk) for pk in per_form if pk in forms
    }
    by_form = [
        FormGrowthRow(
            form=name,
            satisfaction=by_form_satisfaction.get(name),
            growth=growth.overall(
                next((lines for pk, lines in per_form.items() if forms.get(pk) == name), [])
            ),
        )
        for name in sorted(names)
    ]
    years = (
        Program.objects.filter(organization_id__in=all_ids)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )
    return MunicipalMonitoring(
        rows=list(rows.values()),
        totals=totals,
        growth_items=growth.summaries(),
        growth_overall=growth.overall(),
        by_form=by_form,
        by_municipality=list(municipal.values()),
        labels=growth.labels,
        organization_choices=[(o.pk, o.short_name or o.name) for o in organizations],
        academic_years=list(years),
        form_choices=list(forms.items()),
    )
