"""The local-acts checklist of roadmap activity 9: ticking per school and the municipal matrix."""

from django.urls import reverse

from nastavnik.documents import selectors, services
from nastavnik.documents.models import LocalActChecklistItem, LocalActElement
from nastavnik.organizations.factories import OrganizationFactory


def test_it_ticks_and_unticks_elements_with_their_act(as_user, cast, doc_a):
    client = as_user("curator_a")
    url = reverse("documents:checklist-detail", args=[cast.school_a.pk])
    client.post(url, {"timeline-document": doc_a.pk, "timeline-note": "п. 2.1", "results-document": doc_a.pk})
    items = {i.element: i for i in LocalActChecklistItem.objects.filter(organization=cast.school_a)}
    assert set(items) == {"timeline", "results"}
    assert items["timeline"].note == "п. 2.1"
    assert items["timeline"].checked_by == cast.curator_a
    client.post(url, {"results-document": doc_a.pk})
    assert list(LocalActChecklistItem.objects.values_list("element", flat=True)) == ["results"]


def test_it_refuses_a_document_of_another_school(as_user, cast, doc_b):
    response = as_user("curator_a").post(
        reverse("documents:checklist-detail", args=[cast.school_a.pk]), {"timeline-document": doc_b.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not LocalActChecklistItem.objects.exists()


def test_it_shows_a_read_only_checklist_to_the_responsible_person(as_user, cast, doc_a):
    services.checklist_save(
        organization=cast.school_a, selections={"monitoring": (doc_a, "")}, user=cast.curator_a
    )
    response = as_user("responsible_a").get(reverse("documents:checklist-detail", args=[cast.school_a.pk]))
    assert response.context["form"] is None
    assert response.context["done"] == 1
    assert "Положение о программе наставничества" in response.content.decode()


def test_it_builds_the_matrix_school_by_element(cast, doc_a, doc_b):
    services.checklist_save(
        organization=cast.school_a,
        selections=dict.fromkeys(LocalActElement.values, (doc_a, "")),
        user=cast.curator_a,
    )
    services.checklist_save(
        organization=cast.school_b, selections={"material": (doc_b, "")}, user=cast.curator_b
    )
    rows = {row.organization: row for row in selectors.checklist_matrix(cast.municipality)}
    assert set(rows) == {cast.school_a, cast.school_b}  # not the school of the other municipality
    assert rows[cast.school_a].complete
    assert [cell is not None for cell in rows[cast.school_b].cells] == [
        False,
        False,
        True,
        False,
        False,
        False,
    ]
    assert rows[cast.school_b].done_count == 1


def test_it_shows_the_matrix_with_totals(as_user, cast, doc_b):
    services.checklist_save(
        organization=cast.school_b, selections={"material": (doc_b, "")}, user=cast.curator_b
    )
    response = as_user("coordinator").get(reverse("documents:checklist-matrix"))
    content = response.content.decode()
    assert "Ответственные за материально-техническое обеспечение" in content
    assert dict(response.context["element_totals"])[LocalActElement.MATERIAL.label] == 1
    assert response.context["complete"] == 0


def test_it_keeps_the_matrix_queries_constant(as_user, cast, django_assert_max_num_queries, doc_a):
    client = as_user("coordinator")
    url = reverse("documents:checklist-matrix")
    for _ in range(15):
        school = OrganizationFactory(municipality=cast.municipality)
        services.checklist_save(organization=school, selections={}, user=cast.coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
