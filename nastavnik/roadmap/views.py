from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.core.selectors import get_pending_import_for_user
from nastavnik.core.services import pending_import_create, pending_import_discard
from nastavnik.organizations import access as org_access
from nastavnik.roadmap import access, selectors, services
from nastavnik.roadmap.exports import municipal_progress_xlsx, roadmap_docx, roadmap_xlsx
from nastavnik.roadmap.forms import (
    ActivityForm,
    CommentForm,
    EvidenceForm,
    RoadmapConfirmForm,
    RoadmapForm,
    RoadmapImportForm,
    StatusForm,
    TemplateLoadForm,
)
from nastavnik.roadmap.imports import ImportRejected, roadmap_import_commit, roadmap_import_preview
from nastavnik.roadmap.models import Activity, ActivityComment, Evidence, OrganizationTask, Status
from nastavnik.roadmap.timeline import build_timeline

IMPORT_KIND_MUNICIPALITY = "roadmap-municipality"
IMPORT_KIND_ORGANIZATION = "roadmap-organization"
EXPORT_TYPES = {
    "xlsx": (roadmap_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": (roadmap_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@login_required
def roadmap_list(request):
    roadmaps = list(selectors.roadmap_list(request.user))
    municipalities, organizations = access.roadmap_owners_for_user(request.user)
    can_import = municipalities.exists() or organizations.exists()
    scope = org_access.user_scope(request.user)
    if not (
        roadmaps or scope.is_district_staff or scope.organizations_with(org_access.ORGANIZATION_STAFF_ROLES)
    ):
        # Mentors, mentees, parents and outsiders have no business with roadmaps.
        raise Http404
    return render(
        request,
        "roadmap/roadmap_list.html",
        {
            "roadmaps": roadmaps,
            "can_import": can_import,
            "template_form": TemplateLoadForm(municipalities=municipalities)
            if municipalities.exists()
            else None,
        },
    )


@login_required
@require_POST
def roadmap_template_load(request):
    municipalities = org_access.municipalities_for_user(request.user)
    form = TemplateLoadForm(request.POST, municipalities=municipalities)
    if not form.is_valid():
        raise Http404
    roadmap = services.roadmap_load_template(
        municipality=form.cleaned_data["municipality"], user=request.user
    )
    messages.success(
        request,
        _("Дорожная карта создана из шаблона: мероприятий — %(count)s. Проверьте сроки и ответственных.")
        % {"count": roadmap.activities.count()},
    )
    return redirect(roadmap)


@login_required
def roadmap_detail(request, pk: int):
    roadmap = access.get_roadmap_for_user(request.user, pk)
    activities = selectors.roadmap_activities(request.user, roadmap)
    return render(
        request,
        "roadmap/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "activities": activities,
            "flagged": [a for a in activities if not a.deadline_recognized],
            "can_change": access.can_change_roadmap(request.user, roadmap),
            "has_cascade": any(a.cascade_to_organizations for a in activities),
        },
    )


@login_required
def roadmap_update(request, pk: int):
    roadmap = access.get_roadmap_for_user(request.user, pk, write=True)
    form = RoadmapForm(request.POST or None, instance=roadmap)
    if request.method == "POST" and form.is_valid():
        services.roadmap_update(roadmap=roadmap, data=form.cleaned_data)
        messages.success(request, _("Изменения сохранены."))
        return redirect(roadmap)
    return render(request, "roadmap/roadmap_form.html", {"form": form, "roadmap": roadmap})


@login_required
def roadmap_matrix(request, pk: int):
    roadmap = access.get_roadmap_for_user(request.user, pk, write=True)
    if not roadmap.is_municipal:
        raise Http404
    if request.method == "POST":
        created = services.roadmap_cascade(roadmap=roadmap)
        messages.success(request, _("Добавлено задач для новых организаций: %(count)s.") % {"count": created})
        return redirect("roadmap:roadmap-matrix", pk=roadmap.pk)
    return render(
        request,
        "roadmap/roadmap_matrix.html",
        {"roadmap": roadmap, "matrix": selectors.roadmap_matrix(roadmap)},
    )


@login_required
def roadmap_timeline(request, pk: int):
    roadmap = access.get_roadmap_for_user(request.user, pk)
    activities = selectors.roadmap_activities(request.user, roadmap)
    return render(
        request,
        "roadmap/roadmap_timeline.html",
        {
            "roadmap": roadmap,
            "timeline": build_timeline(activities, today=timezone.localdate()),
            "can_change": access.can_change_roadmap(request.user, roadmap),
        },
    )


@login_required
def roadmap_progress_report(request, pk: int):
    """The municipal progress report (XLSX) for those who control the roadmap."""
    roadmap = access.get_roadmap_for_user(request.user, pk, write=True)
    if not roadmap.is_municipal:
        raise Http404
    today = timezone.localdate()
    response = HttpResponse(
        municipal_progress_xlsx(roadmap, today=today), content_type=EXPORT_TYPES["xlsx"][1]
    )
    response["Content-Disposition"] = f'attachment; filename="progress-{roadmap.pk}-{today:%Y-%m-%d}.xlsx"'
    return response


@login_required
def roadmap_export(request, pk: int, fmt: str):
    if fmt not in EXPORT_TYPES:
        raise Http404
    roadmap = access.get_roadmap_for_user(request.user, pk)
    render_file, content_type = EXPORT_TYPES[fmt]
    response = HttpResponse(render_file(roadmap, roadmap.activities.all()), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="roadmap-{roadmap.pk}.{fmt}"'
    return response


@login_required
def roadmap_import(request):
    municipalities, organizations = access.roadmap_owners_for_user(request.user)
    if not municipalities.exists() and not organizations.exists():
        raise Http404
    form = RoadmapImportForm(
        request.POST or None,
        request.FILES or None,
        municipalities=municipalities,
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data["owner"]
        kind = IMPORT_KIND_MUNICIPALITY if owner[0] == "m" else IMPORT_KIND_ORGANIZATION
        pending = pending_import_create(
            user=request.user, kind=kind, scope_id=int(owner[1:]), uploaded=form.cleaned_data["file"]
        )
        return redirect("roadmap:roadmap-import-preview", token=pending.token)
    return render(request, "roadmap/roadmap_import.html", {"form": form})


def _pending_owner(request, token):
    """The pending import and where it goes, re-checked against the user's current rights."""
    municipalities, organizations = access.roadmap_owners_for_user(request.user)
    for kind, queryset, key in (
        (IMPORT_KIND_MUNICIPALITY, municipalities, "municipality"),
        (IMPORT_KIND_ORGANIZATION, organizations, "organization"),
    ):
        try:
            pending = get_pending_import_for_user(request.user, token, kind=kind)
        except Http404:
            continue
        owner = queryset.filter(pk=pending.scope_id).first()
        if owner is None:
            raise Http404
        return pending, {key: owner}
    raise Http404


@login_required
def roadmap_import_preview_view(request, token):
    pending, owner = _pending_owner(request, token)
    with pending.file.open("rb") as handle:
        data = handle.read()
    preview = roadmap_import_preview(data=data, filename=pending.filename, **owner)
    years = sorted({row.deadline.end.year for row in preview.rows if row.deadline.end})
    default_year = f"{years[0]}/{years[0] + 1}" if years else ""
    form = RoadmapConfirmForm(
        request.POST or None,
        initial={
            "title": _("Дорожная карта: %(owner)s") % {"owner": next(iter(owner.values()))},
            "academic_year": default_year,
        },
    )
    if request.method == "POST":
        if "cancel" in request.POST:
            pending_import_discard(pending=pending)
            messages.info(request, _("Загрузка отменена, ничего не записано."))
            return redirect("roadmap:roadmap-import")
        if preview.ok and form.is_valid():
            try:
                roadmap = roadmap_import_commit(
                    data=data, filename=pending.filename, user=request.user, **form.cleaned_data, **owner
                )
            except ImportRejected:
                messages.error(request, _("Файл изменился и содержит ошибки: ничего не записано."))
            else:
                pending_import_discard(pending=pending)
                messages.success(
                    request, _("Загружено мероприятий: %(count)s.") % {"count": len(preview.rows)}
                )
                return redirect(roadmap)
    return render(
        request,
        "roadmap/roadmap_import_preview.html",
        {"preview": preview, "pending": pending, "owner": next(iter(owner.values())), "form": form},
    )


def _work_context(request, target, *, can_work: bool) -> dict:
    """Status, evidence and comments of an activity or a task, with the forms if the user may act."""
    is_task = isinstance(target, OrganizationTask)
    evidence = Evidence.objects.filter(task=target) if is_task else Evidence.objects.filter(activity=target)
    comments = (
        ActivityComment.objects.filter(task=target)
        if is_task
        else ActivityComment.objects.filter(activity=target, task__isnull=True)
    )
    return {
        "target": target,
        "kind": "task" if is_task else "activity",
        "evidence_list": evidence.select_related("uploaded_by"),
        "comments": comments.select_related("author"),
        "can_work": can_work,
        "status_form": StatusForm(target=target) if can_work else None,
        "evidence_form": EvidenceForm() if can_work else None,
        "comment_form": CommentForm() if can_work else None,
    }


@login_required
def activity_detail(request, pk: int):
    activity = access.get_activity_for_user(request.user, pk)
    can_change = access.can_change_roadmap(request.user, activity.roadmap)
    tasks = selectors.activity_tasks(request.user, activity) if activity.cascade_to_organizations else []
    context = _work_context(request, activity, can_work=can_change)
    context.update(
        {
            "activity": activity,
            "roadmap": activity.roadmap,
            "can_change": can_change,
            "tasks": tasks,
            "tasks_done": sum(1 for task in tasks if task.status == Status.DONE),
        }
    )
    return render(request, "roadmap/activity_detail.html", context)


@login_required
def activity_form(request, roadmap_pk: int | None = None, pk: int | None = None):
    """Add an activity to a roadmap, or change one (its dates included)."""
    if pk is not None:
        activity = access.get_activity_for_user(request.user, pk, write=True)
        roadmap = activity.roadmap
    else:
        roadmap = access.get_roadmap_for_user(request.user, roadmap_pk, write=True)
        activity = Activity(roadmap=roadmap)
    organizations = services.educational_organizations(roadmap.municipality_id_of_owner)
    form = ActivityForm(request.POST or None, instance=activity, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        activity = services.activity_save(activity=activity, data=form.cleaned_data, user=request.user)
        messages.success(request, _("Мероприятие сохранено."))
        return redirect(activity)
    return render(
        request, "roadmap/activity_form.html", {"form": form, "activity": activity, "roadmap": roadmap}
    )


@login_required
def task_detail(request, pk: int):
    task = access.get_task_for_user(request.user, pk)
    can_work = access.tasks_for_user(request.user, write=True).filter(pk=pk).exists()
    context = _work_context(request, task, can_work=can_work)
    context.update({"task": task, "activity": task.activity, "roadmap": task.activity.roadmap})
    return render(request, "roadmap/task_detail.html", context)


def _load_target(request, kind: str, pk: int):
    if kind == "task":
        return access.get_task_for_user(request.user, pk, write=True)
    return access.get_activity_for_user(request.user, pk, write=True)


@login_required
@require_POST
def work_status(request, kind: str, pk: int):
    target = _load_target(request, kind, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        change = services.task_status_change if kind == "task" else services.activity_status_change
        change(
            **{kind: target},
            status=data["status"],
            completed_on=data["completed_on"],
            comment=data["comment"],
            user=request.user,
        )
        messages.success(request, _("Статус изменён."))
    else:
        messages.error(request, _("Статус не изменён: проверьте поля формы."))
    return redirect(target)


@login_required
@require_POST
def work_evidence(request, kind: str, pk: int):
    target = _load_target(request, kind, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        services.evidence_add(
            **{kind: target},
            title=data["title"],
            file=data["file"],
            url=data["url"],
            mark_done=data["mark_done"],
            user=request.user,
        )
        messages.success(request, _("Документ «%(title)s» приложен.") % {"title": data["title"]})
        return redirect(target)
    # Show the form again with its errors on the page it came from.
    context = _work_context(request, target, can_work=True)
    context["evidence_form"] = form
    if kind == "task":
        context.update({"task": target, "activity": target.activity, "roadmap": target.activity.roadmap})
        return render(request, "roadmap/task_detail.html", context, status=400)
    tasks = selectors.activity_tasks(request.user, target) if target.cascade_to_organizations else []
    context.update(
        {
            "activity": target,
            "roadmap": target.roadmap,
            "can_change": True,
            "tasks": tasks,
            "tasks_done": sum(1 for task in tasks if task.status == Status.DONE),
        }
    )
    return render(request, "roadmap/activity_detail.html", context, status=400)


@login_required
@require_POST
def work_comment(request, kind: str, pk: int):
    target = _load_target(request, kind, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        activity = target.activity if kind == "task" else target
        services.comment_add(
            activity=activity,
            task=target if kind == "task" else None,
            text=form.cleaned_data["text"],
            user=request.user,
        )
        messages.success(request, _("Комментарий добавлен."))
    else:
        messages.error(request, _("Комментарий пуст."))
    return redirect(target)


@login_required
def evidence_file(request, pk: int):
    """Documents are served only to those who may see the activity or task they prove."""
    evidence = access.get_evidence_for_user(request.user, pk)
    if not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename)
