"""Partner agreements (activity 10) and the media plan (activity 2): derived statuses and filters."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nastavnik.documents import selectors, services
from nastavnik.documents.models import Document, MediaPlanItem, PartnerAgreement
from nastavnik.documents.tests.conftest import pdf
from nastavnik.organizations.factories import OrganizationFactory

TODAY = date(2021, 3, 1)


def _agreement(**kwargs):
    return PartnerAgreement(partner_name="Партнёр", partner_type="other", subject="Предмет", **kwargs)


@pytest.mark.parametrize(
    ("status", "ends_on", "expected"),
    [
        ("active", date(2021, 2, 28), "expired"),
        ("active", date(2021, 3, 1), "active"),
        ("active", None, "active"),
        ("negotiation", date(2020, 1, 1), "negotiation"),
        ("terminated", date(2020, 1, 1), "terminated"),
    ],
)
def test_it_derives_expiry_from_the_term(status, ends_on, expected):
    assert _agreement(status=status, ends_on=ends_on).status_on(TODAY) == expected


def test_it_filters_expired_agreements_by_their_derived_status(cast, agreement_a):
    expired = services.agreement_save(
        agreement=_agreement(
            organization=cast.school_a, status="active", starts_on=date(2019, 1, 1), ends_on=date(2020, 1, 1)
        ),
        user=cast.curator_a,
    )
    assert list(selectors.agreement_list(cast.coordinator, status="expired")) == [expired]
    assert list(selectors.agreement_list(cast.coordinator, status="active")) == [agreement_a]


def test_it_warns_about_an_agreement_that_expires_soon(as_user, cast):
    services.agreement_save(
        agreement=_agreement(
            organization=cast.school_a, status="active", ends_on=timezone.localdate() + timedelta(days=10)
        ),
        user=cast.curator_a,
    )
    assert (
        "истекает в течение 30 дней"
        in as_user("coordinator").get(reverse("documents:agreement-list")).content.decode()
    )


def test_it_requires_a_partner_and_a_sane_term(cast):
    with pytest.raises(ValidationError) as error:
        services.agreement_save(
            agreement=PartnerAgreement(
                organization=cast.school_a,
                partner_type="sport",
                subject="Секция",
                starts_on=date(2021, 1, 1),
                ends_on=date(2020, 1, 1),
            ),
            user=cast.curator_a,
        )
    assert "Выберите партнёра из цифровой базы" in str(error.value)
    assert "Дата окончания соглашения раньше даты начала" in str(error.value)


def test_it_files_an_uploaded_agreement_in_the_registry(as_user, cast):
    partner = OrganizationFactory(municipality=cast.municipality, kind="partner", name="ГАПОУ «Колледж»")
    response = as_user("curator_a").post(
        reverse("documents:agreement-create"),
        {
            "organization": cast.school_a.pk,
            "partner": partner.pk,
            "partner_type": "education",
            "subject": "«студент – ученик»",
            "number": "3",
            "signed_on": "2020-09-10",
            "status": "active",
            "file": pdf("soglashenie.pdf"),
        },
    )
    assert response.status_code == 302
    agreement = PartnerAgreement.objects.get()
    assert agreement.partner == partner
    assert agreement.document.kind == Document.Kind.AGREEMENT
    assert agreement.document.organization == cast.school_a
    assert agreement.document.label == "№ 3 от 10.09.2020"


def test_it_refuses_a_partner_of_another_municipality(as_user, cast):
    partner = OrganizationFactory(municipality=cast.other_municipality, kind="partner")
    response = as_user("coordinator").post(
        reverse("documents:agreement-create"),
        {
            "organization": cast.school_a.pk,
            "partner": partner.pk,
            "partner_type": "employer",
            "subject": "x",
            "status": "active",
        },
    )
    assert response.status_code == 200
    assert not PartnerAgreement.objects.exists()


@pytest.mark.parametrize(
    ("planned_on", "published_on", "published_url", "expected"),
    [
        (date(2021, 3, 2), None, "", "planned"),
        (date(2021, 3, 1), None, "", "planned"),
        (date(2021, 2, 28), None, "", "overdue"),
        (date(2021, 2, 28), date(2021, 2, 27), "", "published"),
        (date(2021, 2, 1), None, "https://school.example/news", "published"),
    ],
)
def test_it_derives_the_media_plan_status(planned_on, published_on, published_url, expected):
    item = MediaPlanItem(
        topic="т", planned_on=planned_on, published_on=published_on, published_url=published_url
    )
    assert item.status_on(TODAY) == expected


def test_it_highlights_overdue_publications(as_user, cast, media_a):
    today = timezone.localdate()
    late = services.media_item_save(
        item=MediaPlanItem(topic="Итоги первого этапа", planned_on=today - timedelta(days=3)),
        owner=cast.school_a,
        user=cast.curator_a,
    )
    services.media_item_save(
        item=MediaPlanItem(
            topic="Опубликовано", planned_on=today - timedelta(days=3), published_url="https://a.example/1"
        ),
        owner=cast.school_a,
        user=cast.curator_a,
    )
    response = as_user("curator_a").get(reverse("documents:media-list"))
    assert response.context["overdue"] == 1
    assert 'class="overdue"' in response.content.decode()
    assert list(selectors.media_plan_list(cast.curator_a, status="overdue")) == [late]
    assert [i.topic for i in selectors.media_plan_list(cast.curator_a, status="planned")] == [media_a.topic]
