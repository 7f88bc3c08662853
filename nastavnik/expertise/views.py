from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.core.services import audit_record
from nastavnik.expertise import selectors, services
from nastavnik.expertise.exports import results_xlsx
from nastavnik.expertise.forms import (
    AssignmentForm,
    CriterionFormSet,
    ExpertAppointForm,
    RoundCreateForm,
    ScoreForm,
)
from nastavnik.expertise.models import Assignment, Criterion
from nastavnik.kpis.selectors import regions_for_user
from nastavnik.organizations.access import municipalities_for_user
from nastavnik.people.models import Person


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


@login_required
def round_list(request):
    """The organiser's rounds and, for an expert, the programs assigned to them."""
    can_manage = selectors.can_create_rounds(request.user)
    assignments = list(selectors.assignments_for_expert(request.user))
    if not can_manage and not selectors.is_expert(request.user) and not assignments:
        raise Http404
    return render(
        request,
        "expertise/round_list.html",
        {
            "rounds": list(selectors.rounds_for_manager(request.user)) if can_manage else [],
            "can_manage": can_manage,
            "assignments": assignments,
        },
    )


@login_required
def round_create(request):
    if not selectors.can_create_rounds(request.user):
        raise Http404
    form = RoundCreateForm(
        request.POST or None,
        municipalities=list(municipalities_for_user(request.user).order_by("name")),
        regions=list(regions_for_user(request.user)),
    )
    if request.method == "POST" and form.is_valid():
        region, municipality = form.cleaned_data["scope"]
        expertise_round = services.round_create(
            user=request.user,
            region=region,
            municipality=municipality,
            academic_year=form.cleaned_data["academic_year"],
            title=form.cleaned_data["title"],
            deadline=form.cleaned_data["deadline"],
        )
        messages.success(
            request, _("Экспертиза создана с типовой рубрикой. Назначьте экспертов и программы.")
        )
        return redirect("expertise:round-detail", pk=expertise_round.pk)
    return render(request, "expertise/round_create.html", {"form": form})


def _detail_context(request, expertise_round, appoint_form=None, assign_form=None):
    appointed = Person.objects.filter(expertise_rounds__round=expertise_round).order_by(
        "last_name", "first_name"
    )
    candidates = selectors.eligible_experts(expertise_round).exclude(pk__in=appointed.values("pk"))
    assignments = list(
        Assignment.objects.filter(round=expertise_round)
        .select_related("expert", "program__organization")
        .order_by("program__organization__name", "program__title", "expert__last_name")
    )
    return {
        "round": expertise_round,
        "criteria": selectors.criteria_of(expertise_round),
        "experts": list(appointed),
        "assignments": assignments,
        "appoint_form": appoint_form or ExpertAppointForm(people=candidates),
        "assign_form": assign_form
        or AssignmentForm(experts=appointed, programs=selectors.assignable_programs(expertise_round)),
        "has_candidates": candidates.exists(),
    }


@login_required
def round_detail(request, pk: int):
    expertise_round = selectors.get_round_for_manager(request.user, pk)
    return render(request, "expertise/round_detail.html", _detail_context(request, expertise_round))


@login_required
@require_POST
def expert_appoint(request, pk: int):
    expertise_round = selectors.get_round_for_manager(request.user, pk)
    form = ExpertAppointForm(request.POST, people=selectors.eligible_experts(expertise_round))
    if form.is_valid():
        try:
            services.expert_appoint(
                expertise_round=expertise_round, person=form.cleaned_data["person"], user=request.user
            )
        except ValidationError as error:
            form.add_error("person", error)
        else:
            messages.success(request, _("Эксперт назначен."))
            return redirect("expertise:round-detail", pk=pk)
    context = _detail_context(request, expertise_round, appoint_form=form)
    return render(request, "expertise/round_detail.html", context, status=400)


@login_required
@require_POST
def assignment_create(request, pk: int):
    expertise_round = selectors.get_round_for_manager(request.user, pk)
    appointed = Person.objects.filter(expertise_rounds__round=expertise_round)
    form = AssignmentForm(
        request.POST, experts=appointed, programs=selectors.assignable_programs(expertise_round)
    )
    if form.is_valid():
        try:
            services.assignment_create(
                expertise_round=expertise_round,
                expert=form.cleaned_data["expert"],
                program=form.cleaned_data["program"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Программа назначена эксперту."))
            return redirect("expertise:round-detail", pk=pk)
    context = _detail_context(request, expertise_round, assign_form=form)
    return render(request, "expertise/round_detail.html", context, status=400)


@login_required
@require_POST
def assignment_remove(request, pk: int, assignment_pk: int):
    expertise_round = selectors.get_round_for_manager(request.user, pk)
    assignment = Assignment.objects.filter(round=expertise_round, pk=assignment_pk).first()
    if assignment is None:
        raise Http404
    try:
        services.assignment_remove(assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Программа снята с эксперта."))
    return redirect("expertise:round-detail", pk=pk)


@login_required
def criteria_edit(request, pk: int):
    expertise_round = selectors.get_round_for_manager(request.user, pk)
    queryset = Criterion.objects.filter(round=expertise_round).order_by("position", "pk")
    formset = CriterionFormSet(request.POST or None, queryset=queryset, prefix="criteria")
    error_text = []
    if request.method == "POST" and formset.is_valid():
        deleted = [form.instance for form in formset.deleted_forms if form.instance.pk]
        rows = []
        for form in formset.forms:
            if form in formset.deleted_forms or not (form.instance.pk or form.has_changed()):
                continue
            rows.append({"instance": form.instance if form.instance.pk else None, **form.cleaned_data})
        try:
            services.criteria_save(expertise_round=expertise_round, rows=rows, deleted=deleted)
        except ValidationError as error:
            error_text = _messages_of(error)
        else:
            messages.success(request, _("Рубрика сохранена."))
            return redirect("expertise:round-detail", pk=pk)
    return render(
        request,
        "expertise/criteria_edit.html",
        {"round": expertise_round, "formset": formset, "error_text": error_text},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def round_results(request, pk: int):
    expertise_round = selectors.get_round_for_manager(request.user, pk)
    results = selectors.round_results(expertise_round)
    return render(request, "expertise/round_results.html", {"round": expertise_round, "results": results})


@login_required
def round_results_export(request, pk: int):
    expertise_round = selectors.get_round_for_manager(request.user, pk)
    data = results_xlsx(expertise_round, selectors.round_results(expertise_round))
    audit_record(user=request.user, action="export", obj=expertise_round, description="результаты экспертизы")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="expertise-{expertise_round.pk}.xlsx"'
    return response


@login_required
@require_POST
def publication_toggle(request, pk: int, program_pk: int):
    expertise_round = selectors.get_round_for_manager(request.user, pk)
    assignment = (
        Assignment.objects.filter(round=expertise_round, program_id=program_pk)
        .select_related("program")
        .first()
    )
    if assignment is None:
        raise Http404
    publish = request.POST.get("publish") == "1"
    try:
        services.publication_mark(
            expertise_round=expertise_round, program=assignment.program, publish=publish, user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if publish:
            message = _("Программа «%(p)s» рекомендована к публикации.") % {"p": assignment.program.title}
        else:
            message = _("Рекомендация к публикации снята.")
        messages.success(request, message)
    return redirect("expertise:round-results", pk=pk)


@login_required
def assignment_score(request, pk: int):
    """The expert scores one assigned program: a draft to come back to, or the final submission."""
    assignment = selectors.get_assignment_for_expert(request.user, pk)
    criteria = selectors.criteria_of(assignment.round)
    existing = selectors.scores_of(assignment)
    initial = {"comment": assignment.comment}
    for criterion in criteria:
        score = existing.get(criterion.pk)
        if score is not None:
            initial[f"score_{criterion.pk}"] = score.value
            initial[f"comment_{criterion.pk}"] = score.comment
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and not assignment.is_submitted and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            services.assignment_score_save(
                assignment=assignment,
                values=form.values(),
                comments=form.comments(),
                comment=form.cleaned_data["comment"],
                submit=submit,
                user=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for key, errors in error.error_dict.items():
                    field = f"score_{key}" if key.isdigit() else None
                    form.add_error(field, errors)
            else:
                form.add_error(None, error)
        else:
            if submit:
                messages.success(request, _("Оценка отправлена. Спасибо!"))
                return redirect("expertise:round-list")
            messages.success(request, _("Черновик сохранён. Вернитесь к нему до срока экспертизы."))
            return redirect("expertise:assignment-score", pk=pk)
    return render(
        request,
        "expertise/assignment_score.html",
        {
            "assignment": assignment,
            "program": assignment.program,
            "facts": selectors.program_facts(assignment.program),
            "form": form,
            "scores": [(criterion, existing.get(criterion.pk)) for criterion in criteria],
        },
        status=400 if request.method == "POST" else 200,
    )
