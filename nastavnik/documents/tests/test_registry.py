"""The documents registry: filters, links to roadmap activities and appointments, working groups, query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nastavnik.documents import services
from nastavnik.documents.models import (
    Document,
    MediaPlanItem,
    PartnerAgreement,
    WorkingGroup,
    WorkingGroupMember,
)


def _doc(owner, user, **kwargs):
    data = {"kind": "order", "title": "Приказ", "number": "1", "date": date(2020, 8, 1)} | kwargs
    return services.document_save(document=Document(**data), owner=owner, user=user)


def test_it_filters_the_registry_by_kind_organisation_and_year(as_user, cast, doc_a, doc_b, municipal_doc):
    client = as_user("coordinator")

    def titles(**params):
        response = client.get(reverse("documents:document-list"), params)
        return {document.title for document, _ in response.context["rows"]}

    assert titles() == {doc_a.title, doc_b.title, municipal_doc.title}
    assert titles(kind="order") == {doc_b.title, municipal_doc.title}
    assert titles(owner=str(cast.school_a.pk)) == {doc_a.title}
    assert titles(owner="municipal") == {municipal_doc.title}
    assert titles(year="2021") == {doc_b.title}
    assert client.get(reverse("documents:document-list")).context["years"] == [2021, 2020]


def test_it_links_a_document_to_the_task_it_proves_and_the_people_it_appoints(
    as_user, cast, task_a, curator_assignment_a
):
    response = as_user("curator_a").post(
        reverse("documents:document-create"),
        {
            "owner": f"o{cast.school_a.pk}",
            "kind": "order",
            "number": "45",
            "date": "2020-08-04",
            "title": "О назначении куратора",
            "proves_task": task_a.pk,
            "appointments": [curator_assignment_a.pk],
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.proves_task == task_a
    assert list(document.appointments.all()) == [curator_assignment_a]
    assert list(curator_assignment_a.appointing_documents.all()) == [document]
    # The registered order is the task's evidence: the school's cell in the roadmap matrix turns done.
    task_a.refresh_from_db()
    assert task_a.status == "done"
    assert task_a.evidence.get().url.endswith(reverse("documents:document-file", args=[document.pk]))


def test_it_refuses_links_to_another_owners_activity_task_or_people(as_user, cast, roadmap, task_a):
    curator_b_role = cast.curator_b.person.roles.get()
    response = as_user("coordinator").post(
        reverse("documents:document-create"),
        {
            "owner": f"o{cast.school_a.pk}",
            "kind": "local_act",
            "title": "Положение",
            "proves_activity": roadmap.activities.get(number="1").pk,
            "appointments": [curator_b_role.pk],
        },
    )
    errors = response.context["form"].errors
    assert "proves_activity" in errors and "appointments" in errors
    response = as_user("coordinator").post(
        reverse("documents:document-create"),
        {"owner": f"m{cast.municipality.pk}", "kind": "other", "title": "Письмо", "proves_task": task_a.pk},
    )
    assert "proves_task" in response.context["form"].errors
    assert not Document.objects.exists()


def test_it_keeps_one_head_and_no_duplicates_in_a_working_group(as_user, cast, group_a, member_a):
    client = as_user("head_a")
    url = reverse("documents:working-group-detail", args=[group_a.pk])
    response = client.post(url, {"person": cast.responsible_a.person.pk, "role_in_group": "head"})
    assert "У рабочей группы уже есть руководитель." in response.context["form"].non_field_errors()
    response = client.post(url, {"person": cast.curator_a.person.pk, "role_in_group": "member"})
    assert response.context["form"].errors  # already a member: not even offered
    assert WorkingGroupMember.objects.count() == 1


def test_it_creates_a_working_group_with_its_order(as_user, cast, municipal_doc):
    response = as_user("coordinator").post(
        reverse("documents:working-group-create"),
        {"owner": f"m{cast.municipality.pk}", "title": "Муниципальная группа", "order": municipal_doc.pk},
    )
    group = WorkingGroup.objects.get()
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.municipality == cast.municipality and group.order == municipal_doc


def test_it_refuses_a_working_group_order_of_another_owner(as_user, cast, doc_b):
    response = as_user("coordinator").post(
        reverse("documents:working-group-create"),
        {"owner": f"o{cast.school_a.pk}", "title": "Группа", "order": doc_b.pk},
    )
    assert "order" in response.context["form"].errors


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("documents:document-list", "documents"),
        ("documents:agreement-list", "agreements"),
        ("documents:media-list", "media"),
        ("documents:working-group-list", "groups"),
    ],
)
def test_it_keeps_list_queries_constant(
    as_user, cast, django_assert_max_num_queries, url_name, make, curator_assignment_a
):
    def add(n):
        for i in range(n):
            owner = cast.school_a if i % 2 else cast.municipality
            if make == "documents":
                document = _doc(owner, cast.coordinator, title=f"Приказ {i}", number=str(i))
                document.appointments.set([curator_assignment_a])
            elif make == "agreements":
                services.agreement_save(
                    agreement=PartnerAgreement(
                        organization=cast.school_a,
                        partner_name=f"П{i}",
                        partner_type="ngo",
                        subject="с",
                        status="active",
                    ),
                    user=cast.coordinator,
                )
            elif make == "media":
                services.media_item_save(
                    item=MediaPlanItem(topic=f"Т{i}", planned_on=timezone.localdate() - timedelta(days=i)),
                    owner=owner,
                    user=cast.coordinator,
                )
            else:
                group = services.working_group_save(
                    group=WorkingGroup(title=f"Г{i}"), owner=owner, user=cast.coordinator
                )
                services.working_group_member_add(
                    group=group, person=cast.curator_a.person, role_in_group="member", user=cast.coordinator
                )

    client = as_user("coordinator")
    add(2)
    client.get(reverse(url_name))  # warm up the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name))
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
