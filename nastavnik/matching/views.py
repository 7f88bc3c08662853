from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.core.services import audit_record
from nastavnik.documents import generation
from nastavnik.matching import selectors, services
from nastavnik.matching.forms import (
    AcceptForm,
    DecisionForm,
    MatchingSettingsForm,
    MenteeChoicesForm,
    MunicipalRunForm,
)
from nastavnik.matching.model import WEIGHT_LABELS
from nastavnik.matching.models import MatchingDecision, MatchingRun, MatchingSettings


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _settings_page_context(settings, form):
    return {"settings_form": form, "weight_labels": WEIGHT_LABELS}


@login_required
def program_matching(request, pk: int):
    """The program's «Подбор пар»: settings with weights, a button to run, the history of runs, the
    program-wide pins and bans, and the mentees' chosen mentors."""
    program = selectors.get_program_for_matching(request.user, pk)
    settings = services.settings_for_program(program)
    form = MatchingSettingsForm(request.POST or None, settings=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.matching_settings_save(
                settings=settings, weights=form.weights(), user=request.user, **form.rules()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Параметры подбора сохранены."))
            return redirect("matching:program", pk=program.pk)
    audit_record(user=request.user, action="view", obj=program, description="подбор пар: база наставляемых")
    return render(
        request,
        "matching/program_matching.html",
        {
            "program": program,
            "settings_saved": settings.pk is not None,
            "runs": list(selectors.program_runs(program)[:50]),
            "decisions": list(selectors.program_decisions(program).order_by("kind", "pk")),
            "mentees": selectors.mentees_with_choices(program),
            **_settings_page_context(settings, form),
        },
    )


@login_required
@require_POST
def program_run(request, pk: int):
    program = selectors.get_program_for_matching(request.user, pk)
    try:
        run = services.matching_run(program=program, user=request.user)
    except ValidationError as error:
        messages.error(request, _("Подбор не выполнен: %(error)s") % {"error": _error_text(error)})
        return redirect("matching:program", pk=program.pk)
    messages.success(request, _("Подбор выполнен: черновик готов к просмотру."))
    return redirect(run)


@login_required
@require_POST
def program_decision_remove(request, pk: int, decision_pk: int):
    """Lift a pin or ban kept for every run of the program, without needing a draft to do it from."""
    program = selectors.get_program_for_matching(request.user, pk)
    decision = selectors.program_decisions(program).filter(pk=decision_pk).first()
    if decision is None:
        raise Http404
    services.matching_decision_remove(decision=decision, user=request.user)
    messages.success(request, _("Решение снято: следующие подборы его не учитывают."))
    return redirect("matching:program", pk=program.pk)


@login_required
def municipal_matching(request):
    """The coordinator's matching across several organisations of a municipality."""
    municipalities = list(selectors.municipalities_for_matching(request.user))
    if not municipalities:
        raise Http404
    chosen = request.GET.get("municipality") or request.POST.get("municipality")
    municipality = next((m for m in municipalities if str(m.pk) == chosen), municipalities[0])
    settings = services.settings_for_municipality(municipality)
    organizations = selectors.organizations_of(municipality)
    years = selectors.academic_years_of(municipality)
    action = request.POST.get("action")
    settings_form = MatchingSettingsForm(
        request.POST if action == "settings" else None, settings=settings, prefix="s"
    )
    run_form = MunicipalRunForm(
        request.POST if action == "run" else None, organizations=organizations, academic_years=years
    )
    if action == "settings" and settings_form.is_valid():
        try:
            services.matching_settings_save(
                settings=settings, weights=settings_form.weights(), user=request.user, **settings_form.rules()
            )
        except ValidationError as error:
            settings_form.add_error(None, error)
        else:
            messages.success(request, _("Параметры подбора сохранены."))
            return redirect(f"{request.path}?municipality={municipality.pk}")
    if action == "run" and run_form.is_valid():
        try:
            run = services.matching_run(
                municipality=municipality,
                organizations=list(run_form.cleaned_data["organizations"]),
                academic_year=run_form.cleaned_data["academic_year"],
                user=request.user,
            )
        except ValidationError as error:
            run_form.add_error(None, error)
        else:
            messages.success(request, _("Подбор выполнен: черновик готов к просмотру."))
            return redirect(run)
    return render(
        request,
        "matching/municipal_matching.html",
        {
            "municipalities": municipalities,
            "municipality": municipality,
            "run_form": run_form,
            "runs": list(selectors.municipal_runs(municipality)[:50]),
            **_settings_page_context(settings, settings_form),
        },
    )


def _back(run: MatchingRun) -> str:
    if run.program_id:
        return reverse("matching:program", args=[run.program_id])
    return reverse("matching:municipal") + f"?municipality={run.municipality_id}"


def _rules_shown(rules: dict) -> list[tuple[str, str]]:
    """The rules a run was computed with, labelled as on the settings form."""
    shown = []
    for name, value in rules.items():
        try:
            label = MatchingSettings._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            continue
        shown.append((label, (_("да") if value else _("нет")) if isinstance(value, bool) else str(value)))
    return shown


@login_required
def run_detail(request, pk: int):
    run = selectors.get_run_for_user(request.user, pk)
    review = selectors.run_review(run, page=request.GET.get("page"), unmatched_page=request.GET.get("upage"))
    audit_record(user=request.user, action="view", obj=run, description="черновик подбора пар")
    return render(
        request,
        "matching/run_detail.html",
        {
            "run": run,
            "review": review,
            "back": _back(run),
            "weights": [
                (WEIGHT_LABELS[name], value) for name, value in run.weights.items() if name in WEIGHT_LABELS
            ],
            "rules": _rules_shown(run.rules),
            "accept_form": AcceptForm(),
        },
    )


@login_required
@require_POST
def run_decide(request, pk: int):
    """Pin, ban or swap (move a mentee to another mentor, kept as a pin) — plain POST forms."""
    run = selectors.get_run_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Решение не записано: выберите наставляемого и наставника."))
        return redirect(run)
    data = form.cleaned_data
    try:
        if data["kind"] == "swap":
            services.matching_swap(
                run=run,
                mentee_id=data["mentee"],
                mentor_id=data["mentor"],
                reason=data["reason"],
                user=request.user,
            )
        else:
            services.matching_decision_add(
                run=run,
                kind=data["kind"],
                mentee_id=data["mentee"],
                mentor_id=data["mentor"],
                reason=data["reason"],
                for_program=data["for_program"] and run.program_id is not None,
                user=request.user,
            )
    except ValidationError as error:
        messages.error(request, _("Решение не записано: %(error)s") % {"error": _error_text(error)})
    else:
        messages.success(
            request,
            {
                "pin": _("Пара закреплена. Запустите подбор заново, чтобы учесть решение."),
                "ban": _("Пара запрещена. Запустите подбор заново, чтобы учесть решение."),
                "swap": _(
                    "Наставляемый переставлен (закреплён за выбранным наставником). Запустите подбор заново."
                ),
            }[data["kind"]],
        )
    return redirect(run)


@login_required
@require_POST
def decision_remove(request, pk: int, decision_pk: int):
    run = selectors.get_run_for_user(request.user, pk)
    decision = MatchingDecision.objects.filter(pk=decision_pk).first()
    allowed = decision is not None and (
        decision.run_id == run.pk
        or (
            decision.program_id is not None
            and services.run_programs(run).filter(pk=decision.program_id).exists()
        )
    )
    if not allowed:
        raise Http404
    try:
        services.matching_decision_remove(decision=decision, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Решение снято."))
    return redirect(run)


@login_required
@require_POST
def run_rerun(request, pk: int):
    run = selectors.get_run_for_user(request.user, pk)
    try:
        new = services.matching_rerun(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, _("Подбор не выполнен: %(error)s") % {"error": _error_text(error)})
        return redirect(run)
    messages.success(request, _("Подбор выполнен заново с учётом закреплённых и запрещённых пар."))
    return redirect(new)


@login_required
@require_POST
def run_discard(request, pk: int):
    run = selectors.get_run_for_user(request.user, pk)
    try:
        services.matching_discard(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Черновик отклонён."))
    return redirect(_back(run))


@login_required
@require_POST
def run_accept(request, pk: int):
    run = selectors.get_run_for_user(request.user, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Пары не созданы: укажите дату начала работы пар (и дату приказа, если есть).")
        )
        return redirect(run)
    try:
        pairs = services.matching_accept(run=run, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _("Пары не созданы: %(error)s") % {"error": _error_text(error)})
        return redirect(run)
    messages.success(request, _("Созданы пары и группы: %(count)s.") % {"count": len(pairs)})
    return redirect(run)


@login_required
def run_order(request, pk: int):
    """The DOCX order «О закреплении наставнических пар (групп)» of an accepted run."""
    run = selectors.get_run_for_user(request.user, pk)
    if run.status != MatchingRun.Status.ACCEPTED:
        raise Http404
    owner = run.program.organization if run.program_id else run.municipality
    curators = ""
    if run.program_id:
        curators = ", ".join(p.short_name for p in run.program.curators.order_by("last_name"))
    context = generation.pairs_order_context(
        owner,
        list(selectors.accepted_pairs(run)),
        program_title=run.program.title if run.program_id else _("программы наставничества организаций"),
        academic_year=run.academic_year,
        started_on=run.started_on,
        order_number=run.order_number,
        order_date=run.order_date,
        curator=curators,
    )
    try:
        content = generation.generate(
            generation.PAIRS_ORDER, municipality_id=run.municipality_id, context=context
        )
    except generation.TemplateProblem as problem:
        messages.error(request, problem.message)
        return redirect(run)
    audit_record(user=request.user, action="export", obj=run, description="приказ о закреплении пар")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="pairs-order-{run.pk}.docx"'
    return response


@login_required
def mentee_choices(request, pk: int):
    """The curator records which mentors a mentee would like (the preference questionnaire)."""
    mentee = selectors.get_mentee_for_choices(request.user, pk)
    current = [c.mentor for c in mentee.mentor_choices.select_related("mentor").order_by("rank")]
    form = MenteeChoicesForm(
        request.POST or None,
        mentors=selectors.mentors_of(mentee.program, form_id=mentee.form_id),
        current=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_choices_save(mentee=mentee, mentors=form.mentors(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Выбор наставников сохранён."))
            return redirect("matching:program", pk=mentee.program_id)
    audit_record(user=request.user, action="view", obj=mentee, description="выбор наставников")
    return render(request, "matching/mentee_choices.html", {"form": form, "mentee": mentee})


@login_required
def my_choices(request):
    """The mentee chooses up to three mentors in each program they are a mentee of (the cabinet)."""
    rows = selectors.own_mentee_rows(request.user)
    forms = []
    for row in rows:
        current = [c.mentor for c in row.choices]
        posted = request.method == "POST" and request.POST.get("mentee") == str(row.pk)
        form = MenteeChoicesForm(
            request.POST if posted else None,
            mentors=selectors.mentors_of(row.program, form_id=row.form_id),
            current=current,
            prefix=f"m{row.pk}",
        )
        if posted and form.is_valid():
            mentee = selectors.get_own_mentee(request.user, row.pk)
            try:
                services.mentee_choices_save(mentee=mentee, mentors=form.mentors(), user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Ваш выбор наставников сохранён."))
                return redirect("matching:my-choices")
        forms.append((row, form, list(form.fields["choice_1"].queryset)))
    if request.method == "POST" and not any(str(row.pk) == request.POST.get("mentee") for row in rows):
        raise Http404
    return render(request, "matching/my_choices.html", {"forms": forms})
