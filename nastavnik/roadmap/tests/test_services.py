from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from nastavnik.organizations.factories import OrganizationFactory
from nastavnik.organizations.models import Organization
from nastavnik.roadmap.models import (
    Activity,
    ActivityComment,
    OrganizationTask,
    Roadmap,
    Status,
    number_sort_key,
    status_on,
)
from nastavnik.roadmap.selectors import deadline_summary
from nastavnik.roadmap.services import (
    activity_save,
    activity_status_change,
    evidence_add,
    mentions_organizations,
    roadmap_cascade,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Образовательные организации", True),
        ("образовательных организациях", True),
        ("МКУ «ЦО ДОО» Чемальского района; руководители ОО", True),
        ("Руководители ОО", True),
        ("ОО", True),
        ("Общеобразовательные организации района", True),
        ("МКУ «ЦО ДОО» Чемальского района", False),
        ("Все ПОО РА", False),
        ("МБОУ «Школа А»", False),
        ("", False),
    ],
)
def test_it_recognises_the_organisations_as_the_responsible(text, expected):
    assert mentions_organizations(text) is expected


def test_it_sorts_numbers_as_numbers():
    numbers = ["10", "2", "15.1", "15", "1", "16"]
    assert sorted(numbers, key=number_sort_key) == ["1", "2", "10", "15", "15.1", "16"]


def test_it_derives_overdue_from_the_end_of_the_period():
    yesterday = timezone.localdate() - timedelta(days=1)
    assert status_on(Status.PLANNED, yesterday) == Status.OVERDUE
    assert status_on(Status.IN_PROGRESS, yesterday) == Status.OVERDUE
    assert status_on(Status.DONE, yesterday) == Status.DONE
    assert status_on(Status.CANCELLED, yesterday) == Status.CANCELLED
    assert status_on(Status.PLANNED, None) == Status.PLANNED
    assert status_on(Status.PLANNED, timezone.localdate()) == Status.PLANNED


def test_it_refuses_a_roadmap_with_two_owners(cast):
    with pytest.raises(IntegrityError):
        Roadmap.objects.create(title="x", municipality=cast.municipality, organization=cast.school_a)


def test_it_parses_deadlines_and_flags_unreadable_ones(roadmap):
    first = roadmap.activities.get(number="1")
    assert (first.starts_on, first.ends_on, first.deadline_recognized) == (
        date(2020, 6, 1),
        date(2020, 7, 31),
        True,
    )
    flagged = roadmap.activities.get(number="15.1")
    assert flagged.deadline_recognized is False
    assert flagged.deadline_text == "по мере необходимости"
    assert flagged.ends_on is None


def test_it_cascades_to_every_educational_organisation_but_not_partners(cast, roadmap):
    OrganizationFactory(municipality=cast.municipality, kind=Organization.Kind.PARTNER)
    cascaded = roadmap.activities.get(number="7")
    assert cascaded.cascade_to_organizations
    assert set(cascaded.tasks.values_list("organization", flat=True)) == {cast.school_a.pk, cast.school_b.pk}
    assert OrganizationTask.objects.count() == 2


def test_it_adds_only_missing_tasks_when_cascading_again(cast, roadmap):
    new_school = OrganizationFactory(municipality=cast.municipality)
    OrganizationFactory(municipality=cast.other_municipality)
    assert roadmap_cascade(roadmap=roadmap) == 1
    assert roadmap_cascade(roadmap=roadmap) == 0
    assert OrganizationTask.objects.filter(organization=new_school).count() == 1


def test_it_keeps_typed_dates_over_the_text(roadmap):
    activity = roadmap.activities.get(number="15.1")
    activity_save(
        activity=activity,
        data={
            "deadline_text": "по мере необходимости",
            "starts_on": date(2020, 9, 1),
            "ends_on": date(2021, 3, 31),
        },
    )
    activity.refresh_from_db()
    assert (activity.starts_on, activity.ends_on, activity.deadline_recognized) == (
        date(2020, 9, 1),
        date(2021, 3, 31),
        True,
    )


def test_it_numbers_a_new_activity_after_the_last(roadmap):
    activity = activity_save(
        activity=Activity(roadmap=roadmap),
        data={"number": "29", "title": "Новое", "deadline_text": "Май 2021 года"},
    )
    assert activity.position == 4
    assert activity.sort_key == number_sort_key("29")
    assert activity.ends_on == date(2021, 5, 31)


def test_it_keeps_status_changes_as_history(cast, municipal_activity):
    activity_status_change(activity=municipal_activity, status=Status.IN_PROGRESS, user=cast.coordinator)
    activity_status_change(
        activity=municipal_activity, status=Status.DONE, comment="Приказ подписан", user=cast.coordinator
    )
    municipal_activity.refresh_from_db()
    assert municipal_activity.completed_on == timezone.localdate()
    history = list(ActivityComment.objects.values_list("status_from", "status_to", "text"))
    assert history == [("planned", "in_progress", ""), ("in_progress", "done", "Приказ подписан")]


def test_it_marks_a_task_done_when_evidence_is_attached(cast, task_a, task_b):
    upload = SimpleUploadedFile("prikaz.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    evidence = evidence_add(task=task_a, title="Приказ № 45", file=upload, user=cast.curator_a)
    task_a.refresh_from_db()
    task_b.refresh_from_db()
    assert task_a.status == Status.DONE
    assert task_b.status == Status.PLANNED
    assert evidence.file.read() == b"%PDF-1.4 test"
    assert ActivityComment.objects.get(task=task_a).status_to == Status.DONE


def test_it_summarises_what_is_late_and_due_soon_for_each_person(cast, roadmap, task_a):
    soon = timezone.localdate() + timedelta(days=5)
    later = timezone.localdate() + timedelta(days=40)
    roadmap.activities.filter(number="15.1").update(ends_on=soon, deadline_recognized=True)
    Activity.objects.create(roadmap=roadmap, number="30", title="Потом", ends_on=later, position=30)
    coordinator = deadline_summary(cast.coordinator)
    assert [a.number for a in coordinator.overdue_activities] == ["1"]  # 7 is the schools' work
    assert [a.number for a in coordinator.due_activities] == ["15.1"]
    assert {t.organization for t in coordinator.overdue_tasks} == {cast.school_a, cast.school_b}
    curator = deadline_summary(cast.curator_a)
    assert curator.overdue_activities == [] and curator.due_activities == []
    assert curator.overdue_tasks == [task_a]
    assert deadline_summary(cast.mentor_a).overdue_tasks == []
