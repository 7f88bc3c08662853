import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.people.factories import PersonFactory
from nastavnik.programs import services
from nastavnik.programs.models import Program, ProgramStage, StageChecklistItem
from nastavnik.programs.reference import DEFAULT_STAGE_CHECKLIST
from nastavnik.programs.tests.factories import program_for

READERS = ["coordinator", "regional_admin", "curator_a", "head_a", "responsible_a"]
NOT_READERS = ["curator_b", "mentor_a", "mentee_a", "parent_a", "expert", "outsider"]
EDITORS = ["coordinator", "regional_admin", "curator_a", "head_a"]
NOT_EDITORS = ["responsible_a", "curator_b", "mentor_a", "mentee_a", "parent_a", "expert", "outsider"]
TOTAL_ITEMS = sum(len(items) for items in DEFAULT_STAGE_CHECKLIST.values())


@pytest.fixture
def program(cast):
    return services.program_create(organization=cast.school_a, academic_year="2025/2026", title="Программа А")


def _complete_stage(program, stage):
    StageChecklistItem.objects.filter(program=program, stage=stage).update(done=True)


def test_it_seeds_the_checklist_of_every_stage_when_a_program_is_created(program):
    assert program.current_stage == ProgramStage.PREPARATION
    assert program.checklist_items.count() == TOTAL_ITEMS
    assert set(program.checklist_items.values_list("stage", flat=True)) == set(ProgramStage.values)


def test_checklist_ensure_is_idempotent_and_keeps_ticks(program):
    item = program.checklist_items.first()
    services.checklist_item_update(item=item, done=True, evidence_url="https://school.example/order.pdf")
    assert services.program_checklist_ensure(program) == 0
    assert program.checklist_items.count() == TOTAL_ITEMS
    item.refresh_from_db()
    assert item.done and item.evidence_url == "https://school.example/order.pdf"


def test_checklist_ensure_fills_programs_created_before_checklists(cast):
    old = program_for(cast.school_a)
    call_command("programs_checklist_ensure", stdout=io.StringIO())
    call_command("programs_checklist_ensure", stdout=io.StringIO())
    assert old.checklist_items.count() == TOTAL_ITEMS


def test_it_refuses_to_advance_while_the_stage_is_incomplete(program):
    with pytest.raises(ValidationError) as error:
        services.program_stage_advance(program=program)
    assert error.value.code == "program_stage_incomplete"
    assert "Нельзя перейти к следующему этапу" in error.value.messages[0]
    assert "Утверждено Положение" in error.value.messages[0]
    program.refresh_from_db()
    assert program.current_stage == ProgramStage.PREPARATION


def test_it_advances_when_the_stage_is_complete(program):
    _complete_stage(program, ProgramStage.PREPARATION)
    program = services.program_stage_advance(program=program)
    assert program.current_stage == ProgramStage.MENTEES_BASE
    program.refresh_from_db()
    assert program.stage_number == 2


def test_it_refuses_to_advance_past_the_last_stage(program):
    StageChecklistItem.objects.filter(program=program).update(done=True)
    Program.objects.filter(pk=program.pk).update(current_stage=ProgramStage.COMPLETION)
    program.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.program_stage_advance(program=program)
    assert error.value.code == "program_last_stage"


@pytest.mark.parametrize("persona", READERS)
def test_the_program_page_shows_the_stage_tracker(client, cast, program, persona):
    client.force_login(getattr(cast, persona))
    page = client.get(reverse("programs:program-detail", args=[program.pk])).content.decode()
    assert page.count('aria-current="step"') == 1
    assert "текущий этап" in page
    assert "1 из 7" in page
    assert "Утверждено Положение о программе наставничества" in page
    assert ('name="evidence_url"' in page) == (persona in EDITORS)


def test_the_program_page_seeds_a_missing_checklist(client, cast):
    old = program_for(cast.school_a)
    client.force_login(cast.curator_a)
    assert client.get(reverse("programs:program-detail", args=[old.pk])).status_code == 200
    assert old.checklist_items.count() == TOTAL_ITEMS


def test_the_program_page_query_count_is_constant(client, cast, program):
    client.force_login(cast.curator_a)
    url = reverse("programs:program-detail", args=[program.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    other_staff = [PersonFactory() for _ in range(5)]
    program.curators.set(other_staff)
    StageChecklistItem.objects.filter(program=program).update(done=True, evidence_url="https://e.example/x")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_tick_an_item_with_evidence(client, cast, program, persona):
    client.force_login(getattr(cast, persona))
    item = program.checklist_items.first()
    response = client.post(
        reverse("programs:checklist-item-update", args=[program.pk, item.pk]),
        {"done": "on", "evidence_url": "https://school.example/roadmap.pdf"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done and item.evidence_url == "https://school.example/roadmap.pdf"


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_tick_an_item(client, cast, program, persona):
    client.force_login(getattr(cast, persona))
    item = program.checklist_items.first()
    response = client.post(
        reverse("programs:checklist-item-update", args=[program.pk, item.pk]), {"done": "on"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert not item.done


def test_an_item_of_another_program_is_not_found(client, cast, program):
    other = services.program_create(organization=cast.school_b, academic_year="2025/2026", title="Б")
    client.force_login(cast.curator_a)
    item = other.checklist_items.first()
    response = client.post(
        reverse("programs:checklist-item-update", args=[program.pk, item.pk]), {"done": "on"}
    )
    assert response.status_code == 404


def test_a_bad_evidence_link_is_refused_in_russian(client, cast, program):
    client.force_login(cast.curator_a)
    item = program.checklist_items.first()
    response = client.post(
        reverse("programs:checklist-item-update", args=[program.pk, item.pk]),
        {"done": "on", "evidence_url": "не ссылка"},
        follow=True,
    )
    assert "не сохранён" in response.content.decode()
    item.refresh_from_db()
    assert not item.done


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_advance_the_stage(client, cast, program, persona):
    _complete_stage(program, ProgramStage.PREPARATION)
    client.force_login(getattr(cast, persona))
    response = client.post(reverse("programs:program-stage-advance", args=[program.pk]), follow=True)
    assert "Программа перешла к этапу 2" in response.content.decode()
    program.refresh_from_db()
    assert program.current_stage == ProgramStage.MENTEES_BASE


def test_advancing_an_incomplete_stage_shows_why(client, cast, program):
    client.force_login(cast.curator_a)
    response = client.post(reverse("programs:program-stage-advance", args=[program.pk]), follow=True)
    assert "Нельзя перейти к следующему этапу" in response.content.decode()
    program.refresh_from_db()
    assert program.current_stage == ProgramStage.PREPARATION


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_advance_the_stage(client, cast, program, persona):
    _complete_stage(program, ProgramStage.PREPARATION)
    client.force_login(getattr(cast, persona))
    response = client.post(reverse("programs:program-stage-advance", args=[program.pk]))
    assert response.status_code == 404
    program.refresh_from_db()
    assert program.current_stage == ProgramStage.PREPARATION


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_change_the_program_settings(client, cast, program, persona):
    client.force_login(getattr(cast, persona))
    url = reverse("programs:program-settings", args=[program.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Программа А",
            "starts_on": "2025-09-01",
            "ends_on": "2026-05-31",
            "regulation_url": "https://school.example/polozhenie.pdf",
            "curators": [cast.curator_a.person.pk],
        },
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.regulation_url == "https://school.example/polozhenie.pdf"
    assert list(program.curators.all()) == [cast.curator_a.person]


def test_program_settings_refuse_an_end_before_the_start(client, cast, program):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("programs:program-settings", args=[program.pk]),
        {"title": "Программа А", "starts_on": "2026-09-01", "ends_on": "2026-05-31"},
    )
    assert response.status_code == 200
    assert "Дата окончания программы раньше даты начала" in response.content.decode()


def test_program_settings_refuse_a_curator_from_another_school(client, cast, program):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("programs:program-settings", args=[program.pk]),
        {"title": "Программа А", "curators": [cast.curator_b.person.pk]},
    )
    assert response.status_code == 200
    assert not program.curators.exists()


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_change_the_program_settings(client, cast, program, persona):
    client.force_login(getattr(cast, persona))
    url = reverse("programs:program-settings", args=[program.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Чужая"}).status_code == 404
    program.refresh_from_db()
    assert program.title == "Программа А"
