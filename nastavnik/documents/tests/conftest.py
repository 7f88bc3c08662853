"""Documents fixtures: a few records of the cast's municipality and schools, built through the services."""

import io
from datetime import date, timedelta

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nastavnik.documents import services
from nastavnik.documents.models import Document, MediaPlanItem, PartnerAgreement, WorkingGroup
from nastavnik.organizations.models import RoleAssignment
from nastavnik.roadmap.models import Activity, OrganizationTask, Roadmap

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
STAFF_A = {"head_a", "curator_a", "responsible_a"}
STAFF = STAFF_A | {"curator_b"}
EDITORS_A = {"head_a", "curator_a"}
EDITORS = EDITORS_A | {"curator_b"}


def pdf(name="prikaz.pdf", content=b"%PDF-1.4 order"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(content: bytes) -> str:
    """All text of a DOCX, paragraphs and table cells, for assertions."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_user(client, cast):
    def login(persona: str):
        client.force_login(getattr(cast, persona))
        return client

    return login


@pytest.fixture
def municipal_doc(cast):
    return services.document_save(
        document=Document(
            kind=Document.Kind.ORDER, number="12", date=date(2020, 8, 4), title="О внедрении ЦМН"
        ),
        owner=cast.municipality,
        user=cast.coordinator,
    )


@pytest.fixture
def doc_a(cast):
    return services.document_save(
        document=Document(
            kind=Document.Kind.LOCAL_ACT,
            number="45",
            date=date(2020, 9, 1),
            title="Положение о программе наставничества",
            file=pdf(),
        ),
        owner=cast.school_a,
        user=cast.curator_a,
    )


@pytest.fixture
def doc_b(cast):
    return services.document_save(
        document=Document(
            kind=Document.Kind.ORDER, number="7", date=date(2021, 1, 15), title="Приказ школы Б"
        ),
        owner=cast.school_b,
        user=cast.curator_b,
    )


@pytest.fixture
def roadmap(cast):
    roadmap = Roadmap.objects.create(
        municipality=cast.municipality, title="Дорожная карта Чемальского района", academic_year="2020/2021"
    )
    Activity.objects.create(
        roadmap=roadmap,
        number="1",
        title="Утверждение перечня образовательных организаций",
        responsible_text="МКУ «ЦО ДОО»",
        expected_result="Приказ",
        deadline_text="Июнь-июль 2020 года",
    )
    Activity.objects.create(
        roadmap=roadmap,
        number="9",
        title="Разработка локальных актов",
        responsible_text="Образовательные организации",
        expected_result="Локальные акты",
        deadline_text="До 1 сентября 2020 года",
        cascade_to_organizations=True,
    )
    return roadmap


@pytest.fixture
def task_a(cast, roadmap):
    return OrganizationTask.objects.create(
        activity=roadmap.activities.get(number="9"), organization=cast.school_a
    )


@pytest.fixture
def agreement_a(cast):
    return services.agreement_save(
        agreement=PartnerAgreement(
            organization=cast.school_a,
            partner_name="ООО «Алтайэнерго»",
            partner_type=PartnerAgreement.PartnerType.EMPLOYER,
            subject="Наставничество «работодатель – ученик»",
            starts_on=date(2020, 9, 1),
            ends_on=timezone.localdate() + timedelta(days=365),
            status=PartnerAgreement.Status.ACTIVE,
        ),
        user=cast.curator_a,
    )


@pytest.fixture
def media_municipal(cast):
    return services.media_item_save(
        item=MediaPlanItem(topic="О старте ЦМН", planned_on=timezone.localdate() + timedelta(days=10)),
        owner=cast.municipality,
        user=cast.coordinator,
    )


@pytest.fixture
def media_a(cast):
    return services.media_item_save(
        item=MediaPlanItem(topic="Наши наставники", planned_on=timezone.localdate() + timedelta(days=10)),
        owner=cast.school_a,
        user=cast.curator_a,
    )


@pytest.fixture
def group_a(cast):
    return services.working_group_save(
        group=WorkingGroup(title="Рабочая группа школы А"), owner=cast.school_a, user=cast.head_a
    )


@pytest.fixture
def group_municipal(cast, municipal_doc):
    return services.working_group_save(
        group=WorkingGroup(title="Муниципальная рабочая группа", order=municipal_doc),
        owner=cast.municipality,
        user=cast.coordinator,
    )


@pytest.fixture
def member_a(cast, group_a):
    return services.working_group_member_add(
        group=group_a, person=cast.curator_a.person, role_in_group="head", user=cast.head_a
    )


@pytest.fixture
def curator_assignment_a(cast):
    return RoleAssignment.objects.get(person=cast.curator_a.person, role=RoleAssignment.Role.CURATOR)
