"""Reads of the monitoring: questionnaires, surveys, invitations and results, scoped by the user.

``satisfaction_by_organization`` and ``satisfaction_by_academic_year`` are the public face other apps
(the KPIs) use: they take ids the caller has already scoped and cost one query whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext

from nastavnik.monitoring import scoring
from nastavnik.monitoring.models import (
    CHOICE_KINDS,
    Answer,
    Invitation,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Section,
    Survey,
)
from nastavnik.organizations.access import (
    ORGANIZATION_STAFF_ROLES,
    municipalities_for_user,
    organizations_for_user,
    user_scope,
)
from nastavnik.organizations.models import RoleAssignment
from nastavnik.programs.models import Program

_SATISFACTION_KINDS = (QuestionKind.SCALE, QuestionKind.YES_NO)


def _satisfaction_answers():
    return Answer.objects.filter(
        question__is_satisfaction=True, question__kind__in=_SATISFACTION_KINDS, value__isnull=False
    )


def _satisfaction_groups(answers, group_by: str) -> dict:
    """{group value: satisfaction percent} from one grouped query over ``answers``."""
    scale = Q(question__kind=QuestionKind.SCALE)
    yes_no = Q(question__kind=QuestionKind.YES_NO)
    lines = (
        answers.values(group_by)
        .annotate(
            scale_sum=Sum("value", filter=scale),
            scale_n=Count("pk", filter=scale),
            yes_sum=Sum("value", filter=yes_no),
            yes_n=Count("pk", filter=yes_no),
        )
        .order_by()
    )
    return {
        line[group_by]: scoring.satisfaction_from_sums(
            scale_sum=line["scale_sum"] or 0,
            scale_n=line["scale_n"],
            yes_sum=line["yes_sum"] or 0,
            yes_n=line["yes_n"],
        )
        for line in lines
    }


def satisfaction_total(answers) -> float | None:
    """The satisfaction index over ``answers`` (already narrowed to satisfaction items) together."""
    scale = Q(question__kind=QuestionKind.SCALE)
    yes_no = Q(question__kind=QuestionKind.YES_NO)
    line = answers.aggregate(
        scale_sum=Sum("value", filter=scale),
        scale_n=Count("pk", filter=scale),
        yes_sum=Sum("value", filter=yes_no),
        yes_n=Count("pk", filter=yes_no),
    )
    return scoring.satisfaction_from_sums(
        scale_sum=line["scale_sum"] or 0,
        scale_n=line["scale_n"],
        yes_sum=line["yes_sum"] or 0,
        yes_n=line["yes_n"],
    )


def satisfaction_by_organization(
    *, organization_ids: Iterable[int], academic_year: str | None = None
) -> dict[int, float | None]:
    """The satisfaction index (0–100 %) of each organisation's programs: the mean over the submitted
    answers to satisfaction items (a 1–10 rating counts as (v − 1) / 9 × 100, yes as 100, no as 0),
    in programs of ``academic_year`` ("2020/2021") or of every year when None. None where there are no
    such answers. An anonymous survey with too few answers stays out (see ``monitoring.totals``), so this
    agrees with the KPIs. One query, whatever the number of organisations; access is the caller's
    business."""
    from nastavnik.monitoring import totals

    ids = list(organization_ids)
    result: dict[int, float | None] = dict.fromkeys(ids)
    if not ids:
        return result
    by_organization = totals.satisfaction_totals_by_organization(
        organization_ids=ids, academic_year=academic_year
    )
    for organization_id, organization_totals in by_organization.items():
        result[organization_id] = totals.satisfaction_percent([organization_totals])
    return result


def satisfaction_by_academic_year(*, organization_ids: Iterable[int]) -> dict[str, float | None]:
    """The satisfaction index (0–100 %) of the organisations together, per academic year of their
    programs, oldest year first; only years with answers appear. One query."""
    from nastavnik.monitoring import totals

    ids = list(organization_ids)
    if not ids:
        return {}
    by_year: dict[str, list] = {}
    for (_organization_id, year), year_totals in totals.satisfaction_totals(organization_ids=ids).items():
        by_year.setdefault(year, []).append(year_totals)
    return {year: totals.satisfaction_percent(by_year[year]) for year in sorted(by_year)}


# --- Access -------------------------------------------------------------------------------------------------

Role = RoleAssignment.Role
#: Who may see a school's individual (non-anonymous) answers: its curator and its head.
ANSWER_READER_ROLES = frozenset({Role.CURATOR, Role.HEAD})
#: An anonymous survey's results are shown from this many answers on, so that nobody's answers can be
#: told from the list of who has answered.
ANONYMOUS_MIN_RESPONSES = 3


def _is_staff(user) -> bool:
    scope = user_scope(user)
    return scope.is_district_staff or bool(scope.organizations_with(ORGANIZATION_STAFF_ROLES))


def questionnaires_for_user(user) -> QuerySet[Questionnaire]:
    """The built-in questionnaires and those of the municipalities the user works in (district staff:
    the ones they manage; school staff: their schools'). Nobody else sees questionnaires."""
    if not user.is_authenticated or not _is_staff(user):
        return Questionnaire.objects.none()
    scope = user_scope(user)
    queryset = Questionnaire.objects.select_related("form", "municipality")
    if scope.is_superuser:
        return queryset
    municipality_ids = set(municipalities_for_user(user).values_list("pk", flat=True))
    municipality_ids |= set(organizations_for_user(user).values_list("municipality_id", flat=True))
    return queryset.filter(Q(municipality__isnull=True) | Q(municipality_id__in=municipality_ids))


def can_edit_questionnaire(user, questionnaire: Questionnaire) -> bool:
    """Built-in questionnaires: the regional administrator; a municipality's own: its coordinator
    (and the region above it)."""
    scope = user_scope(user)
    if scope.is_superuser:
        return True
    if questionnaire.municipality_id is None:
        return bool(scope.regions)
    return municipalities_for_user(user).filter(pk=questionnaire.municipality_id).exists()


def get_questionnaire_for_user(user, pk: int, *, write: bool = False) -> Questionnaire:
    questionnaire = questionnaires_for_user(user).filter(pk=pk).first()
    if questionnaire is None or (write and not can_edit_questionnaire(user, questionnaire)):
        raise Http404
    return questionnaire


def questionnaire_questions(version) -> list[Section]:
    """The sections of a version with their questions and options, in order (three queries)."""
    return list(
        Section.objects.filter(version=version)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("options", queryset=Option.objects.order_by("position", "pk"))
                ),
            )
        )
    )


def _with_progress(surveys: QuerySet[Survey]) -> QuerySet[Survey]:
    return surveys.select_related("program__organization", "version__questionnaire__form").annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations", filter=Q(invitations__is_used=True), distinct=True),
    )


def surveys_for_user(user) -> QuerySet[Survey]:
    """Surveys of the programs of the organisations whose staff the user is, with N of M answered."""
    return _with_progress(
        Survey.objects.filter(program__organization__in=organizations_for_user(user))
    ).order_by("-created_at", "-pk")


def get_survey_for_user(user, pk: int, *, write: bool = False) -> Survey:
    """A survey the user may see (``write``: manage — the program's editors); 404 otherwise."""
    survey = (
        _with_progress(
            Survey.objects.filter(pk=pk, program__organization__in=organizations_for_user(user, write=write))
        )
        .select_related("program__organization__municipality", "version__questionnaire__form")
        .first()
    )
    if survey is None:
        raise Http404
    return survey


def can_see_individual_answers(user, survey: Survey) -> bool:
    """Who answered what, in a non-anonymous survey: the school's curator and head only; the district
    sees aggregates."""
    if survey.is_anonymous:
        return False
    scope = user_scope(user)
    return scope.is_superuser or bool(
        scope.organization_roles.get(survey.program.organization_id, set()) & ANSWER_READER_ROLES
    )


def can_see_participants(user, program: Program) -> bool:
    scope = user_scope(user)
    return scope.is_superuser or bool(
        scope.organization_roles.get(program.organization_id, set()) & ANSWER_READER_ROLES
    )


def my_invitations(user) -> list[Invitation]:
    """The user's own invitations, open ones first."""
    if not (user.is_authenticated and user.person_id):
        return []
    return list(
        Invitation.objects.filter(person_id=user.person_id)
        .select_related("survey__program__organization")
        .order_by("is_used", "survey__deadline", "pk")
    )


def get_own_invitation(user, pk: int) -> Invitation:
    invitation = (
        Invitation.objects.filter(pk=pk, person_id=user.person_id if user.is_authenticated else None)
        .select_related("survey__program__organization", "survey__version__questionnaire", "person")
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def get_invitation_by_token(token: str) -> Invitation:
    """The invitation of a personal link; 404 for a token nobody was given."""
    from nastavnik.monitoring.services import token_hash

    if not token or len(token) > 128:
        raise Http404
    invitation = (
        Invitation.objects.filter(token_hash=token_hash(token))
        .select_related("survey__program__organization", "survey__version__questionnaire", "person")
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def survey_invitations(survey: Survey) -> list[Invitation]:
    return list(
        survey.invitations.select_related("person").order_by("person__last_name", "person__first_name", "pk")
    )


# --- Results of one survey ---------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    section: str
    scale: scoring.ScaleSummary | None = None
    choices: scoring.ChoiceSummary | None = None
    yes_no: scoring.YesNoSummary | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        for summary in (self.scale, self.choices, self.yes_no):
            if summary is not None:
                return summary.n
        return len(self.texts)


def _answer_rows(responses) -> tuple[list[dict], dict[int, list[int]]]:
    answers = list(
        Answer.objects.filter(response__in=responses).values(
            "pk", "question_id", "value", "text", "response_id"
        )
    )
    chosen: dict[int, list[int]] = {}
    for answer_id, option_id in Answer.options.through.objects.filter(
        answer__response__in=responses
    ).values_list("answer_id", "option_id"):
        chosen.setdefault(answer_id, []).append(option_id)
    return answers, chosen


def results_of(
    sections: list[Section], answers: list[dict], chosen: dict[int, list[int]]
) -> list[QuestionResult]:
    """Each question's aggregate from plain answer rows (see ``scoring``)."""
    by_question: dict[int, list[dict]] = {}
    for answer in answers:
        by_question.setdefault(answer["question_id"], []).append(answer)
    results = []
    for section in sections:
        for question in section.questions.all():
            rows = by_question.get(question.pk, [])
            result = QuestionResult(question=question, section=section.title)
            if question.kind == QuestionKind.SCALE:
                result.scale = scoring.summarize_scale(r["value"] for r in rows if r["value"] is not None)
            elif question.kind == QuestionKind.YES_NO:
                result.yes_no = scoring.summarize_yes_no(r["value"] for r in rows if r["value"] is not None)
            elif question.kind in CHOICE_KINDS:
                options = [(option.pk, option.text) for option in question.options.all()]
                result.choices = scoring.summarize_choices(options, (chosen.get(r["pk"], []) for r in rows))
            else:
                result.texts = scoring.summarize_texts(r["text"] for r in rows)
            results.append(result)
    return results


def survey_results(survey: Survey) -> list[QuestionResult]:
    """The aggregate of every question of the survey, in a fixed number of queries."""
    sections = questionnaire_questions(survey.version)
    answers, chosen = _answer_rows(Response.objects.filter(survey=survey))
    results = results_of(sections, answers, chosen)
    if survey.is_anonymous:
        # In the order given the texts would follow the order of answering, which the list of who has
        # answered (and when it changed) gives away; alphabetical order tells nothing.
        for result in results:
            result.texts.sort(key=str.casefold)
    return results


def survey_answer_rows(survey: Survey) -> list[dict]:
    """Every response as a row: [{"person": Person or None, "submitted_on": date or None,
    "answers": {question pk: display text, or the number of a 1–10 rating}}]. In an anonymous survey
    the person and the date are left out and the rows are not in the order of answering (the caller
    still checks who may see the rows)."""
    responses = list(
        Response.objects.filter(survey=survey).select_related("person").order_by("person__last_name", "pk")
    )
    answers, chosen = _answer_rows(Response.objects.filter(survey=survey))
    option_text = dict(
        Option.objects.filter(question__section__version=survey.version).values_list("pk", "text")
    )
    kinds: dict[int, str] = {}
    position: dict[int, tuple[int, int, int]] = {}
    for pk, kind, section_position, section_pk, question_position in Question.objects.filter(
        section__version=survey.version
    ).values_list("pk", "kind", "section__position", "section_id", "position"):
        kinds[pk] = kind
        position[pk] = (section_position, section_pk, question_position)
    by_response: dict[int, dict[int, str]] = {}
    for answer in answers:
        kind = kinds.get(answer["question_id"])
        if kind == QuestionKind.YES_NO:
            shown = gettext("да") if answer["value"] else gettext("нет")
        elif kind == QuestionKind.SCALE:
            shown = answer["value"]  # a number, so that a spreadsheet can compute with it
        elif kind in CHOICE_KINDS:
            shown = "; ".join(option_text[pk] for pk in chosen.get(answer["pk"], []))
        else:
            shown = answer["text"]
        by_response.setdefault(answer["response_id"], {})[answer["question_id"]] = shown
    rows = [
        {
            "person": None if survey.is_anonymous else response.person,
            "submitted_on": None if survey.is_anonymous else response.submitted_on,
            "answers": by_response.get(response.pk, {}),
        }
        for response in responses
    ]
    if survey.is_anonymous:
        # Rows in the order of the responses would be in the order of answering: sort them by what they
        # say instead, so that a row's place tells nothing about who gave it.
        order = sorted(kinds, key=lambda pk: (position.get(pk, (0, 0, 0)), pk))

        def sort_key(row):
            values = (row["answers"].get(pk, "") for pk in order)
            return [(0, v, "") if isinstance(v, int) else (1, 0, str(v).casefold()) for v in values]

        rows.sort(key=sort_key)
    return rows


def survey_responses(survey: Survey) -> list[dict]:
    """Who answered what (non-anonymous surveys only; the caller checks ``can_see_individual_answers``)."""
    if survey.is_anonymous:
        return []
    return survey_answer_rows(survey)
