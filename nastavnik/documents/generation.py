"""DOCX drafts of the standard orders, filled from data with docxtpl.

The built-in templates are built here with python-docx (no binary files in the repository); a
municipality may upload its own template of the same kind (``DocumentTemplate``), which is then used
instead. An uploaded template is rendered once with sample data before it is accepted, so a broken one
is refused with a Russian message at upload rather than failing later.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import docx
import jinja2
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from nastavnik.documents.models import DocumentTemplate, WorkingGroup
from nastavnik.organizations.access import active_roles_q
from nastavnik.organizations.models import Municipality, Organization, RoleAssignment

Kind = DocumentTemplate.Kind
#: «О закреплении наставнических пар (групп)»: generated from an accepted matching run.
PAIRS_ORDER = Kind.PAIRS_ORDER

BASIS = (
    "В соответствии с распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145 "
    "«Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
    "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
    "общеобразовательным и программам среднего профессионального образования, в том числе с применением "
    "лучших практик обмена опытом между обучающимися» ПРИКАЗЫВАЮ:"
)
BLANK_DATE = "«___» ____________ 20___ г."
BLANK_NUMBER = "______"


class TemplateProblem(Exception):
    """A template that cannot be read or filled; ``str(error)`` is ready to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------- building


def _paragraph(document, text: str, *, bold: bool = False, center: bool = False, size: int | None = None):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _loop_table(document, headers: list[str], loop: str, cells: list[str]) -> None:
    """A table whose middle row repeats: docxtpl's ``{%tr %}`` rows must each stand alone."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    table.add_row().cells[0].text = "{%tr for row in " + loop + " %}"
    for cell, text in zip(table.add_row().cells, cells, strict=True):
        cell.text = text
    table.add_row().cells[0].text = "{%tr endfor %}"


def _header(document, title: str) -> None:
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    _paragraph(document, "{{ issuer }}", bold=True, center=True)
    _paragraph(document, "ПРИКАЗ", bold=True, center=True, size=16)
    _paragraph(document, "{{ order_date }}                                        № {{ order_number }}")
    _paragraph(document, "{{ place }}", center=True)
    _paragraph(document, title, bold=True, center=True)
    _paragraph(document, BASIS)


def _footer(document, points_before: int) -> None:
    _paragraph(document, f"{points_before}. Контроль за исполнением настоящего приказа оставляю за собой.")
    _paragraph(document, "")
    _paragraph(document, "{{ signatory_position }}  ____________  {{ signatory_name }}")


def build_default_template(kind: str) -> bytes:
    """The built-in DOCX template of an order, with docxtpl placeholders."""
    document = docx.Document()
    if kind == Kind.ROADMAP_ORDER:
        _header(document, "Об утверждении дорожной карты внедрения целевой модели наставничества")
        _paragraph(
            document,
            "1. Утвердить дорожную карту «{{ roadmap_title }}»{% if academic_year %} "
            "на {{ academic_year }} учебный год{% endif %} (приложение).",
        )
        _paragraph(
            document, "2. Ответственным лицам обеспечить выполнение мероприятий в установленные сроки."
        )
        _footer(document, 3)
        document.add_page_break()
        _paragraph(document, "Приложение к приказу от {{ order_date }} № {{ order_number }}")
        _paragraph(document, "{{ roadmap_title }}", bold=True, center=True)
        _loop_table(
            document,
            ["№", "Мероприятие", "Срок", "Ответственный", "Результат"],
            "activities",
            [
                "{{ row.number }}",
                "{{ row.title }}",
                "{{ row.deadline }}",
                "{{ row.responsible }}",
                "{{ row.result }}",
            ],
        )
    elif kind == Kind.CURATORS_ORDER:
        _header(document, "О назначении кураторов внедрения целевой модели наставничества")
        _paragraph(
            document,
            "1. Назначить кураторами внедрения целевой модели наставничества в {{ scope_name }} "
            "следующих работников:",
        )
        _loop_table(
            document,
            ["№", "ФИО", "Должность", "Организация", "Приказ о назначении"],
            "curators",
            [
                "{{ row.n }}",
                "{{ row.name }}",
                "{{ row.position }}",
                "{{ row.organization }}",
                "{{ row.order }}",
            ],
        )
        _paragraph(
            document,
            "2. Кураторам обеспечить формирование баз наставников и наставляемых, разработку программы "
            "наставничества и проведение мониторинга её реализации.",
        )
        _footer(document, 3)
    elif kind == Kind.WORKING_GROUP_ORDER:
        _header(document, "Об утверждении состава рабочей группы")
        _paragraph(document, "1. Утвердить состав рабочей группы «{{ group_title }}» (приложение).")
        _paragraph(
            document,
            "2. Рабочей группе обеспечить внедрение целевой модели наставничества в соответствии с "
            "дорожной картой.",
        )
        _footer(document, 3)
        document.add_page_break()
        _paragraph(document, "Приложение к приказу от {{ order_date }} № {{ order_number }}")
        _paragraph(document, "Состав рабочей группы «{{ group_title }}»", bold=True, center=True)
        _loop_table(
            document,
            ["№", "ФИО", "Должность", "Роль в группе", "Обязанности"],
            "members",
            ["{{ row.n }}", "{{ row.name }}", "{{ row.position }}", "{{ row.role }}", "{{ row.duties }}"],
        )
    elif kind == PAIRS_ORDER:
        _header(document, "О закреплении наставнических пар (групп)")
        _paragraph(
            document,
            "1. Закрепить наставнические пары (группы) программы наставничества «{{ program_title }}»"
            "{% if academic_year %} на {{ academic_year }} учебный год{% endif %} с {{ started_on }} "
            "(приложение).",
        )
        _paragraph(
            document,
            "2. Наставникам совместно с наставляемыми составить индивидуальные планы и организовать "
            "встречи; куратору {{ curator }} обеспечить мониторинг работы пар (групп).",
        )
        _footer(document, 3)
        document.add_page_break()
        _paragraph(document, "Приложение к приказу от {{ order_date }} № {{ order_number }}")
        _paragraph(document, "Наставнические пары (группы)", bold=True, center=True)
        _loop_table(
            document,
            ["№", "Наставник", "Наставляемые", "Форма наставничества", "Организация"],
            "pairs",
            [
                "{{ row.n }}",
                "{{ row.mentor }}",
                "{{ row.mentees }}",
                "{{ row.form }}",
                "{{ row.organization }}",
            ],
        )
    else:
        raise ValueError(kind)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- context


def _common(*, issuer: str, place: str, signatory_position: str, signatory_name: str) -> dict:
    return {
        "issuer": issuer,
        "place": place,
        "order_date": BLANK_DATE,
        "order_number": BLANK_NUMBER,
        "signatory_position": signatory_position,
        "signatory_name": signatory_name,
        "today": f"{timezone.localdate():%d.%m.%Y}",
    }


def _owner_common(owner: Municipality | Organization) -> dict:
    if isinstance(owner, Organization):
        head = (
            RoleAssignment.objects.filter(active_roles_q(), organization=owner, role=RoleAssignment.Role.HEAD)
            .select_related("person")
            .first()
        )
        return _common(
            issuer=owner.name,
            place=str(owner.municipality),
            signatory_position=(head.person.position if head and head.person.position else "Руководитель"),
            signatory_name=head.person.short_name if head else "",
        )
    return _common(
        issuer=owner.mentoring_centre or str(owner),
        place=str(owner),
        signatory_position="Руководитель",
        signatory_name="",
    )


def roadmap_order_context(roadmap) -> dict:
    activities = roadmap.activities.all()
    return {
        **_owner_common(roadmap.owner),
        "roadmap_title": roadmap.title,
        "academic_year": roadmap.academic_year,
        "activities": [
            {
                "number": a.number,
                "title": a.title,
                "deadline": a.deadline_text,
                "responsible": a.responsible_text or (str(a.responsible_organization or "")),
                "result": a.expected_result,
            }
            for a in activities.select_related("responsible_organization")
        ],
    }


def curators_order_context(owner: Municipality | Organization) -> dict:
    """The active curators of the owner's organisations (or of the one organisation), with their orders."""
    if isinstance(owner, Organization):
        scope = {"organization": owner}
        scope_name = owner.name
    else:
        scope = {"organization__municipality": owner}
        scope_name = _("образовательных организациях: %(name)s") % {"name": owner}
    assignments = (
        RoleAssignment.objects.filter(active_roles_q(), role=RoleAssignment.Role.CURATOR, **scope)
        .select_related("person", "organization")
        .prefetch_related("appointing_documents")
        .order_by("organization__name", "person__last_name", "person__first_name")
    )
    rows = []
    for n, assignment in enumerate(assignments, start=1):
        order = assignment.order_label
        if not order:
            # The order may be in the registry instead of on the assignment itself.
            documents = sorted(assignment.appointing_documents.all(), key=lambda d: d.date or date.min)
            order = documents[-1].label if documents else ""
        rows.append(
            {
                "n": n,
                "name": assignment.person.full_name,
                "position": assignment.person.position,
                "organization": assignment.organization.name,
                "order": order,
            }
        )
    return {**_owner_common(owner), "scope_name": scope_name, "curators": rows}


def working_group_order_context(group: WorkingGroup) -> dict:
    members = sorted(
        group.members.select_related("person"),
        key=lambda m: (m.role_order, m.person.last_name, m.person.first_name),
    )
    return {
        **_owner_common(group.owner),
        "group_title": group.title,
        "members": [
            {
                "n": n,
                "name": m.person.full_name,
                "position": m.person.position,
                "role": m.get_role_in_group_display(),
                "duties": m.duties,
            }
            for n, m in enumerate(members, start=1)
        ],
    }


def pairs_order_context(
    owner: Municipality | Organization,
    pairs,
    *,
    program_title: str,
    academic_year: str = "",
    started_on: date | None = None,
    order_number: str = "",
    order_date: date | None = None,
    curator: str = "",
) -> dict:
    """The order confirming pairs and groups: ``pairs`` are ``programs.Pair`` objects with ``mentor``,
    ``form`` and ``program__organization`` loaded and ``mentees`` prefetched."""
    context = _owner_common(owner)
    if order_number:
        context["order_number"] = order_number
    if order_date:
        context["order_date"] = f"{order_date:%d.%m.%Y}"
    rows = [
        {
            "n": n,
            "mentor": pair.mentor.full_name,
            "mentees": ", ".join(m.full_name for m in pair.mentees.all()),
            "form": pair.form.name,
            "organization": pair.program.organization.short_name or pair.program.organization.name,
        }
        for n, pair in enumerate(pairs, start=1)
    ]
    return {
        **context,
        "program_title": program_title,
        "academic_year": academic_year,
        "started_on": f"{started_on:%d.%m.%Y}" if started_on else BLANK_DATE,
        "curator": curator,
        "pairs": rows,
    }


_SAMPLE_COMMON = _common(
    issuer="МКУ «Центр»", place="Район", signatory_position="Руководитель", signatory_name="Иванов И. И."
)
#: Data an uploaded template is tried with before it is accepted: the same names as the real context.
SAMPLE_CONTEXT = {
    Kind.ROADMAP_ORDER: {
        **_SAMPLE_COMMON,
        "roadmap_title": "Дорожная карта",
        "academic_year": "2020/2021",
        "activities": [{"number": "1", "title": "М", "deadline": "2020", "responsible": "О", "result": "П"}],
    },
    Kind.CURATORS_ORDER: {
        **_SAMPLE_COMMON,
        "scope_name": "Район",
        "curators": [{"n": 1, "name": "И", "position": "У", "organization": "Ш", "order": "№ 1"}],
    },
    PAIRS_ORDER: {
        **_SAMPLE_COMMON,
        "program_title": "Программа",
        "academic_year": "2020/2021",
        "started_on": "01.10.2020",
        "curator": "Петрова П. П.",
        "pairs": [{"n": 1, "mentor": "И", "mentees": "П, С", "form": "ученик – ученик", "organization": "Ш"}],
    },
    Kind.WORKING_GROUP_ORDER: {
        **_SAMPLE_COMMON,
        "group_title": "Группа",
        "members": [{"n": 1, "name": "И", "position": "У", "role": "член", "duties": ""}],
    },
}


# ---------------------------------------------------------------------------------------------- rendering


def render(template_data: bytes, context: dict) -> bytes:
    """Fill a DOCX template; unknown placeholders are an error, not an empty gap in an order."""
    try:
        template = DocxTemplate(io.BytesIO(template_data))
        # Templates are uploaded by municipalities: a sandbox, so a template can fill fields but never reach
        # Python objects (``{{ lipsum.__globals__.os… }}`` would otherwise run commands on the server).
        environment = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
        template.render(context, jinja_env=environment, autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
    except SecurityError as error:
        raise TemplateProblem(
            _("В шаблоне есть недопустимое выражение: в шаблоне можно использовать только поля документа.")
        ) from error
    except jinja2.UndefinedError as error:
        raise TemplateProblem(
            _("В шаблоне есть неизвестное поле: %(detail)s. Доступные поля перечислены на странице шаблонов.")
            % {"detail": error.message}
        ) from error
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(
            _("Ошибка в разметке шаблона (строка %(line)s): %(detail)s.")
            % {"line": error.lineno, "detail": error}
        ) from error
    except Exception as error:  # a broken zip, a missing part, XML docxtpl cannot parse
        raise TemplateProblem(
            _("Шаблон не удалось прочитать: это не документ DOCX или он повреждён.")
        ) from error
    return buffer.getvalue()


def validate_template(kind: str, template_data: bytes) -> None:
    """Raise ``TemplateProblem`` unless the template can be filled with sample data."""
    render(template_data, SAMPLE_CONTEXT[kind])


def template_for(municipality_id: int, kind: str) -> bytes:
    """The municipality's own template of ``kind`` if it uploaded one, else the built-in one."""
    custom = DocumentTemplate.objects.filter(municipality_id=municipality_id, kind=kind).first()
    if custom is not None:
        with custom.file.open("rb") as handle:
            return handle.read()
    return build_default_template(kind)


def generate(kind: str, *, municipality_id: int, context: dict) -> bytes:
    return render(template_for(municipality_id, kind), context)


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str


#: Shown on the templates page so that a municipality can write its own template.
PLACEHOLDERS = {
    "common": [
        Placeholder("issuer", "кто издаёт приказ"),
        Placeholder("place", "населённый пункт / район"),
        Placeholder("order_date", "дата приказа (пустая строка для заполнения)"),
        Placeholder("order_number", "номер приказа (пустая строка для заполнения)"),
        Placeholder("signatory_position", "должность подписывающего"),
        Placeholder("signatory_name", "фамилия и инициалы подписывающего"),
        Placeholder("today", "сегодняшняя дата"),
    ],
    Kind.ROADMAP_ORDER: [
        Placeholder("roadmap_title", "название дорожной карты"),
        Placeholder("academic_year", "учебный год"),
        Placeholder("activities", "строки: row.number, row.title, row.deadline, row.responsible, row.result"),
    ],
    Kind.CURATORS_ORDER: [
        Placeholder("scope_name", "где назначаются кураторы"),
        Placeholder("curators", "строки: row.n, row.name, row.position, row.organization, row.order"),
    ],
    Kind.WORKING_GROUP_ORDER: [
        Placeholder("group_title", "название рабочей группы"),
        Placeholder("members", "строки: row.n, row.name, row.position, row.role, row.duties"),
    ],
    PAIRS_ORDER: [
        Placeholder("program_title", "название программы наставничества"),
        Placeholder("academic_year", "учебный год"),
        Placeholder("started_on", "дата начала работы пар"),
        Placeholder("curator", "куратор программы"),
        Placeholder("pairs", "строки: row.n, row.mentor, row.mentees, row.form, row.organization"),
    ],
}
