"""Roadmap fixtures: a small municipal roadmap of the cast's municipality, built through the services."""

import pytest

from nastavnik.roadmap.models import Activity, OrganizationTask
from nastavnik.roadmap.services import activities_bulk_create, roadmap_create

ROWS = [
    {
        "number": "1",
        "title": "Утверждение перечня образовательных организаций",
        "responsible_text": "МКУ «ЦО ДОО» Чемальского района",
        "expected_result": "Приказ МКУ «ЦО ДОО»",
        "deadline_text": "Июнь-июль 2020 года",
    },
    {
        "number": "7",
        "title": "Назначение кураторов внедрения целевой модели наставничества",
        "responsible_text": "Образовательные организации",
        "expected_result": "Приказ образовательной организации",
        "deadline_text": "04.08.2020",
    },
    {
        "number": "15.1",
        "title": "Реализация программы «Школа успеха»",
        "responsible_text": "",
        "expected_result": "Программа",
        "deadline_text": "по мере необходимости",
    },
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def roadmap(cast):
    roadmap = roadmap_create(
        title="Дорожная карта района", municipality=cast.municipality, academic_year="2020/2021"
    )
    activities_bulk_create(roadmap=roadmap, rows=ROWS)
    return roadmap


@pytest.fixture
def municipal_activity(roadmap) -> Activity:
    return roadmap.activities.get(number="1")


@pytest.fixture
def cascaded_activity(roadmap) -> Activity:
    return roadmap.activities.get(number="7")


@pytest.fixture
def task_a(cast, cascaded_activity) -> OrganizationTask:
    return OrganizationTask.objects.get(activity=cascaded_activity, organization=cast.school_a)


@pytest.fixture
def task_b(cast, cascaded_activity) -> OrganizationTask:
    return OrganizationTask.objects.get(activity=cascaded_activity, organization=cast.school_b)
