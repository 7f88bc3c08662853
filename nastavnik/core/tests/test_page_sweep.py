"""A fast sweep without a browser: every page that takes no argument, as every persona, with some data in
the database, answers without a server error."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from nastavnik.expertise import services as expertise_services
from nastavnik.monitoring import services as monitoring_services
from nastavnik.monitoring.models import Questionnaire, Survey
from nastavnik.programs import services as program_services
from nastavnik.programs.models import MentoringForm, Pair, ProgramParticipant
from nastavnik.roadmap.services import activities_bulk_create, roadmap_create

# Not pages: leaving the session, and the site administration (Django's own, covered by Django).
SKIPPED_PREFIXES = ("accounts/logout/", "admin/")
PERSONAS = [
    "regional_admin",
    "coordinator",
    "head_a",
    "curator_a",
    "curator_b",
    "responsible_a",
    "mentor_a",
    "mentee_a",
    "parent_a",
    "expert",
    "outsider",
    None,  # not logged in
]


def parameterless_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every route of the project that needs no argument, as a path."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths += parameterless_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            takes_arguments = pattern.pattern.regex.groups > 0 or "<" in route
            if not takes_arguments and not route.startswith(SKIPPED_PREFIXES):
                paths.append("/" + route)
    return paths


@pytest.fixture
def district(cast, settings, tmp_path):
    """School A's program with both bases filled and a pair, a survey sent to its mentees, a municipal
    roadmap and an expertise round the cast's expert is appointed to."""
    settings.MEDIA_ROOT = tmp_path / "media"
    form = MentoringForm.objects.get(name="ученик – ученик")
    program = program_services.program_create(
        organization=cast.school_a,
        academic_year="2025/2026",
        title="Программа А",
        forms=[form],
        curators=[cast.curator_a.person],
    )
    mentor, mentee = cast.mentor_a.person, cast.mentee_a.person
    mentor.birth_date, mentee.birth_date = datetime.date(1980, 3, 14), datetime.date(2012, 5, 17)
    mentor.save()
    mentee.save()
    Role = ProgramParticipant.Role
    ProgramParticipant.objects.create(program=program, person=mentor, role=Role.MENTOR, category="teacher")
    ProgramParticipant.objects.create(program=program, person=mentee, role=Role.MENTEE, form=form)
    pair = Pair.objects.create(
        program=program, form=form, mentor=mentor, started_on=datetime.date(2025, 9, 15)
    )
    pair.mentees.set([mentee])
    monitoring_services.survey_create(
        program=program,
        questionnaire=Questionnaire.objects.get(builtin_key="mentee_entry-pupil-pupil"),
        title="Входное анкетирование",
        recipients=Survey.Recipients.MENTEES,
        stage=Survey.Stage.ENTRY,
        deadline=datetime.date.today() + datetime.timedelta(days=14),
    )
    roadmap = roadmap_create(
        title="Дорожная карта", municipality=cast.municipality, academic_year="2025/2026"
    )
    activities_bulk_create(
        roadmap=roadmap,
        rows=[
            {
                "number": "1",
                "title": "Назначение кураторов",
                "responsible_text": "Образовательные организации",
                "expected_result": "Приказ",
                "deadline_text": "04.08.2025",
            }
        ],
    )
    expertise_round = expertise_services.round_create(
        user=cast.coordinator,
        region=cast.municipality.region,
        municipality=cast.municipality,
        academic_year="2025/2026",
        title="Экспертиза программ",
        deadline=datetime.date.today() + datetime.timedelta(days=30),
    )
    expertise_services.expert_appoint(
        expertise_round=expertise_round, person=cast.expert.person, user=cast.coordinator
    )
    return cast


def test_it_finds_the_pages_of_every_app():
    paths = parameterless_paths()
    for prefix in ("/programs/", "/matching/", "/monitoring/", "/kpis/", "/expertise/", "/documents/"):
        assert any(path.startswith(prefix) for path in paths), prefix
    assert "/accounts/logout/" not in paths


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_every_parameterless_page_without_a_server_error(client, district, persona):
    if persona is not None:
        client.force_login(getattr(district, persona))
    client.raise_request_exception = False  # collect every failing page, not just the first
    failures = []
    for path in parameterless_paths():
        response = client.get(path)
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else ""
            failures.append(f"{path} → {response.status_code} {error!r}")
    assert not failures, f"{persona}: {failures}"
