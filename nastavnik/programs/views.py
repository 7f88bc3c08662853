from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.core.selectors import get_pending_import_for_user
from nastavnik.core.services import audit_record, pending_import_create, pending_import_discard
from nastavnik.organizations.access import organizations_for_user
from nastavnik.organizations.models import Organization
from nastavnik.programs import selectors, services
from nastavnik.programs.bases import (
    BASE_TITLES,
    base_import_commit,
    base_import_preview,
    base_xlsx,
    municipal_bases_xlsx,
)
from nastavnik.programs.exports import municipal_overview_xlsx, overview_headers
from nastavnik.programs.forms import (
    PROGRESS_CHOICES,
    BaseUploadForm,
    ChecklistItemForm,
    ConsentForm,
    MeetingForm,
    MentoringFormForm,
    MunicipalOverviewFilterForm,
    NormativeDocumentForm,
    PairCompleteForm,
    PairCreateForm,
    PairFeedbackForm,
    PairSearchForm,
    PairStatusForm,
    ParticipantForm,
    PlanItemForm,
    PlanProgressForm,
    ProgramCreateForm,
    ProgramSettingsForm,
    RoleModelVariantForm,
)
from nastavnik.programs.models import MentoringForm, NormativeDocument, ProgramParticipant, RoleModelVariant
from nastavnik.programs.services import tag_normalize

Role = ProgramParticipant.Role
#: URL slug of a base -> the role of its people.
BASES = {"mentees": Role.MENTEE, "mentors": Role.MENTOR}
IMPORT_KINDS = {Role.MENTEE: "program-mentees", Role.MENTOR: "program-mentors"}


def _role(base: str) -> str:
    if base not in BASES:
        raise Http404
    return BASES[base]


@login_required
def program_list(request):
    programs = list(selectors.programs_for_user(request.user))
    return render(
        request,
        "programs/program_list.html",
        {"programs": programs, "can_create": _creatable_organizations(request.user).exists()},
    )


def _creatable_organizations(user):
    """Organisations the user may start a program in: those they edit, partners aside."""
    return (
        organizations_for_user(user, write=True)
        .exclude(kind=Organization.Kind.PARTNER)
        .select_related("municipality")
        .order_by("name")
    )


@login_required
def program_create(request):
    organizations = _creatable_organizations(request.user)
    if not organizations.exists():
        raise Http404
    form = ProgramCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            program = services.program_create(forms=data.pop("mentoring_forms"), user=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Программа создана. Загрузите базы наставляемых и наставников."))
            return redirect("programs:program-detail", pk=program.pk)
    return render(request, "programs/program_create.html", {"form": form})


@login_required
def program_detail(request, pk: int):
    program = selectors.get_program_for_user(request.user, pk)
    can_edit = selectors.programs_for_user(request.user, write=True).filter(pk=program.pk).exists()
    stages = selectors.program_stages(program)
    if not any(stage.items for stage in stages):
        # A program created before the stage checklists existed gets them on first view.
        services.program_checklist_ensure(program)
        stages = selectors.program_stages(program)
    # The page shows the start of each base and of the pairs; the full lists have pages of their own.
    mentees = list(selectors.base_rows(program, Role.MENTEE)[:PREVIEW_ROWS])
    mentors = list(selectors.base_rows(program, Role.MENTOR)[:PREVIEW_ROWS])
    counts = selectors.base_counts(program)
    pairs = selectors.pairs_of_program(program)
    audit_record(user=request.user, action="view", obj=program, description="базы наставляемых и наставников")
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "stages": stages,
            "current_stage": stages[program.stage_number - 1],
            "curators": list(program.curators.order_by("last_name", "first_name")),
            "program_forms": list(program.forms.order_by("name")),
            "bases": [
                ("mentees", BASE_TITLES[Role.MENTEE], mentees, counts["mentees"]),
                ("mentors", BASE_TITLES[Role.MENTOR], mentors, counts["mentors"]),
            ],
            "can_edit": can_edit,
            "show_special_needs": selectors.can_see_special_needs(request.user, program),
            "missing_consents": counts["without_consent"],
            "pairs": list(pairs[:PREVIEW_ROWS]),
            "pairs_total": pairs.count(),
        },
    )


#: Rows of each base and of the pairs shown on the program page itself.
PREVIEW_ROWS = 20


def _page(request, queryset):
    return Paginator(queryset, selectors.PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def base_list(request, pk: int, base: str):
    """One base, a page at a time, optionally only the people with one tag."""
    role = _role(base)
    program = selectors.get_program_for_user(request.user, pk)
    can_edit = selectors.programs_for_user(request.user, write=True).filter(pk=program.pk).exists()
    tag = tag_normalize(request.GET.get("tag", ""))
    page = _page(request, selectors.base_rows(program, role, tag=tag))
    audit_record(user=request.user, action="view", obj=program, description=BASE_TITLES[role])
    query = f"tag={quote(tag)}&" if tag else ""
    return render(
        request,
        "programs/base_list.html",
        {
            "program": program,
            "base": base,
            "role": role,
            "title": BASE_TITLES[role],
            "page": page,
            "rows": list(page.object_list),
            "tag": tag,
            "query": query,
            "can_edit": can_edit,
            "show_special_needs": selectors.can_see_special_needs(request.user, program),
        },
    )


@login_required
def pair_list(request, pk: int):
    program = selectors.get_program_for_user(request.user, pk)
    page = _page(request, selectors.pairs_of_program(program))
    return render(
        request,
        "programs/pair_list.html",
        {
            "program": program,
            "page": page,
            "pairs": list(page.object_list),
            "pairs_total": page.paginator.count,
        },
    )


def _participant_data(cleaned: dict) -> tuple[dict, list[str]]:
    data = dict(cleaned)
    return data, data.pop("tags", [])


@login_required
def participant_create(request, pk: int, base: str):
    role = _role(base)
    program = selectors.get_program_for_user(request.user, pk, write=True)
    show_special_needs = selectors.can_see_special_needs(request.user, program)
    form = ParticipantForm(
        request.POST or None, program=program, role=role, show_special_needs=show_special_needs
    )
    if request.method == "POST" and form.is_valid():
        data, tags = _participant_data(form.cleaned_data)
        try:
            participant, reused = services.participant_create(
                program=program, role=role, tags=tags, user=request.user, **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            name = participant.person.full_name
            if reused:
                messages.info(
                    request,
                    _(
                        "%(name)s уже был(а) известен(на) системе (те же ФИО и дата рождения): "
                        "использована существующая запись человека."
                    )
                    % {"name": name},
                )
            messages.success(request, _("%(name)s внесен(а) в базу.") % {"name": name})
            return redirect("programs:base-list", pk=program.pk, base=base)
    return render(
        request,
        "programs/participant_form.html",
        {"form": form, "program": program, "base": base, "title": BASE_TITLES[role], "participant": None},
    )


@login_required
def participant_edit(request, pk: int):
    participant = selectors.get_participant_for_user(request.user, pk, write=True)
    program = participant.program
    base = _base_slug(participant.role)
    show_special_needs = selectors.can_see_special_needs(request.user, program)
    form = ParticipantForm(
        request.POST or None,
        initial=ParticipantForm.initial_for(participant),
        program=program,
        role=participant.role,
        show_special_needs=show_special_needs,
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data, tags = _participant_data(form.cleaned_data)
        try:
            services.participant_update(participant=participant, tags=tags, user=request.user, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Строка базы сохранена: %(name)s.") % {"name": participant.person.full_name}
            )
            return redirect("programs:base-list", pk=program.pk, base=base)
    return render(
        request,
        "programs/participant_form.html",
        {
            "form": form,
            "program": program,
            "base": base,
            "title": BASE_TITLES[participant.role],
            "participant": participant,
        },
    )


@login_required
@require_POST
def participant_remove(request, pk: int):
    participant = selectors.get_participant_for_user(request.user, pk, write=True)
    program, base, name = participant.program, _base_slug(participant.role), participant.person.full_name
    try:
        services.participant_remove(participant=participant, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s удален(а) из базы.") % {"name": name})
    return redirect("programs:base-list", pk=program.pk, base=base)


def _base_slug(role: str) -> str:
    return next(slug for slug, value in BASES.items() if value == role)


@login_required
def base_export(request, pk: int, base: str):
    role = _role(base)
    program = selectors.get_program_for_user(request.user, pk)
    data = base_xlsx(program=program, role=role)
    audit_record(user=request.user, action="export", obj=program, description=BASE_TITLES[role])
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"{base}-{program.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def base_import(request, pk: int, base: str):
    role = _role(base)
    program = selectors.get_program_for_user(request.user, pk, write=True)
    form = BaseUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = pending_import_create(
            user=request.user,
            kind=IMPORT_KINDS[role],
            scope_id=program.pk,
            uploaded=form.cleaned_data["file"],
        )
        return redirect("programs:base-import-preview", pk=program.pk, base=base, token=pending.token)
    return render(
        request,
        "programs/base_import.html",
        {"form": form, "program": program, "base": base, "title": BASE_TITLES[role]},
    )


@login_required
def base_import_preview_view(request, pk: int, base: str, token):
    role = _role(base)
    program = selectors.get_program_for_user(request.user, pk, write=True)
    pending = get_pending_import_for_user(request.user, token, kind=IMPORT_KINDS[role])
    if pending.scope_id != program.pk:
        raise Http404
    with pending.file.open("rb") as handle:
        data = handle.read()
    if request.method == "POST":
        if "cancel" in request.POST:
            pending_import_discard(pending=pending)
            messages.info(request, _("Загрузка отменена, ничего не записано."))
            return redirect("programs:program-detail", pk=program.pk)
        preview = base_import_preview(data=data, filename=pending.filename, program=program, role=role)
        if preview.ok:
            count = base_import_commit(
                data=data,
                filename=pending.filename,
                program=program,
                role=role,
                user=request.user,
                preview=preview,
            )
            pending_import_discard(pending=pending)
            messages.success(request, _("Загружено строк: %(count)s.") % {"count": count})
            return redirect("programs:program-detail", pk=program.pk)
    else:
        preview = base_import_preview(data=data, filename=pending.filename, program=program, role=role)
    return render(
        request,
        "programs/base_import_preview.html",
        {
            "preview": preview,
            "pending": pending,
            "program": program,
            "base": base,
            "title": BASE_TITLES[role],
        },
    )


@login_required
def participant_consents(request, pk: int):
    participant = selectors.get_participant_for_user(request.user, pk)
    program = participant.program
    can_edit = selectors.programs_for_user(request.user, write=True).filter(pk=program.pk).exists()
    form = None
    if can_edit:
        form = ConsentForm(request.POST or None, request.FILES or None, subject=participant.person)
        if request.method == "POST" and form.is_valid():
            try:
                services.consent_record(
                    subject=participant.person,
                    organization=program.organization,
                    user=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Согласие внесено."))
                return redirect("programs:participant-consents", pk=participant.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "programs/participant_consents.html",
        {
            "participant": participant,
            "program": program,
            "consents": list(selectors.consents_of(participant)),
            "form": form,
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def consent_withdraw(request, pk: int, consent_pk: int):
    participant = selectors.get_participant_for_user(request.user, pk, write=True)
    consent = selectors.consents_of(participant).filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    services.consent_withdraw(consent=consent, user=request.user)
    messages.success(request, _("Согласие отозвано. Отзыв действует с сегодняшнего дня."))
    return redirect("programs:participant-consents", pk=participant.pk)


@login_required
def consent_scan(request, pk: int, consent_pk: int):
    """The scan of a signed consent: personal data, so served only through the access check and journaled."""
    participant = selectors.get_participant_for_user(request.user, pk)
    consent = selectors.consents_of(participant).filter(pk=consent_pk).first()
    if consent is None or not consent.scan:
        raise Http404
    audit_record(user=request.user, action="view", obj=consent, description="скан согласия")
    return FileResponse(
        consent.scan.open("rb"), as_attachment=True, filename=consent.scan.name.rsplit("/", 1)[-1]
    )


def _next_or(request, default: str) -> str:
    """Where to go after a write: back to the cabinet when the form came from there."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@login_required
def pair_create(request, pk: int):
    program = selectors.get_program_for_user(request.user, pk, write=True)
    search = PairSearchForm(request.GET)
    form = PairCreateForm(request.POST or None, program=program, search=search)
    if request.method == "POST" and form.is_valid():
        try:
            pair = services.pair_create(program=program, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Пара (группа) сформирована."))
            return redirect(pair)
    return render(
        request,
        "programs/pair_create.html",
        {
            "form": form,
            "search": search,
            "found": form.found,
            "program": program,
            "pairs": list(selectors.pairs_of_program(program)[:PREVIEW_ROWS]),
            "pairs_total": selectors.pairs_of_program(program).count(),
        },
    )


@login_required
def pair_detail(request, pk: int):
    pair = selectors.get_pair_for_user(request.user, pk)
    can_write = selectors.can_write_pair(request.user, pair)
    can_manage = can_write and selectors.can_manage_pair(request.user, pair)
    as_parent = not can_write and selectors.sees_pair_as_parent_only(request.user, pair)
    children = selectors.children_of(request.user) if as_parent else None
    selectors.mask_pair_for(pair, children=children)
    audit_record(user=request.user, action="view", obj=pair, description="пара (группа)")
    open_for_writes = not pair.is_closed
    return render(
        request,
        "programs/pair_detail.html",
        {
            "pair": pair,
            "can_write": can_write and open_for_writes,
            "can_manage": can_manage and open_for_writes,
            "progress_choices": PROGRESS_CHOICES,
            "feedback_field": selectors.feedback_field_for(request.user, pair, children=children),
        },
    )


@login_required
def pair_feedback(request, pk: int):
    """A mentor's, a mentee's or a parent's own feedback on a completed pair."""
    pair = selectors.get_pair_for_user(request.user, pk)
    field = selectors.feedback_field_for(request.user, pair)
    if field is None:
        raise Http404
    back = _next_or(request, pair.get_absolute_url())
    form = PairFeedbackForm(request.POST or None, initial={"text": getattr(pair, field)})
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_feedback_save(
                pair=pair, author=request.user.person, text=form.cleaned_data["text"], user=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Отзыв сохранён."))
            return redirect(back)
    selectors.mask_pair_for(
        pair, children=None if field == "mentor_feedback" else selectors.children_of(request.user) or None
    )
    return render(
        request, "programs/pair_feedback.html", {"form": form, "pair": pair, "field": field, "next": back}
    )


@login_required
def meeting_create(request, pk: int):
    pair = selectors.get_pair_for_user(request.user, pk, write=True)
    back = _next_or(request, pair.get_absolute_url())
    form = MeetingForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_log(pair=pair, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Встреча записана в журнал."))
            return redirect(back)
    return render(request, "programs/meeting_form.html", {"form": form, "pair": pair, "next": back})


@login_required
def plan_item_create(request, pk: int):
    pair = selectors.get_pair_for_user(request.user, pk, write=True)
    back = _next_or(request, pair.get_absolute_url())
    form = PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_save(pair=pair, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Пункт плана добавлен."))
            return redirect(back)
    return render(request, "programs/plan_item_form.html", {"form": form, "pair": pair, "next": back})


@login_required
@require_POST
def plan_item_progress(request, pk: int, item_pk: int):
    pair = selectors.get_pair_for_user(request.user, pk, write=True)
    item = next((item for item in pair.plan_items.all() if item.pk == item_pk), None)
    if item is None:
        raise Http404
    back = _next_or(request, pair.get_absolute_url())
    form = PlanProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите, на сколько процентов выполнен пункт плана."))
        return redirect(back)
    try:
        services.plan_item_save(
            pair=pair, item=item, progress=form.cleaned_data["progress"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("«%(title)s»: выполнено %(progress)s %%.") % {"title": item.title, "progress": item.progress},
        )
    return redirect(back)


@login_required
def pair_status(request, pk: int):
    pair = selectors.get_pair_for_user(request.user, pk, manage=True)
    form = PairStatusForm(request.POST or None, initial={"status": pair.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_status_change(
                pair=pair,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Статус пары: %(status)s.") % {"status": pair.get_status_display()})
            return redirect(pair)
    return render(request, "programs/pair_status.html", {"form": form, "pair": pair})


@login_required
def pair_complete(request, pk: int):
    pair = selectors.get_pair_for_user(request.user, pk, manage=True)
    form = PairCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_complete(pair=pair, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Пара завершена."))
            return redirect(pair)
    return render(request, "programs/pair_complete.html", {"form": form, "pair": pair})


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's errors next to the form's fields where they name one, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def cabinet(request):
    pairs = selectors.cabinet_pairs(request.user)
    children = selectors.children_of(request.user)
    for pair in pairs["as_mentor"]:
        pair.can_write = not pair.is_closed
    for part, pair_list in pairs.items():
        for pair in pair_list:
            # A parent sees only their own child's name in a group.
            selectors.mask_pair_for(pair, children=children if part == "as_parent" else None)
            pair.feedback_field = selectors.feedback_field_for(request.user, pair, children=children)
    return render(
        request,
        "programs/cabinet.html",
        {**pairs, "has_pairs": any(pairs.values()), "progress_choices": PROGRESS_CHOICES},
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _overview(request):
    """The overview for the GET filters. An organisation or year outside the user's scope simply
    matches nothing: the selector only ever looks inside the municipalities the user manages."""
    overview = selectors.municipal_overview(
        request.user,
        organization_id=_int_or_none(request.GET.get("organization")),
        academic_year=request.GET.get("academic_year", "").strip(),
        form_id=_int_or_none(request.GET.get("form")),
    )
    form = MunicipalOverviewFilterForm(
        request.GET or None,
        organizations=overview.organization_choices,
        academic_years=overview.academic_years,
        mentoring_forms=overview.form_choices,
    )
    return overview, form


@login_required
def municipal_overview(request):
    overview, form = _overview(request)
    if form.is_bound:
        form.is_valid()  # only to show a value that matched nothing
    return render(
        request,
        "programs/municipal_overview.html",
        {
            "overview": overview,
            "form": form,
            "headers": overview_headers(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def municipal_overview_export(request):
    overview, _form = _overview(request)
    audit_record(
        user=request.user,
        action="export",
        object_type="programs.Program",
        description="свод по муниципалитету",
    )
    response = HttpResponse(
        municipal_overview_xlsx(overview),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="municipal-overview.xlsx"'
    return response


@login_required
def municipal_bases_export(request):
    """Both bases of every program in the municipality (with the overview's filters), for the file
    the municipal centre sends on: personal data, so journaled."""
    programs = selectors.municipal_programs(
        request.user,
        organization_id=_int_or_none(request.GET.get("organization")),
        academic_year=request.GET.get("academic_year", "").strip(),
        form_id=_int_or_none(request.GET.get("form")),
    )
    data = municipal_bases_xlsx(programs=programs)
    audit_record(
        user=request.user,
        action="export",
        object_type="programs.ProgramParticipant",
        description=f"сводные базы наставляемых и наставников: {request.GET.urlencode() or 'все'}",
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="municipal-bases.xlsx"'
    return response


@login_required
def program_settings(request, pk: int):
    program = selectors.get_program_for_user(request.user, pk, write=True)
    initial = {
        "title": program.title,
        "starts_on": program.starts_on,
        "ends_on": program.ends_on,
        "regulation_url": program.regulation_url,
        "mentoring_forms": list(program.forms.all()),
        "curators": list(program.curators.all()),
    }
    form = ProgramSettingsForm(request.POST or None, initial=initial, program=program)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.program_update(
                program=program,
                forms=data.pop("mentoring_forms"),
                curators=data.pop("curators"),
                user=request.user,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Параметры программы сохранены."))
            return redirect("programs:program-detail", pk=program.pk)
    return render(request, "programs/program_settings.html", {"form": form, "program": program})


@login_required
@require_POST
def checklist_item_update(request, pk: int, item_pk: int):
    program = selectors.get_program_for_user(request.user, pk, write=True)
    item = selectors.get_checklist_item_for_user(request.user, program, item_pk)
    form = ChecklistItemForm(request.POST)
    if form.is_valid():
        try:
            services.checklist_item_update(item=item, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Пункт «%(title)s» сохранён.") % {"title": item.title})
    else:
        messages.error(
            request,
            _("Пункт «%(title)s» не сохранён: %(errors)s")
            % {"title": item.title, "errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect(f"{program.get_absolute_url()}#stage-{item.stage}")


@login_required
@require_POST
def program_stage_advance(request, pk: int):
    program = selectors.get_program_for_user(request.user, pk, write=True)
    try:
        program = services.program_stage_advance(program=program, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Программа перешла к этапу %(number)s «%(stage)s».")
            % {"number": program.stage_number, "stage": program.get_current_stage_display()},
        )
    return redirect(f"{program.get_absolute_url()}#stages-heading")


# --- Reference data: forms, role-model variants, normative documents ---------------------------------


@login_required
def reference_list(request):
    selectors.require_reference_editor(request.user)
    return render(
        request,
        "programs/reference_list.html",
        {
            "mentoring_forms": list(selectors.mentoring_forms_with_variants()),
            "documents": list(selectors.normative_documents()),
        },
    )


def _reference_edit(request, *, form, title: str, save):
    """Validate ``form``, call ``save(cleaned_data)``, and go back to the reference list."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Справочник сохранён."))
            return redirect("programs:reference-list")
    return render(request, "programs/reference_form.html", {"form": form, "title": title})


@login_required
def mentoring_form_edit(request, pk: int | None = None):
    selectors.require_reference_editor(request.user)
    instance = get_object_or_404(MentoringForm, pk=pk) if pk else None
    initial = {"name": instance.name, "is_teacher_model": instance.is_teacher_model} if instance else None
    return _reference_edit(
        request,
        form=MentoringFormForm(request.POST or None, initial=initial),
        title=_("Форма наставничества") if instance else _("Новая форма наставничества"),
        save=lambda data: services.mentoring_form_save(form=instance, user=request.user, **data),
    )


@login_required
def role_model_variant_edit(request, pk: int | None = None):
    selectors.require_reference_editor(request.user)
    instance = get_object_or_404(RoleModelVariant, pk=pk) if pk else None
    if instance:
        initial = {"form": instance.form_id, "name": instance.name}
    else:
        initial = {"form": request.GET.get("form")}
    return _reference_edit(
        request,
        form=RoleModelVariantForm(request.POST or None, initial=initial),
        title=_("Вариант ролевой модели") if instance else _("Новый вариант ролевой модели"),
        save=lambda data: services.role_model_variant_save(variant=instance, user=request.user, **data),
    )


@login_required
def normative_document_edit(request, pk: int | None = None):
    selectors.require_reference_editor(request.user)
    instance = get_object_or_404(NormativeDocument, pk=pk) if pk else None
    initial = None
    if instance:
        initial = {key: getattr(instance, key) for key in ("title", "number", "date", "issuer", "url")}
    return _reference_edit(
        request,
        form=NormativeDocumentForm(request.POST or None, initial=initial),
        title=_("Нормативный документ") if instance else _("Новый нормативный документ"),
        save=lambda data: services.normative_document_save(document=instance, user=request.user, **data),
    )
