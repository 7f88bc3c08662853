from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from nastavnik.core.services import audit_record
from nastavnik.monitoring import analysis, charts, exports, selectors, services
from nastavnik.monitoring.forms import (
    DeadlineForm,
    MunicipalFilterForm,
    QuestionForm,
    QuestionnaireForm,
    ResponseForm,
    SectionForm,
    SurveyCreateForm,
)
from nastavnik.monitoring.models import Question, QuestionKind, Section
from nastavnik.organizations.access import municipalities_for_user, user_scope
from nastavnik.programs.selectors import get_program_for_user, programs_for_user


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _require_staff(user) -> None:
    if not selectors._is_staff(user):
        raise Http404


# --- Questionnaires -----------------------------------------------------------------------------------------


@login_required
def questionnaire_list(request):
    _require_staff(request.user)
    questionnaires = list(
        selectors.questionnaires_for_user(request.user).order_by("municipality_id", "purpose", "title")
    )
    return render(
        request,
        "monitoring/questionnaire_list.html",
        {
            "builtin": [q for q in questionnaires if q.is_builtin],
            "own": [q for q in questionnaires if not q.is_builtin],
            "can_create": municipalities_for_user(request.user).exists(),
        },
    )


@login_required
def questionnaire_create(request):
    municipalities = municipalities_for_user(request.user)
    if not municipalities.exists():
        raise Http404
    form = QuestionnaireForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questionnaire = services.questionnaire_create(
            municipality=data["municipality"],
            title=data["title"],
            purpose=data["purpose"],
            form=data["form"],
            description=data["description"],
        )
        messages.success(request, _("Анкета создана. Добавьте вопросы."))
        return redirect(questionnaire)
    return render(request, "monitoring/questionnaire_form.html", {"form": form, "questionnaire": None})


@login_required
def questionnaire_detail(request, pk: int):
    questionnaire = selectors.get_questionnaire_for_user(request.user, pk)
    version = services.current_version(questionnaire)
    can_edit = selectors.can_edit_questionnaire(request.user, questionnaire)
    return render(
        request,
        "monitoring/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "version": version,
            "versions": list(questionnaire.versions.order_by("-number")),
            "frozen": services.version_is_frozen(version),
            "sections": selectors.questionnaire_questions(version),
            "can_edit": can_edit,
            "can_copy": municipalities_for_user(request.user).exists(),
        },
    )


@login_required
def questionnaire_settings(request, pk: int):
    questionnaire = selectors.get_questionnaire_for_user(request.user, pk, write=True)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.questionnaire_update(
            questionnaire=questionnaire,
            title=data["title"],
            purpose=data["purpose"],
            form=data["form"],
            description=data["description"],
            is_archived=data["is_archived"],
        )
        messages.success(request, _("Анкета сохранена."))
        return redirect(questionnaire)
    return render(
        request, "monitoring/questionnaire_form.html", {"form": form, "questionnaire": questionnaire}
    )


@login_required
@require_POST
def questionnaire_copy(request, pk: int):
    questionnaire = selectors.get_questionnaire_for_user(request.user, pk)
    municipality = municipalities_for_user(request.user).order_by("name").first()
    if municipality is None:
        raise Http404
    copy = services.questionnaire_copy(questionnaire=questionnaire, municipality=municipality)
    messages.success(
        request, _("Создана копия анкеты для муниципалитета «%(name)s».") % {"name": municipality}
    )
    return redirect(copy)


def _version_sections(questionnaire):
    return list(
        Section.objects.filter(version=services.current_version(questionnaire)).order_by("position", "pk")
    )


def _question_of(questionnaire, question_pk: int) -> Question:
    question = (
        Question.objects.filter(pk=question_pk, section__version=services.current_version(questionnaire))
        .select_related("section")
        .prefetch_related("options")
        .first()
    )
    if question is None:
        raise Http404
    return question


def _section_of(questionnaire, section_pk: int) -> Section:
    section = Section.objects.filter(pk=section_pk, version=services.current_version(questionnaire)).first()
    if section is None:
        raise Http404
    return section


@login_required
def section_edit(request, pk: int, section_pk: int | None = None):
    questionnaire = selectors.get_questionnaire_for_user(request.user, pk, write=True)
    section = _section_of(questionnaire, section_pk) if section_pk else None
    form = SectionForm(request.POST or None, initial={"title": section.title} if section else None)
    if request.method == "POST" and form.is_valid():
        services.section_save(questionnaire=questionnaire, title=form.cleaned_data["title"], section=section)
        messages.success(request, _("Раздел сохранён.") if section else _("Раздел добавлен."))
        return redirect(questionnaire)
    return render(
        request,
        "monitoring/section_form.html",
        {"form": form, "questionnaire": questionnaire, "section": section},
    )


@login_required
@require_POST
def section_delete(request, pk: int, section_pk: int):
    questionnaire = selectors.get_questionnaire_for_user(request.user, pk, write=True)
    section = _section_of(questionnaire, section_pk)
    try:
        services.section_delete(questionnaire=questionnaire, section=section)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Раздел удалён вместе с его вопросами."))
    return redirect(questionnaire)


@login_required
def question_edit(request, pk: int, question_pk: int | None = None):
    questionnaire = selectors.get_questionnaire_for_user(request.user, pk, write=True)
    question = _question_of(questionnaire, question_pk) if question_pk else None
    sections = _version_sections(questionnaire)
    initial = (
        QuestionForm.initial_for(question) if question else {"kind": QuestionKind.SCALE, "required": True}
    )
    form = QuestionForm(request.POST or None, initial=initial, sections=sections)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_save(
                questionnaire=questionnaire,
                question=question,
                section=data["section_obj"],
                key=data["key"],
                text=data["text"],
                kind=data["kind"],
                help_text=data["help_text"],
                required=data["required"],
                is_satisfaction=data["is_satisfaction"],
                asks_personal_data=data["asks_personal_data"],
                options=data["option_list"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Вопрос сохранён."))
            return redirect(questionnaire)
    return render(
        request,
        "monitoring/question_form.html",
        {"form": form, "questionnaire": questionnaire, "question": question},
    )


@login_required
@require_POST
def question_move(request, pk: int, question_pk: int):
    questionnaire = selectors.get_questionnaire_for_user(request.user, pk, write=True)
    question = _question_of(questionnaire, question_pk)
    services.question_move(
        questionnaire=questionnaire, question=question, up=request.POST.get("direction") == "up"
    )
    return redirect(questionnaire)


@login_required
@require_POST
def question_delete(request, pk: int, question_pk: int):
    questionnaire = selectors.get_questionnaire_for_user(request.user, pk, write=True)
    question = _question_of(questionnaire, question_pk)
    services.question_delete(questionnaire=questionnaire, question=question)
    messages.success(request, _("Вопрос удалён."))
    return redirect(questionnaire)


# --- Surveys ------------------------------------------------------------------------------------------------


#: A municipality's surveys pile up year after year: the list is paged.
SURVEYS_PER_PAGE = 50


@login_required
def survey_list(request):
    _require_staff(request.user)
    programs = programs_for_user(request.user).order_by("organization__name", "-academic_year", "title")
    return render(
        request,
        "monitoring/survey_list.html",
        {
            "surveys": Paginator(selectors.surveys_for_user(request.user), SURVEYS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "programs": list(programs),
            "district": user_scope(request.user).is_district_staff,
        },
    )


@login_required
def survey_create(request, program_pk: int):
    program = get_program_for_user(request.user, program_pk, write=True)
    questionnaires = (
        selectors.questionnaires_for_user(request.user)
        .filter(is_archived=False)
        .filter(Q(municipality__isnull=True) | Q(municipality_id=program.organization.municipality_id))
        .order_by("purpose", "title")
    )
    form = SurveyCreateForm(request.POST or None, questionnaires=questionnaires)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(program=program, user=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Опрос создан: приглашений — %(count)s. Раздайте личные ссылки или дождитесь напоминаний по почте."
                )
                % {"count": survey.invitations.count()},
            )
            return redirect(survey)
    return render(request, "monitoring/survey_create.html", {"form": form, "program": program})


def _result_charts(results):
    """A chart per question with numbers (scales: the distribution; choices: counts; yes/no: both)."""
    for index, result in enumerate(results):
        chart_id = f"chart-{index}"
        if result.scale is not None and result.scale.n:
            rows = [(str(v), count) for v, count in zip(range(1, 11), result.scale.distribution, strict=True)]
            result.chart = charts.bar_chart(
                id=chart_id,
                title=result.question.text,
                description=_("Сколько участников поставили каждую оценку от 1 до 10"),
                rows=rows,
                digits=0,
            )
        elif result.choices is not None and result.choices.n:
            result.chart = charts.bar_chart(
                id=chart_id,
                title=result.question.text,
                description=_("Сколько участников выбрали каждый вариант"),
                rows=[(line.text, line.count) for line in result.choices.lines],
                digits=0,
            )
        elif result.yes_no is not None and result.yes_no.n:
            result.chart = charts.bar_chart(
                id=chart_id,
                title=result.question.text,
                description=_("Ответы «да» и «нет»"),
                rows=[(_("да"), result.yes_no.yes), (_("нет"), result.yes_no.no)],
                digits=0,
            )
        else:
            result.chart = None
    return results


@login_required
def survey_detail(request, pk: int):
    survey = selectors.get_survey_for_user(request.user, pk)
    show_people = selectors.can_see_participants(request.user, survey.program)
    # With one or two answers an anonymous survey's results would give away who said what.
    hide_results = survey.is_anonymous and survey.answered < selectors.ANONYMOUS_MIN_RESPONSES
    results = [] if hide_results else _result_charts(selectors.survey_results(survey))
    invitations = selectors.survey_invitations(survey) if show_people else []
    if show_people:
        audit_record(user=request.user, action="view", obj=survey, description="кто ответил на опрос")
    can_manage = programs_for_user(request.user, write=True).filter(pk=survey.program_id).exists()
    return render(
        request,
        "monitoring/survey_detail.html",
        {
            "survey": survey,
            "results": results,
            "hide_results": hide_results,
            "satisfaction": None
            if hide_results
            else selectors.satisfaction_total(
                selectors._satisfaction_answers().filter(response__survey=survey)
            ),
            "min_responses": selectors.ANONYMOUS_MIN_RESPONSES,
            "invitations": invitations,
            "show_people": show_people,
            "can_manage": can_manage,
            "survey_open": survey.deadline >= timezone.localdate(),
            "deadline_form": DeadlineForm(initial={"deadline": survey.deadline}) if can_manage else None,
            "can_see_answers": selectors.can_see_individual_answers(request.user, survey),
            "percent_answered": round(survey.answered / survey.invited * 100) if survey.invited else 0,
        },
    )


@login_required
@require_POST
def survey_invite_newcomers(request, pk: int):
    """Invite those who joined the surveyed group after the survey was sent."""
    survey = selectors.get_survey_for_user(request.user, pk, write=True)
    try:
        invited = services.survey_invite_newcomers(survey=survey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if invited:
            messages.success(
                request,
                _("Приглашены новые участники: %(count)s. Их личные ссылки — на странице ссылок.")
                % {"count": len(invited)},
            )
        else:
            messages.info(request, _("Новых участников нет: приглашены все, кого опрашиваем."))
    return redirect(survey)


@login_required
@require_POST
def survey_deadline(request, pk: int):
    """Move the survey's deadline (from its page: a plain POST and a redirect back)."""
    survey = selectors.get_survey_for_user(request.user, pk, write=True)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        try:
            services.survey_deadline_change(survey=survey, deadline=form.cleaned_data["deadline"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Срок ответа теперь — %(date)s.") % {"date": survey.deadline.strftime("%d.%m.%Y")},
            )
    else:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    return redirect(survey)


@never_cache
@login_required
def survey_links(request, pk: int):
    """The personal links, for the curator to hand out (printed or in a messenger) to those without e-mail."""
    survey = selectors.get_survey_for_user(request.user, pk, write=True)
    if not selectors.can_see_participants(request.user, survey.program):
        raise Http404
    invitations = selectors.survey_invitations(survey)
    for invitation in invitations:
        invitation.link = services.invitation_link(invitation)
    audit_record(user=request.user, action="view", obj=survey, description="личные ссылки на анкету")
    return render(request, "monitoring/survey_links.html", {"survey": survey, "invitations": invitations})


@login_required
def survey_responses(request, pk: int):
    survey = selectors.get_survey_for_user(request.user, pk)
    if not selectors.can_see_individual_answers(request.user, survey):
        raise Http404
    sections = selectors.questionnaire_questions(survey.version)
    questions = [question for section in sections for question in section.questions.all()]
    responses = selectors.survey_responses(survey)
    for response in responses:
        response["cells"] = [response["answers"].get(question.pk, "") for question in questions]
    audit_record(user=request.user, action="view", obj=survey, description="ответы участников на анкету")
    return render(
        request,
        "monitoring/survey_responses.html",
        {"survey": survey, "questions": questions, "responses": responses},
    )


@login_required
def survey_export(request, pk: int):
    """The answers as XLSX, for the school's curator and head; an anonymous survey without names or dates,
    and only once it has enough answers."""
    survey = selectors.get_survey_for_user(request.user, pk)
    if not selectors.can_see_participants(request.user, survey.program):
        raise Http404
    if survey.is_anonymous and survey.answered < selectors.ANONYMOUS_MIN_RESPONSES:
        raise Http404
    data = exports.survey_xlsx(survey)
    audit_record(user=request.user, action="export", obj=survey, description="ответы на анкету (XLSX)")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
    return response


# --- Answering ----------------------------------------------------------------------------------------------


@login_required
def my_surveys(request):
    return render(
        request,
        "monitoring/my_surveys.html",
        {"invitations": selectors.my_invitations(request.user), "today": timezone.localdate()},
    )


def _answer(request, invitation, *, done_url: str, action: str):
    survey = invitation.survey
    if invitation.is_used:
        return render(
            request, "monitoring/answer_closed.html", {"survey": survey, "reason": "used"}, status=410
        )
    if survey.deadline < timezone.localdate():
        return render(
            request, "monitoring/answer_closed.html", {"survey": survey, "reason": "late"}, status=410
        )
    questions = services.questions_to_ask(invitation)
    form = ResponseForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(invitation=invitation, values=form.values())
        except services.AlreadyAnswered:
            return render(
                request, "monitoring/answer_closed.html", {"survey": survey, "reason": "used"}, status=410
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(f"q{name}" if f"q{name}" in form.fields else None, errors)
        else:
            messages.success(request, _("Спасибо! Ваши ответы сохранены."))
            return redirect(done_url)
    return render(
        request,
        "monitoring/answer_form.html",
        {"survey": survey, "form": form, "action": action, "questionnaire": survey.version.questionnaire},
    )


# The answer pages are never cached: on a shared school computer «Back» must not bring the previous
# pupil's filled-in form (or its personal link) back from the browser's cache.
@never_cache
@login_required
def answer_in_cabinet(request, pk: int):
    invitation = selectors.get_own_invitation(request.user, pk)
    return _answer(request, invitation, done_url="monitoring:my-surveys", action=request.path)


@never_cache
def answer_by_link(request, token: str):
    """The personal one-time link: works without logging in, once."""
    invitation = selectors.get_invitation_by_token(token)
    return _answer(request, invitation, done_url="monitoring:answer-thanks", action=request.path)


def answer_thanks(request):
    return render(request, "monitoring/answer_thanks.html")


# --- Monitoring pages ---------------------------------------------------------------------------------------


def _growth_chart(chart_id, title, summaries, labels):
    return charts.bar_chart(
        id=chart_id,
        title=title,
        description=_("Средняя оценка пункта на входе и по завершении, по шкале от 1 до 10"),
        rows=[
            row
            for summary in summaries
            for row in (
                (f"{labels.get(summary.key, summary.key)} — {_('на входе')}", summary.mean_before),
                (f"{labels.get(summary.key, summary.key)} — {_('по завершении')}", summary.mean_after),
            )
        ],
        max_value=10,
    )


@login_required
def program_monitoring(request, pk: int):
    program = get_program_for_user(request.user, pk)
    with_people = selectors.can_see_participants(request.user, program)
    data = analysis.program_monitoring(program, with_people=with_people)
    if with_people and data.growth.lines:
        audit_record(user=request.user, action="view", obj=program, description="рост участников по анкетам")
    process = data.process
    process_chart = charts.bar_chart(
        id="process-chart",
        title=_("Показатели процесса, %"),
        description=_("Доля завершённых пар и индекс удовлетворённости программы"),
        rows=[
            (_("Доля завершённых пар"), process.completed_share),
            (_("Удовлетворённость"), process.satisfaction),
        ],
        max_value=100,
        unit=" %",
    )
    surveys = list(selectors._with_progress(program.surveys.all()).order_by("-created_at", "-pk"))
    return render(
        request,
        "monitoring/program_monitoring.html",
        {
            "program": program,
            "data": data,
            "process_chart": process_chart,
            "growth_chart": _growth_chart(
                "growth-chart", _("Рост участников по пунктам"), data.growth_items, data.growth.labels
            ),
            "labels": data.growth.labels,
            "with_people": with_people,
            "person_lines": [
                {
                    "person": data.people.get(line.participant[1]),
                    "label": data.growth.labels.get(line.key, line.key),
                    "line": line,
                }
                for line in data.growth.lines
            ]
            if with_people
            else [],
            "surveys": surveys,
            "can_manage": programs_for_user(request.user, write=True).filter(pk=program.pk).exists(),
        },
    )


@login_required
def municipal_monitoring(request):
    if not user_scope(request.user).is_district_staff:
        raise Http404
    base = analysis.municipal_monitoring(request.user)
    form = MunicipalFilterForm(
        request.GET or None,
        years=base.academic_years,
        organizations=base.organization_choices,
        mentoring_forms=base.form_choices,
    )
    data = base
    if form.is_bound and form.is_valid():
        data = analysis.municipal_monitoring(
            request.user,
            academic_year=form.cleaned_data["academic_year"] or "",
            organization_id=form.cleaned_data["organization"],
            form_id=form.cleaned_data["form"],
        )
    satisfaction_chart = charts.bar_chart(
        id="satisfaction-chart",
        title=_("Индекс удовлетворённости по организациям, %"),
        description=_("Средняя удовлетворённость участников по анкетам, от 0 до 100 %"),
        rows=[(row.organization, row.process.satisfaction) for row in data.rows],
        max_value=100,
        unit=" %",
    )
    return render(
        request,
        "monitoring/municipal_monitoring.html",
        {
            "form": form,
            "data": data,
            "satisfaction_chart": satisfaction_chart,
            "growth_chart": _growth_chart(
                "growth-chart", _("Рост участников по пунктам"), data.growth_items, data.labels
            ),
        },
    )
