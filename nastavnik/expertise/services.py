"""Writes of the expertise: rounds, rubric, experts, assignments, scores, publication marks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.core.services import audit_record
from nastavnik.expertise import selectors
from nastavnik.expertise.models import (
    Assignment,
    Criterion,
    ExpertiseRound,
    PublicationMark,
    RoundExpert,
    Score,
)
from nastavnik.organizations.models import Municipality, Region
from nastavnik.people.models import Person
from nastavnik.programs.models import Program

#: The rubric every new round starts with (weight, max score); the organiser may change it.
DEFAULT_RUBRIC = (
    (
        "Соответствие программы целевой модели наставничества и потребностям организации",
        "Программа опирается на методологию (распоряжение Минпросвещения России № Р-145) и на выявленные запросы.",
        2,
        5,
    ),
    (
        "Обоснованность целей, задач и выбранных форм наставничества",
        "Цели измеримы, формы и ролевые модели соответствуют запросам наставляемых.",
        2,
        5,
    ),
    (
        "Формирование баз наставников и наставляемых, подбор пар",
        "Базы полны и актуальны, пары и группы подобраны обоснованно и закреплены приказом.",
        1,
        5,
    ),
    (
        "Организация работы пар и групп",
        "Индивидуальные планы, регулярные встречи, обратная связь, сопровождение куратором.",
        2,
        5,
    ),
    (
        "Мониторинг и достигнутые результаты",
        "Анкетирование на входе и по завершении, SWOT-анализ, измеримый рост участников.",
        2,
        5,
    ),
    (
        "Вовлечение партнёров и внешних наставников",
        "Работодатели, вузы, НКО, выпускники участвуют в программе.",
        1,
        5,
    ),
    (
        "Тиражируемость опыта",
        "Кейсы, публикации, открытые мероприятия; опыт можно перенести в другие организации.",
        1,
        5,
    ),
)


@transaction.atomic
def round_create(
    *,
    user,
    region: Region,
    municipality: Municipality | None,
    academic_year: str,
    title: str,
    deadline: date,
) -> ExpertiseRound:
    """A new round with the default rubric."""
    expertise_round = ExpertiseRound(
        region=region,
        municipality=municipality,
        academic_year=academic_year,
        title=title,
        deadline=deadline,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    expertise_round.full_clean(exclude=["created_by"])  # None for rounds made by the demo loader
    expertise_round.save()
    Criterion.objects.bulk_create(
        Criterion(
            round=expertise_round,
            title=title_,
            description=description,
            weight=weight,
            max_score=max_score,
            position=index,
        )
        for index, (title_, description, weight, max_score) in enumerate(DEFAULT_RUBRIC, start=1)
    )
    return expertise_round


def _refuse_if_submitted(expertise_round: ExpertiseRound) -> None:
    if Assignment.objects.filter(round=expertise_round, status=Assignment.Status.SUBMITTED).exists():
        raise ValidationError(
            _(
                "Эксперты уже отправили оценки: критерии и их веса менять нельзя, иначе оценки станут несопоставимы."
            ),
            code="submitted",
        )


@transaction.atomic
def criteria_save(
    *, expertise_round: ExpertiseRound, rows: list[dict], deleted: list[Criterion] = ()
) -> None:
    """Replace the rubric's criteria by ``rows`` (each: instance or None, title, description, weight,
    max_score, position) and delete ``deleted``; refused once any expert has submitted."""
    _refuse_if_submitted(expertise_round)
    for criterion in deleted:
        criterion.delete()
    for row in rows:
        criterion = row.get("instance") or Criterion(round=expertise_round)
        for name in ("title", "description", "weight", "max_score", "position"):
            setattr(criterion, name, row[name])
        criterion.full_clean()
        criterion.save()
    if not Criterion.objects.filter(round=expertise_round).exists():
        raise ValidationError(_("В рубрике должен остаться хотя бы один критерий."), code="empty")


def expert_appoint(*, expertise_round: ExpertiseRound, person: Person, user=None) -> RoundExpert:
    """Appoint a person holding the expert role within the round's scope."""
    if not selectors.eligible_experts(expertise_round).filter(pk=person.pk).exists():
        raise ValidationError(
            _("%(person)s не имеет роли эксперта в %(scope)s.")
            % {"person": person, "scope": expertise_round.scope_name},
            code="not_expert",
        )
    expert, _created = RoundExpert.objects.get_or_create(
        round=expertise_round, person=person, defaults={"appointed_by": user}
    )
    return expert


def assignment_create(
    *, expertise_round: ExpertiseRound, expert: Person, program: Program, user=None
) -> Assignment:
    """Give a program to an appointed expert. Never a program of the expert's own organisation."""
    if not RoundExpert.objects.filter(round=expertise_round, person=expert).exists():
        raise ValidationError(
            _("Сначала назначьте %(person)s экспертом.") % {"person": expert}, code="not_appointed"
        )
    if not selectors.assignable_programs(expertise_round).filter(pk=program.pk).exists():
        raise ValidationError(
            _("Программа «%(program)s» не относится к этой экспертизе (другой год или территория).")
            % {"program": program.title},
            code="out_of_scope",
        )
    if program.organization_id in selectors.expert_organization_ids(expert.pk):
        raise ValidationError(
            _(
                "Эксперт %(person)s не может оценивать программу своей организации «%(organization)s»: "
                "назначьте программу другому эксперту."
            )
            % {"person": expert, "organization": program.organization},
            code="own_organization",
        )
    if Assignment.objects.filter(round=expertise_round, expert=expert, program=program).exists():
        raise ValidationError(
            _("Программа «%(program)s» уже назначена эксперту %(person)s.")
            % {"program": program.title, "person": expert},
            code="duplicate",
        )
    assignment = Assignment(round=expertise_round, expert=expert, program=program)
    assignment.full_clean()
    assignment.save()
    return assignment


def assignment_remove(*, assignment: Assignment) -> None:
    if assignment.is_submitted:
        raise ValidationError(
            _("Оценка уже отправлена: снять программу с эксперта нельзя."), code="submitted"
        )
    assignment.delete()


@transaction.atomic
def assignment_score_save(
    *,
    assignment: Assignment,
    values: dict[int, int | None],
    comments: dict[int, str],
    comment: str,
    submit: bool,
    user=None,
    today: date | None = None,
) -> Assignment:
    """Save the expert's scores as a draft or, with ``submit``, send them (then they are final).

    Each score must lie within its criterion's range; sending needs every criterion scored.
    """
    today = today or timezone.localdate()
    if assignment.is_submitted:
        raise ValidationError(_("Оценка уже отправлена и больше не меняется."), code="submitted")
    if today > assignment.round.deadline:
        raise ValidationError(
            _("Срок экспертизы истёк %(date)s: оценки больше не принимаются.")
            % {"date": assignment.round.deadline.strftime("%d.%m.%Y")},
            code="deadline",
        )
    criteria = selectors.criteria_of(assignment.round)
    errors = {}
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is not None and not 0 <= value <= criterion.max_score:
            errors[criterion.pk] = _("Балл по критерию «%(c)s» — от 0 до %(max)s.") % {
                "c": criterion.title,
                "max": criterion.max_score,
            }
        elif value is None and submit:
            errors[criterion.pk] = _("Поставьте балл по критерию «%(c)s», чтобы отправить оценку.") % {
                "c": criterion.title
            }
    if errors:
        raise ValidationError({str(pk): message for pk, message in errors.items()})
    existing = selectors.scores_of(assignment)
    for criterion in criteria:
        score = existing.get(criterion.pk) or Score(assignment=assignment, criterion=criterion)
        score.value = values.get(criterion.pk)
        score.comment = comments.get(criterion.pk, "").strip()
        score.full_clean()
        score.save()
    assignment.comment = comment.strip()
    assignment.status = Assignment.Status.SUBMITTED if submit else Assignment.Status.DRAFT
    assignment.submitted_at = timezone.now() if submit else None
    assignment.save(update_fields=["comment", "status", "submitted_at", "updated_at"])
    return assignment


def publication_mark(*, expertise_round: ExpertiseRound, program: Program, publish: bool, user=None) -> None:
    """Mark (or unmark) a program of the round as recommended for publication."""
    assignments = Assignment.objects.filter(round=expertise_round, program=program)
    if not assignments.exists():
        raise ValidationError(_("Программа не участвует в этой экспертизе."), code="not_in_round")
    if publish and not assignments.filter(status=Assignment.Status.SUBMITTED).exists():
        raise ValidationError(
            _("Программу ещё не оценил ни один эксперт: рекомендовать её к публикации рано."), code="unscored"
        )
    if publish:
        PublicationMark.objects.get_or_create(
            round=expertise_round, program=program, defaults={"marked_by": user}
        )
    else:
        PublicationMark.objects.filter(round=expertise_round, program=program).delete()
    if user is not None:
        audit_record(
            user=user,
            action="update",
            obj=program,
            description=("рекомендована к публикации" if publish else "снята с публикации")
            + f": {expertise_round}",
        )
