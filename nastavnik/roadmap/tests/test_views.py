import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.core.models import PendingImport
from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.roadmap.models import Activity, ActivityComment, Evidence, Roadmap, Status
from nastavnik.roadmap.services import evidence_add, roadmap_create
from nastavnik.roadmap.tests.test_imports import CSV

ALL = [
    "coordinator",
    "regional_admin",
    "head_a",
    "curator_a",
    "curator_b",
    "responsible_a",
    "mentor_a",
    "mentee_a",
    "parent_a",
    "expert",
    "outsider",
]
MANAGERS = {"coordinator", "regional_admin"}
MUNICIPAL_READERS = MANAGERS | {"head_a", "curator_a", "curator_b", "responsible_a"}
TASK_A_READERS = MANAGERS | {"head_a", "curator_a", "responsible_a"}
TASK_A_WORKERS = MANAGERS | {"head_a", "curator_a"}
IMPORTERS = MANAGERS | {"head_a", "curator_a", "curator_b"}


def _pdf(name="prikaz.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 order", content_type="application/pdf")


def _client(client, cast, persona):
    client.force_login(getattr(cast, persona))
    return client


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize(
    ("name", "target", "allowed"),
    [
        ("roadmap:roadmap-list", None, MUNICIPAL_READERS),
        ("roadmap:roadmap-detail", "roadmap", MUNICIPAL_READERS),
        ("roadmap:roadmap-matrix", "roadmap", MANAGERS),
        ("roadmap:roadmap-update", "roadmap", MANAGERS),
        ("roadmap:activity-detail", "municipal_activity", MUNICIPAL_READERS),
        ("roadmap:activity-update", "municipal_activity", MANAGERS),
        ("roadmap:activity-create", "roadmap", MANAGERS),
        ("roadmap:task-detail", "task_a", TASK_A_READERS),
        ("roadmap:roadmap-import", None, IMPORTERS),
    ],
)
def test_it_shows_pages_only_to_those_who_may_see_them(client, cast, request, persona, name, target, allowed):
    args = [request.getfixturevalue(target).pk] if target else []
    request.getfixturevalue("roadmap")
    response = _client(client, cast, persona).get(reverse(name, args=args))
    assert response.status_code == (200 if persona in allowed else 404)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_it_exports_only_to_readers(client, cast, roadmap, persona, fmt):
    response = _client(client, cast, persona).get(reverse("roadmap:roadmap-export", args=[roadmap.pk, fmt]))
    assert response.status_code == (200 if persona in MUNICIPAL_READERS else 404)


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_workers_of_the_school_attach_evidence_to_its_task(client, cast, task_a, persona):
    response = _client(client, cast, persona).post(
        reverse("roadmap:task-evidence", args=[task_a.pk]),
        {"title": "Приказ № 45", "file": _pdf(), "mark_done": "on"},
    )
    task_a.refresh_from_db()
    if persona in TASK_A_WORKERS:
        assert response.status_code == 302
        assert task_a.status == Status.DONE
    else:
        assert response.status_code == 404
        assert task_a.status == Status.PLANNED
        assert not Evidence.objects.exists()


@pytest.mark.parametrize("persona", ALL)
def test_it_lets_only_managers_change_a_municipal_activity(client, cast, municipal_activity, persona):
    client = _client(client, cast, persona)
    status = client.post(
        reverse("roadmap:activity-status", args=[municipal_activity.pk]), {"status": "in_progress"}
    )
    comment = client.post(
        reverse("roadmap:activity-comment", args=[municipal_activity.pk]), {"text": "Готово"}
    )
    municipal_activity.refresh_from_db()
    if persona in MANAGERS:
        assert (status.status_code, comment.status_code) == (302, 302)
        assert municipal_activity.status == Status.IN_PROGRESS
    else:
        assert (status.status_code, comment.status_code) == (404, 404)
        assert municipal_activity.status == Status.PLANNED
        assert not ActivityComment.objects.exists()


@pytest.mark.parametrize("persona", ALL)
def test_it_serves_evidence_files_only_to_readers_of_the_task(client, cast, task_a, persona):
    evidence = evidence_add(task=task_a, title="Приказ", file=_pdf(), user=cast.curator_a)
    response = _client(client, cast, persona).get(reverse("roadmap:evidence-file", args=[evidence.pk]))
    assert response.status_code == (200 if persona in TASK_A_READERS else 404)


def test_it_turns_the_schools_cell_done_when_its_curator_attaches_an_order(client, cast, roadmap, task_a):
    client.force_login(cast.curator_a)
    response = client.post(
        reverse("roadmap:task-evidence", args=[task_a.pk]),
        {"title": "Приказ о назначении кураторов", "file": _pdf(), "mark_done": "on"},
    )
    assert response.status_code == 302
    client.force_login(cast.coordinator)
    response = client.get(reverse("roadmap:roadmap-matrix", args=[roadmap.pk]))
    rows = {row.organization: row for row in response.context["matrix"].rows}
    cell_a, cell_b = rows[cast.school_a].cells[0], rows[cast.school_b].cells[0]
    assert (cell_a.status, cell_a.evidence_count) == (Status.DONE, 1)
    assert cell_b.current_status == Status.OVERDUE  # 04.08.2020 has long passed
    assert rows[cast.school_b].overdue == 1
    assert 'class="overdue"' in response.content.decode()


def test_it_shows_a_curator_only_their_own_task_on_the_activity(client, cast, cascaded_activity):
    client.force_login(cast.curator_a)
    response = client.get(reverse("roadmap:activity-detail", args=[cascaded_activity.pk]))
    assert [task.organization for task in response.context["tasks"]] == [cast.school_a]
    assert response.context["can_work"] is False


def test_it_refuses_an_evidence_file_of_the_wrong_type(client, cast, task_a):
    client.force_login(cast.curator_a)
    for upload, message in [
        (SimpleUploadedFile("virus.exe", b"MZ"), "допустимы только PDF"),
        (SimpleUploadedFile("fake.pdf", b"hello"), "повреждён"),
    ]:
        response = client.post(
            reverse("roadmap:task-evidence", args=[task_a.pk]), {"title": "Х", "file": upload}
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_refuses_an_oversized_evidence_file(client, cast, task_a, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(cast.curator_a)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (1024 * 1024))
    response = client.post(reverse("roadmap:task-evidence", args=[task_a.pk]), {"title": "Х", "file": big})
    assert response.status_code == 400
    assert "1 МБ" in response.content.decode()


def test_it_accepts_a_link_as_evidence(client, cast, municipal_activity):
    client.force_login(cast.coordinator)
    client.post(
        reverse("roadmap:activity-evidence", args=[municipal_activity.pk]),
        {"title": "Приказ на сайте", "url": "https://example.org/prikaz"},
    )
    municipal_activity.refresh_from_db()
    assert municipal_activity.evidence.get().url == "https://example.org/prikaz"
    assert municipal_activity.status == Status.PLANNED  # «отметить как выполненное» was not ticked


def test_it_lets_the_coordinator_set_dates_of_an_unreadable_deadline(client, cast, roadmap):
    activity = roadmap.activities.get(number="15.1")
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("roadmap:activity-update", args=[activity.pk]),
        {
            "number": "15.1",
            "title": activity.title,
            "deadline_text": activity.deadline_text,
            "starts_on": "2020-09-01",
            "ends_on": "2021-03-31",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.deadline_recognized is True
    assert str(activity.ends_on) == "2021-03-31"


def test_it_imports_through_upload_preview_and_confirm(client, cast):
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("карта.csv", CSV.encode())
    response = client.post(
        reverse("roadmap:roadmap-import"), {"owner": f"m{cast.municipality.pk}", "file": upload}
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert "по мере необходимости" in page.content.decode()
    assert Roadmap.objects.count() == 0
    response = client.post(
        preview_url, {"confirm": "1", "title": "Карта района", "academic_year": "2020/2021"}
    )
    roadmap = Roadmap.objects.get()
    assert response["Location"] == roadmap.get_absolute_url()
    assert (roadmap.title, roadmap.municipality, roadmap.activities.count()) == (
        "Карта района",
        cast.municipality,
        3,
    )
    assert not PendingImport.objects.exists()


def test_it_keeps_the_upload_of_one_user_from_another(client, cast):
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("карта.csv", CSV.encode())
    preview_url = client.post(
        reverse("roadmap:roadmap-import"), {"owner": f"m{cast.municipality.pk}", "file": upload}
    )["Location"]
    client.force_login(cast.regional_admin)
    assert client.get(preview_url).status_code == 404


def test_it_lets_a_curator_import_only_into_their_own_school(client, cast):
    client.force_login(cast.curator_b)
    form = client.get(reverse("roadmap:roadmap-import")).context["form"]
    assert [value for value, _label in form.fields["owner"].choices] == [f"o{cast.school_b.pk}"]
    upload = SimpleUploadedFile("карта.csv", CSV.encode())
    response = client.post(
        reverse("roadmap:roadmap-import"), {"owner": f"o{cast.school_a.pk}", "file": upload}
    )
    assert response.status_code == 200
    assert not PendingImport.objects.exists()


def test_it_shows_file_errors_in_the_preview_and_writes_nothing(client, cast):
    client.force_login(cast.coordinator)
    upload = SimpleUploadedFile("карта.xlsx", b"PK\x03\x04 broken")
    preview_url = client.post(
        reverse("roadmap:roadmap-import"), {"owner": f"m{cast.municipality.pk}", "file": upload}
    )["Location"]
    response = client.post(preview_url, {"confirm": "1", "title": "Карта"})
    assert response.status_code == 200
    assert "повреждён" in response.content.decode()
    assert Roadmap.objects.count() == 0


def test_it_creates_the_roadmap_from_the_built_in_template(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(reverse("roadmap:roadmap-template-load"), {"municipality": cast.municipality.pk})
    roadmap = Roadmap.objects.get()
    assert response["Location"] == roadmap.get_absolute_url()
    assert roadmap.activities.count() == 29


def test_it_refuses_the_template_for_a_municipality_not_managed(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("roadmap:roadmap-template-load"), {"municipality": cast.other_municipality.pk}
    )
    assert response.status_code == 404
    assert not Roadmap.objects.exists()


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_matrix_takes_the_same_queries_for_more_organisations(
    client, cast, roadmap, django_assert_num_queries
):
    client.force_login(cast.coordinator)
    url = reverse("roadmap:roadmap-matrix", args=[roadmap.pk])
    expected = _count_queries(client, url)
    for _ in range(5):
        OrganizationFactory(municipality=cast.municipality)
    client.post(url)  # gives the new organisations their tasks
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["matrix"].rows) == 7


def test_the_list_and_detail_take_the_same_queries_for_more_organisations(
    client, cast, roadmap, django_assert_num_queries
):
    client.force_login(cast.coordinator)
    list_url = reverse("roadmap:roadmap-list")
    detail_url = reverse("roadmap:roadmap-detail", args=[roadmap.pk])
    expected_list, expected_detail = _count_queries(client, list_url), _count_queries(client, detail_url)
    for _ in range(5):
        organization = OrganizationFactory(municipality=cast.municipality)
        roadmap_create(title="Карта школы", organization=organization)
    client.post(reverse("roadmap:roadmap-matrix", args=[roadmap.pk]))
    with django_assert_num_queries(expected_list):
        response = client.get(list_url)
    assert len(response.context["roadmaps"]) == 6
    with django_assert_num_queries(expected_detail):
        client.get(detail_url)


def test_it_adds_an_activity_to_the_roadmap(client, cast, roadmap):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("roadmap:activity-create", args=[roadmap.pk]),
        {"number": "29", "title": "Итоговая конференция", "deadline_text": "Май 2021 года"},
    )
    activity = Activity.objects.get(number="29")
    assert response["Location"] == activity.get_absolute_url()


def test_it_refuses_a_duplicate_number(client, cast, roadmap):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("roadmap:activity-create", args=[roadmap.pk]), {"number": "7", "title": "Ещё"}
    )
    assert response.status_code == 200
    assert "уже есть" in response.content.decode()


def test_it_records_the_order_approving_the_roadmap(client, cast, roadmap):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("roadmap:roadmap-update", args=[roadmap.pk]),
        {
            "title": "Дорожная карта",
            "academic_year": "2020/2021",
            "approved_order_number": "45-п",
            "approved_order_date": "2020-08-10",
        },
    )
    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert (roadmap.approved_order_number, str(roadmap.approved_order_date)) == ("45-п", "2020-08-10")


def test_it_lets_the_head_change_the_schools_own_roadmap_but_not_the_districts(client, cast, roadmap):
    own = roadmap_create(title="Карта школы А", organization=cast.school_a)
    client.force_login(cast.head_a)
    assert client.get(reverse("roadmap:roadmap-update", args=[own.pk])).status_code == 200
    assert client.get(reverse("roadmap:roadmap-update", args=[roadmap.pk])).status_code == 404
    client.force_login(cast.curator_b)
    assert client.get(reverse("roadmap:roadmap-detail", args=[own.pk])).status_code == 404


def test_it_shows_staff_an_empty_list_before_any_roadmap_exists(client, cast):
    client.force_login(cast.responsible_a)
    response = client.get(reverse("roadmap:roadmap-list"))
    assert response.status_code == 200
    assert response.context["roadmaps"] == []
    client.force_login(cast.mentor_a)
    assert client.get(reverse("roadmap:roadmap-list")).status_code == 404


def test_it_shows_evidence_errors_on_the_activity_page(client, cast, cascaded_activity):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("roadmap:activity-evidence", args=[cascaded_activity.pk]), {"title": "Приказ"}
    )
    assert response.status_code == 400
    assert "Приложите файл или укажите ссылку" in response.content.decode()


def test_it_shows_the_history_of_a_task(client, cast, task_a):
    evidence_add(task=task_a, title="Приказ № 45", url="https://example.org/45", user=None)
    client.force_login(cast.curator_a)
    client.post(reverse("roadmap:task-comment", args=[task_a.pk]), {"text": "Приказ размещён на сайте"})
    page = client.get(reverse("roadmap:task-detail", args=[task_a.pk])).content.decode()
    assert "система" in page  # the status change made without a user
    assert "запланировано → <strong>выполнено</strong>" in page
    assert "Приказ размещён на сайте" in page
    assert 'href="https://example.org/45"' in page
