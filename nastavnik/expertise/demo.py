"""A demo expertise round: the demo expert is given the schools' programs; two are scored, one is a draft."""

from datetime import timedelta

from django.utils import timezone

from nastavnik.expertise import selectors, services
from nastavnik.expertise.models import ExpertiseRound
from nastavnik.organizations.access import active_roles_q
from nastavnik.organizations.models import Organization, RoleAssignment
from nastavnik.programs.models import Program

YEAR = "2020/2021"
#: Scores of the first two programs by the demo expert (the default rubric has seven criteria).
SCORES = (
    (
        (5, 4, 4, 5, 4, 3, 4),
        "Программа выстроена по методологии, пары работают регулярно; стоит шире привлекать партнёров.",
    ),
    ((4, 3, 3, 4, 3, 2, 3), "Хорошая основа; мониторинг результатов нужно сделать измеримым."),
)


def demo_load(municipality) -> None:
    """Create the round (once), appoint the demo expert, give them every school program of the year."""
    if ExpertiseRound.objects.filter(municipality=municipality, academic_year=YEAR).exists():
        return
    expert_role = (
        RoleAssignment.objects.filter(
            active_roles_q(), municipality=municipality, role=RoleAssignment.Role.EXPERT
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if expert_role is None:
        return
    expert = expert_role.person
    expertise_round = services.round_create(
        user=None,
        region=municipality.region,
        municipality=municipality,
        academic_year=YEAR,
        title="Муниципальная экспертиза программ наставничества",
        # The demo must stay open for the expert to score whenever it is loaded.
        deadline=timezone.localdate() + timedelta(days=90),
    )
    services.expert_appoint(expertise_round=expertise_round, person=expert)
    programs = Program.objects.filter(
        organization__municipality=municipality,
        organization__kind=Organization.Kind.SCHOOL,
        academic_year=YEAR,
    ).order_by("organization__name", "title")
    assignments = [
        services.assignment_create(expertise_round=expertise_round, expert=expert, program=program)
        for program in programs
        if program.organization_id not in selectors.expert_organization_ids(expert.pk)
    ]
    criteria = selectors.criteria_of(expertise_round)
    for assignment, (values, comment) in zip(assignments, SCORES, strict=False):
        services.assignment_score_save(
            assignment=assignment,
            values=dict(zip([c.pk for c in criteria], values, strict=True)),
            comments={},
            comment=comment,
            submit=True,
        )
    if len(assignments) > len(SCORES):
        draft = assignments[len(SCORES)]
        services.assignment_score_save(
            assignment=draft,
            values={criteria[0].pk: 4},
            comments={criteria[0].pk: "Цели программы соответствуют запросам школы."},
            comment="",
            submit=False,
        )
