"""Reads of the expertise, scoped by the user.

Managers of a round: the coordinator of its municipality and the regional admin of its region (a
regional round: the regional admin only). An expert sees only the programs assigned to them; every
other assignment answers 404.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from nastavnik.expertise import scoring
from nastavnik.expertise.models import Assignment, Criterion, ExpertiseRound, PublicationMark, Score
from nastavnik.kpis.selectors import regions_for_user
from nastavnik.organizations.access import active_roles_q, municipalities_for_user, user_scope
from nastavnik.organizations.models import Organization, RoleAssignment
from nastavnik.people.models import Person
from nastavnik.programs.models import Meeting, Pair, Program, ProgramParticipant

Role = RoleAssignment.Role


def rounds_for_manager(user) -> QuerySet[ExpertiseRound]:
    """Rounds the user organises: municipal rounds of their municipalities, regional rounds of their region."""
    if not user.is_authenticated:
        return ExpertiseRound.objects.none()
    return (
        ExpertiseRound.objects.filter(
            Q(municipality__in=municipalities_for_user(user))
            | Q(municipality__isnull=True, region__in=regions_for_user(user))
        )
        .select_related("region", "municipality")
        .annotate(
            program_count=Count("assignments__program", distinct=True),
            submitted_count=Count(
                "assignments", filter=Q(assignments__status=Assignment.Status.SUBMITTED), distinct=True
            ),
        )
        .order_by("-academic_year", "-deadline", "title")
    )


def get_round_for_manager(user, pk: int) -> ExpertiseRound:
    found = rounds_for_manager(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_create_rounds(user) -> bool:
    return user.is_authenticated and user_scope(user).is_district_staff


def is_expert(user) -> bool:
    return user.is_authenticated and Role.EXPERT in user_scope(user).roles


def assignments_for_expert(user) -> QuerySet[Assignment]:
    """The programs assigned to the user as an expert, in every round, while the expert role lasts."""
    if not (user.is_authenticated and user.person_id and is_expert(user)):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(expert_id=user.person_id)
        .select_related("round", "program__organization__municipality")
        .order_by("round__deadline", "program__organization__name", "program__title")
    )


def get_assignment_for_expert(user, pk: int) -> Assignment:
    assignment = assignments_for_expert(user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def criteria_of(expertise_round: ExpertiseRound) -> list[Criterion]:
    return list(Criterion.objects.filter(round=expertise_round).order_by("position", "pk"))


def scores_of(assignment: Assignment) -> dict[int, Score]:
    return {score.criterion_id: score for score in Score.objects.filter(assignment=assignment)}


def eligible_experts(expertise_round: ExpertiseRound) -> QuerySet[Person]:
    """People holding an active expert role within the round's scope (the region's experts included)."""
    if expertise_round.municipality_id:
        scope = (
            Q(region_id=expertise_round.region_id)
            | Q(municipality_id=expertise_round.municipality_id)
            | Q(organization__municipality_id=expertise_round.municipality_id)
        )
    else:
        scope = (
            Q(region_id=expertise_round.region_id)
            | Q(municipality__region_id=expertise_round.region_id)
            | Q(organization__municipality__region_id=expertise_round.region_id)
        )
    roles = RoleAssignment.objects.filter(active_roles_q(), scope, role=Role.EXPERT)
    return Person.objects.filter(pk__in=roles.values("person_id")).order_by("last_name", "first_name")


def assignable_programs(expertise_round: ExpertiseRound) -> QuerySet[Program]:
    """Programs of the round's year in its municipality (or region)."""
    programs = Program.objects.filter(academic_year=expertise_round.academic_year).exclude(
        organization__kind=Organization.Kind.PARTNER
    )
    if expertise_round.municipality_id:
        programs = programs.filter(organization__municipality_id=expertise_round.municipality_id)
    else:
        programs = programs.filter(organization__municipality__region_id=expertise_round.region_id)
    return programs.select_related("organization").order_by("organization__name", "title")


def expert_organization_ids(person_id: int) -> set[int]:
    """The organisations an expert belongs to: any active role in it, or a place in one of its programs
    (as a curator, a mentor or a mentee). An expert never scores these organisations' programs."""
    roles = RoleAssignment.objects.filter(active_roles_q(), person_id=person_id, organization__isnull=False)
    ids = set(roles.values_list("organization_id", flat=True))
    ids |= set(
        ProgramParticipant.objects.filter(person_id=person_id).values_list(
            "program__organization_id", flat=True
        )
    )
    ids |= set(Program.objects.filter(curators__id=person_id).values_list("organization_id", flat=True))
    return ids


@dataclass
class ProgramFacts:
    """What an expert sees of a program: figures, no personal data."""

    mentees: int = 0
    mentors: int = 0
    pairs: int = 0
    completed_pairs: int = 0
    meetings: int = 0
    forms: list[str] = field(default_factory=list)


def program_facts(program: Program) -> ProgramFacts:
    bases = ProgramParticipant.objects.filter(program=program).aggregate(
        mentees=Count("pk", filter=Q(role=ProgramParticipant.Role.MENTEE)),
        mentors=Count("pk", filter=Q(role=ProgramParticipant.Role.MENTOR)),
    )
    pairs = Pair.objects.filter(program=program).aggregate(
        pairs=Count("pk"), completed=Count("pk", filter=Q(status=Pair.Status.COMPLETED))
    )
    return ProgramFacts(
        mentees=bases["mentees"],
        mentors=bases["mentors"],
        pairs=pairs["pairs"],
        completed_pairs=pairs["completed"],
        meetings=Meeting.objects.filter(pair__program=program).count(),
        forms=list(program.forms.order_by("name").values_list("name", flat=True)),
    )


# --- Results --------------------------------------------------------------------------------------------


@dataclass
class ExpertResult:
    expert: Person
    total: float | None
    comment: str
    scores: list[Score | None]


@dataclass
class ProgramResult:
    program: Program
    place: int | None = None
    score: float | None = None
    experts: list[ExpertResult] = field(default_factory=list)
    assigned: int = 0
    criterion_means: list[float | None] = field(default_factory=list)
    is_marked: bool = False


@dataclass
class RoundResults:
    criteria: list[Criterion]
    programs: list[ProgramResult]


def round_results(expertise_round: ExpertiseRound) -> RoundResults:
    """The ranking of the round's programs by the mean of the submitted experts' weighted results,
    with every expert's scores and comments: four queries, whatever the number of programs."""
    criteria = criteria_of(expertise_round)
    specs = [scoring.CriterionSpec(c.pk, c.weight, c.max_score) for c in criteria]
    assignments = list(
        Assignment.objects.filter(round=expertise_round)
        .select_related("expert", "program__organization")
        .order_by("program__organization__name", "program__title", "expert__last_name")
    )
    scores: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in Score.objects.filter(assignment__round=expertise_round).select_related("criterion"):
        scores[score.assignment_id][score.criterion_id] = score
    marked = set(PublicationMark.objects.filter(round=expertise_round).values_list("program_id", flat=True))

    by_program: dict[int, ProgramResult] = {}
    for assignment in assignments:
        result = by_program.setdefault(
            assignment.program_id,
            ProgramResult(program=assignment.program, is_marked=assignment.program_id in marked),
        )
        result.assigned += 1
        if not assignment.is_submitted:
            continue
        own = scores[assignment.pk]
        values = {pk: score.value for pk, score in own.items()}
        result.experts.append(
            ExpertResult(
                expert=assignment.expert,
                total=scoring.expert_total(specs, values),
                comment=assignment.comment,
                scores=[own.get(c.pk) for c in criteria],
            )
        )
    for result in by_program.values():
        result.score = scoring.mean(expert.total for expert in result.experts)
        result.criterion_means = [
            scoring.mean(
                float(expert.scores[index].value)
                for expert in result.experts
                if expert.scores[index] is not None and expert.scores[index].value is not None
            )
            for index in range(len(criteria))
        ]
    ranked = scoring.rank((result, result.score) for result in by_program.values())
    programs = []
    for place, result, _ in ranked:
        result.place = place
        programs.append(result)
    return RoundResults(criteria=criteria, programs=programs)


def programs_marked_for_publication() -> QuerySet[Program]:
    """Programs any expertise recommended for publication (for the library of practices)."""
    return Program.objects.filter(publication_marks__isnull=False).distinct().select_related("organization")
