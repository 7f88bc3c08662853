import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from nastavnik.core.models import AuditEvent, PendingImport
from nastavnik.people.factories import PersonFactory
from nastavnik.programs.models import Consent, ProgramParticipant
from nastavnik.programs.tests.factories import CHILD_BIRTH, program_for

Role = ProgramParticipant.Role

READERS = ["coordinator", "regional_admin", "curator_a", "head_a", "responsible_a"]
NOT_READERS = ["curator_b", "mentor_a", "mentee_a", "parent_a", "expert", "outsider"]
EDITORS = ["coordinator", "regional_admin", "curator_a", "head_a"]
NOT_EDITORS = ["responsible_a", "curator_b", "mentor_a", "mentee_a", "parent_a", "expert", "outsider"]


@pytest.fixture
def program(cast):
    return program_for(cast.school_a, title="Программа Школы А")


@pytest.fixture
def mentee(cast, program):
    person = cast.mentee_a.person
    person.birth_date = CHILD_BIRTH
    person.save()
    return ProgramParticipant.objects.create(
        program=program,
        person=person,
        role=Role.MENTEE,
        request="подготовка к олимпиаде",
        special_needs=True,
        special_needs_notes="нарушение слуха, сидеть у доски",
    )


@pytest.fixture
def mentor(cast, program):
    return ProgramParticipant.objects.create(
        program=program, person=cast.mentor_a.person, role=Role.MENTOR, competences="физика", capacity=2
    )


def login(client, cast, persona):
    client.force_login(getattr(cast, persona))


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_requires_login(client, program):
    response = client.get(reverse("programs:program-detail", args=[program.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", READERS)
def test_staff_and_coordinators_see_the_program_and_its_bases(client, cast, program, mentee, mentor, persona):
    login(client, cast, persona)
    assert program.title in client.get(reverse("programs:program-list")).content.decode()
    response = client.get(reverse("programs:program-detail", args=[program.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert mentee.person.full_name in page and mentor.person.full_name in page
    assert "обработка: нет" in page  # the mentee has no consent yet: flagged


@pytest.mark.parametrize("persona", NOT_READERS)
def test_others_get_404_and_an_empty_list(client, cast, program, mentee, persona):
    login(client, cast, persona)
    assert program.title not in client.get(reverse("programs:program-list")).content.decode()
    assert client.get(reverse("programs:program-detail", args=[program.pk])).status_code == 404
    assert client.get(reverse("programs:base-export", args=[program.pk, "mentees"])).status_code == 404
    assert client.get(reverse("programs:participant-consents", args=[mentee.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("curator_a", True), ("coordinator", True), ("head_a", False), ("responsible_a", False)],
)
def test_special_needs_are_shown_only_to_the_curator_and_the_coordinator(
    client, cast, program, mentee, persona, sees
):
    login(client, cast, persona)
    page = client.get(reverse("programs:program-detail", args=[program.pk])).content.decode()
    assert ("нарушение слуха" in page) is sees
    assert ("ОВЗ" in page) is sees


def test_the_program_list_takes_a_constant_number_of_queries(client, cast, django_assert_max_num_queries):
    for n in range(5):
        program_for(cast.school_a, title=f"Программа {n}")
    login(client, cast, "coordinator")
    with django_assert_max_num_queries(8):
        client.get(reverse("programs:program-list"))


def test_the_program_page_takes_a_constant_number_of_queries(
    client, cast, program, django_assert_num_queries
):
    login(client, cast, "curator_a")
    url = reverse("programs:program-detail", args=[program.pk])
    client.get(url)
    for _ in range(5):
        ProgramParticipant.objects.create(program=program, person=PersonFactory(), role=Role.MENTEE)
        ProgramParticipant.objects.create(program=program, person=PersonFactory(), role=Role.MENTOR)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        ProgramParticipant.objects.create(program=program, person=PersonFactory(), role=Role.MENTEE)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("persona", READERS)
def test_export_gives_an_xlsx_and_is_journaled(client, cast, program, mentee, persona):
    login(client, cast, persona)
    response = client.get(reverse("programs:base-export", args=[program.pk, "mentees"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export", user=getattr(cast, persona)).exists()


def test_an_unknown_base_is_404(client, cast, program):
    login(client, cast, "curator_a")
    assert client.get(reverse("programs:base-export", args=[program.pk, "parents"])).status_code == 404


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_upload_preview_and_confirm_a_base(client, cast, program, persona):
    login(client, cast, persona)
    data = xlsx([["ФИО наставляемого", "Дата рождения"], ["Петрова Анна Ивановна", "17.05.2012"]])
    response = client.post(
        reverse("programs:base-import", args=[program.pk, "mentees"]),
        {"file": SimpleUploadedFile("база.xlsx", data)},
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "Петрова Анна Ивановна" in page and "новый человек" in page
    assert not ProgramParticipant.objects.exists()
    response = client.post(preview_url, {"confirm": "1"})
    assert response.status_code == 302
    assert ProgramParticipant.objects.get().person.last_name == "Петрова"
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize("persona", NOT_EDITORS)
def test_others_cannot_import(client, cast, program, persona):
    login(client, cast, persona)
    data = xlsx([["ФИО наставляемого"], ["Петрова Анна"]])
    url = reverse("programs:base-import", args=[program.pk, "mentees"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": SimpleUploadedFile("база.xlsx", data)}).status_code == 404
    assert not PendingImport.objects.exists()


def test_someone_elses_pending_import_is_404(client, cast, program):
    login(client, cast, "curator_a")
    data = xlsx([["ФИО наставляемого"], ["Петрова Анна"]])
    response = client.post(
        reverse("programs:base-import", args=[program.pk, "mentees"]),
        {"file": SimpleUploadedFile("б.xlsx", data)},
    )
    login(client, cast, "head_a")
    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"], {"confirm": "1"}).status_code == 404
    assert not ProgramParticipant.objects.exists()


def test_a_file_with_errors_shows_them_and_writes_nothing(client, cast, program):
    login(client, cast, "curator_a")
    data = xlsx([["ФИО наставляемого", "Дата рождения"], ["Петрова", "31.02.2012"]])
    response = client.post(
        reverse("programs:base-import", args=[program.pk, "mentees"]),
        {"file": SimpleUploadedFile("б.xlsx", data)},
    )
    page = client.post(response["Location"], {"confirm": "1"}).content.decode()
    assert "Найдено ошибок: 2" in page
    assert "Укажите фамилию и имя" in page
    assert not ProgramParticipant.objects.exists()


def _consent_data(cast, **extra):
    return {
        "kind": Consent.Kind.PROCESSING,
        "given_by": cast.parent_a.person.pk,
        "scope": "ФИО, дата рождения, класс — для участия в программе",
        "given_on": "2025-09-01",
        **extra,
    }


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_record_and_withdraw_a_consent(client, cast, mentee, persona):
    login(client, cast, persona)
    url = reverse("programs:participant-consents", args=[mentee.pk])
    response = client.post(url, _consent_data(cast, scan=SimpleUploadedFile("скан.pdf", b"%PDF-1.4")))
    assert response.status_code == 302, response.content.decode()
    consent = Consent.objects.get()
    assert consent.given_by == cast.parent_a.person and consent.scan
    assert "действует" in client.get(url).content.decode()
    scan = client.get(reverse("programs:consent-scan", args=[mentee.pk, consent.pk]))
    assert b"".join(scan.streaming_content) == b"%PDF-1.4"
    response = client.post(reverse("programs:consent-withdraw", args=[mentee.pk, consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date.today() and not consent.is_active


def test_a_consent_for_a_minor_from_someone_else_is_refused(client, cast, mentee):
    login(client, cast, "curator_a")
    response = client.post(
        reverse("programs:participant-consents", args=[mentee.pk]),
        _consent_data(cast, given_by=mentee.person.pk),
    )
    assert response.status_code == 200
    assert "законный представитель" in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize("persona", ["responsible_a"])
def test_readers_see_consents_but_cannot_change_them(client, cast, mentee, persona):
    consent = Consent.objects.create(
        subject=mentee.person,
        given_by=cast.parent_a.person,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="участие",
        given_on=datetime.date(2025, 9, 1),
    )
    login(client, cast, persona)
    url = reverse("programs:participant-consents", args=[mentee.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _consent_data(cast)).status_code == 404
    assert client.post(reverse("programs:consent-withdraw", args=[mentee.pk, consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


@pytest.mark.parametrize("persona", ["curator_b", "mentor_a", "parent_a", "outsider"])
def test_outsiders_cannot_withdraw_a_consent(client, cast, mentee, persona):
    consent = Consent.objects.create(
        subject=mentee.person,
        given_by=cast.parent_a.person,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="участие",
        given_on=datetime.date(2025, 9, 1),
    )
    login(client, cast, persona)
    assert client.post(reverse("programs:consent-withdraw", args=[mentee.pk, consent.pk])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


@pytest.mark.parametrize("persona", ["curator_b", "mentor_a", "outsider"])
def test_a_consent_scan_is_not_given_to_others(client, cast, mentee, persona):
    consent = Consent.objects.create(
        subject=mentee.person,
        given_by=cast.parent_a.person,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="участие",
        given_on=datetime.date(2025, 9, 1),
        scan=SimpleUploadedFile("скан.pdf", b"%PDF-1.4"),
    )
    login(client, cast, persona)
    assert client.get(reverse("programs:consent-scan", args=[mentee.pk, consent.pk])).status_code == 404
