from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.core.services import audit_record
from nastavnik.documents import access, generation, selectors, services
from nastavnik.documents.forms import (
    ChecklistForm,
    DocumentForm,
    MediaPlanItemForm,
    PartnerAgreementForm,
    TemplateUploadForm,
    WorkingGroupForm,
    WorkingGroupMemberForm,
)
from nastavnik.documents.models import (
    Document,
    DocumentTemplate,
    LocalActElement,
    MediaPlanItem,
    PartnerAgreement,
    WorkingGroup,
)
from nastavnik.organizations import access as org_access
from nastavnik.organizations.models import Organization
from nastavnik.roadmap.models import Roadmap

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_any_scope(user) -> None:
    """Pages of the app are for the district's and the organisations' staff; everyone else gets 404."""
    scope = org_access.user_scope(user)
    if not scope.is_district_staff and not scope.organizations_with(org_access.ORGANIZATION_STAFF_ROLES):
        raise Http404


# ---------------------------------------------------------------------------------------------- registry


@login_required
def document_list(request):
    _require_any_scope(request.user)
    filters = {
        "kind": request.GET.get("kind", ""),
        "owner": request.GET.get("owner", ""),
        "year": request.GET.get("year", ""),
        "query": request.GET.get("q", "").strip(),
    }
    documents = list(selectors.document_list(request.user, **filters))
    writable = set(
        access.documents_for_user(request.user, write=True)
        .filter(pk__in=[d.pk for d in documents])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "documents/document_list.html",
        {
            "rows": [(document, document.pk in writable) for document in documents],
            "filters": filters,
            "kinds": Document.Kind.choices,
            "years": selectors.document_years(request.user),
            "organizations": selectors.visible_organizations(request.user),
            "can_add": access.can_add_anything(request.user),
        },
    )


def _document_form(request, document):
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = services.document_save(
            document=form.save(commit=False),
            owner=form.cleaned_data["owner"],
            appointments=form.cleaned_data["appointments"],
            user=request.user,
        )
        messages.success(request, _("Документ «%(title)s» сохранён.") % {"title": saved.title})
        return redirect("documents:document-list")
    return render(request, "documents/document_form.html", {"form": form, "document": document})


@login_required
def document_create(request):
    if not access.can_add_anything(request.user):
        raise Http404
    return _document_form(request, Document())


@login_required
def document_update(request, pk: int):
    return _document_form(request, access.get_document_for_user(request.user, pk, write=True))


@login_required
def document_file(request, pk: int):
    document = access.get_document_for_user(request.user, pk)
    if not document.file:
        raise Http404
    audit_record(user=request.user, action="view", obj=document, description="файл документа")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


# ---------------------------------------------------------------------------------------------- checklist


@login_required
def checklist_detail(request, organization_pk: int):
    organization = org_access.get_organization_for_user(request.user, organization_pk)
    if organization.kind == Organization.Kind.PARTNER:
        raise Http404
    can_edit = org_access.organizations_for_user(request.user, write=True).filter(pk=organization.pk).exists()
    if request.method == "POST" and not can_edit:
        raise Http404
    rows = selectors.checklist_for_organization(organization)
    form = ChecklistForm(request.POST or None, organization=organization, rows=rows) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        done = services.checklist_save(
            organization=organization, selections=form.selections(), user=request.user
        )
        messages.success(
            request,
            _("Чек-лист сохранён: отмечено %(done)s из %(total)s.")
            % {"done": done, "total": len(LocalActElement)},
        )
        return redirect("documents:checklist-detail", organization_pk=organization.pk)
    return render(
        request,
        "documents/checklist_detail.html",
        {
            "organization": organization,
            "rows": rows,
            "form": form,
            "done": sum(row.done for row in rows),
            "total": len(rows),
        },
    )


@login_required
def checklist_matrix(request):
    municipalities = list(org_access.municipalities_for_user(request.user))
    if not municipalities:
        raise Http404
    chosen = request.GET.get("municipality", "")
    municipality = next((m for m in municipalities if str(m.pk) == chosen), municipalities[0])
    rows = selectors.checklist_matrix(municipality)
    totals = [sum(row.cells[i] is not None for row in rows) for i in range(len(LocalActElement))]
    return render(
        request,
        "documents/checklist_matrix.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "elements": LocalActElement.choices,
            "rows": rows,
            "element_totals": list(zip(LocalActElement.labels, totals, strict=True)),
            "complete": sum(row.complete for row in rows),
        },
    )


# ---------------------------------------------------------------------------------------------- agreements


@login_required
def agreement_list(request):
    _require_any_scope(request.user)
    filters = {
        "organization": request.GET.get("organization", ""),
        "partner_type": request.GET.get("partner_type", ""),
        "status": request.GET.get("status", ""),
    }
    agreements = list(selectors.agreement_list(request.user, **filters))
    writable = set(org_access.organizations_for_user(request.user, write=True).values_list("pk", flat=True))
    return render(
        request,
        "documents/agreement_list.html",
        {
            "rows": [(agreement, agreement.organization_id in writable) for agreement in agreements],
            "filters": filters,
            "organizations": selectors.visible_organizations(request.user),
            "partner_types": PartnerAgreement.PartnerType.choices,
            "statuses": PartnerAgreement.Status.choices,
            "can_add": bool(writable),
        },
    )


def _agreement_form(request, agreement):
    form = PartnerAgreementForm(
        request.POST or None, request.FILES or None, instance=agreement, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.agreement_save(
            agreement=form.save(commit=False),
            uploaded_file=form.cleaned_data.get("file") or None,
            user=request.user,
        )
        messages.success(request, _("Соглашение сохранено."))
        return redirect("documents:agreement-list")
    return render(request, "documents/agreement_form.html", {"form": form, "agreement": agreement})


@login_required
def agreement_create(request):
    if not access.owners_for_user(request.user)[1].exists():
        raise Http404
    return _agreement_form(request, PartnerAgreement())


@login_required
def agreement_update(request, pk: int):
    return _agreement_form(request, access.get_agreement_for_user(request.user, pk, write=True))


# ---------------------------------------------------------------------------------------------- media plan


@login_required
def media_list(request):
    _require_any_scope(request.user)
    filters = {
        "owner": request.GET.get("owner", ""),
        "status": request.GET.get("status", ""),
        "channel": request.GET.get("channel", ""),
    }
    items = list(selectors.media_plan_list(request.user, **filters))
    writable = set(
        access.media_items_for_user(request.user, write=True)
        .filter(pk__in=[i.pk for i in items])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "documents/media_list.html",
        {
            "rows": [(item, item.pk in writable) for item in items],
            "filters": filters,
            "organizations": selectors.visible_organizations(request.user),
            "statuses": MediaPlanItem.Status.choices,
            "channels": MediaPlanItem.Channel.choices,
            "can_add": access.can_add_anything(request.user),
            "overdue": sum(item.effective_status == MediaPlanItem.Status.OVERDUE for item in items),
        },
    )


def _media_form(request, item):
    form = MediaPlanItemForm(request.POST or None, instance=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.media_item_save(
            item=form.save(commit=False), owner=form.cleaned_data["owner"], user=request.user
        )
        messages.success(request, _("Пункт медиаплана сохранён."))
        return redirect("documents:media-list")
    return render(request, "documents/media_form.html", {"form": form, "item": item})


@login_required
def media_create(request):
    if not access.can_add_anything(request.user):
        raise Http404
    return _media_form(request, MediaPlanItem())


@login_required
def media_update(request, pk: int):
    return _media_form(request, access.get_media_item_for_user(request.user, pk, write=True))


# ---------------------------------------------------------------------------------------------- working groups


@login_required
def working_group_list(request):
    _require_any_scope(request.user)
    return render(
        request,
        "documents/working_group_list.html",
        {
            "groups": list(selectors.working_group_list(request.user)),
            "can_add": access.can_add_anything(request.user),
        },
    )


@login_required
def working_group_detail(request, pk: int):
    group = access.get_working_group_for_user(request.user, pk)
    can_edit = access.working_groups_for_user(request.user, write=True).filter(pk=pk).exists()
    if request.method == "POST" and not can_edit:
        raise Http404
    form = WorkingGroupMemberForm(request.POST or None, group=group) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            member = services.working_group_member_add(group=group, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("%(person)s добавлен(а) в рабочую группу.") % {"person": member.person}
            )
            return redirect(group)
    members = sorted(
        group.members.select_related("person"),
        key=lambda m: (m.role_order, m.person.last_name, m.person.first_name),
    )
    return render(
        request,
        "documents/working_group_detail.html",
        {"group": group, "members": members, "form": form, "can_edit": can_edit},
    )


def _working_group_form(request, group):
    form = WorkingGroupForm(request.POST or None, instance=group, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = services.working_group_save(
            group=form.save(commit=False), owner=form.cleaned_data["owner"], user=request.user
        )
        messages.success(request, _("Рабочая группа сохранена."))
        return redirect(saved)
    return render(request, "documents/working_group_form.html", {"form": form, "group": group})


@login_required
def working_group_create(request):
    if not access.can_add_anything(request.user):
        raise Http404
    return _working_group_form(request, WorkingGroup())


@login_required
def working_group_update(request, pk: int):
    return _working_group_form(request, access.get_working_group_for_user(request.user, pk, write=True))


@login_required
@require_POST
def working_group_member_remove(request, pk: int):
    member = access.get_working_group_member_for_user(request.user, pk)
    services.working_group_member_remove(member=member, user=request.user)
    messages.success(request, _("%(person)s исключён(а) из рабочей группы.") % {"person": member.person})
    return redirect(member.group)


# ---------------------------------------------------------------------------------------------- generated orders


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_TYPE)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.docx"'
    return response


def _generated(request, kind: str, *, municipality_id: int, context: dict, filename: str, back: str):
    try:
        content = generation.generate(kind, municipality_id=municipality_id, context=context)
    except generation.TemplateProblem as problem:
        messages.error(
            request,
            _(
                "Не удалось сформировать приказ по шаблону муниципалитета: %(problem)s Замените шаблон или верните встроенный."
            )
            % {"problem": problem.message},
        )
        return redirect(back)
    audit_record(
        user=request.user,
        action="export",
        object_type="documents.DocumentTemplate",
        description=f"проект приказа: {kind}",
    )
    return _docx_response(content, filename)


@login_required
def order_list(request):
    """What the user may generate, and the municipality's own templates."""
    municipalities, organizations = access.owners_for_user(request.user)
    if not (municipalities.exists() or organizations.exists()):
        raise Http404
    roadmap_condition = access.owned_q(request.user, write=True)
    roadmaps = Roadmap.objects.select_related("municipality", "organization")
    roadmaps = roadmaps if roadmap_condition is None else roadmaps.filter(roadmap_condition)
    groups = selectors.working_group_list(request.user).filter(
        pk__in=access.working_groups_for_user(request.user, write=True)
    )
    form = TemplateUploadForm(user=request.user) if municipalities.exists() else None
    templates = {(t.municipality_id, t.kind): t for t in access.templates_for_user(request.user)}
    return render(
        request,
        "documents/order_list.html",
        {
            "roadmaps": list(roadmaps),
            "groups": list(groups),
            "municipalities": list(municipalities),
            "organizations": list(organizations.exclude(kind=Organization.Kind.PARTNER)),
            "form": form,
            "template_rows": [
                (m, kind, label, templates.get((m.pk, kind)))
                for m in municipalities
                for kind, label in DocumentTemplate.Kind.choices
            ],
            "placeholders": [
                (DocumentTemplate.Kind(kind).label if kind != "common" else _("Во всех приказах"), items)
                for kind, items in generation.PLACEHOLDERS.items()
            ],
        },
    )


@login_required
def order_roadmap(request, roadmap_pk: int):
    condition = access.owned_q(request.user, write=True)
    roadmaps = Roadmap.objects.select_related("municipality", "organization__municipality")
    roadmap = (roadmaps if condition is None else roadmaps.filter(condition)).filter(pk=roadmap_pk).first()
    if roadmap is None:
        raise Http404
    municipality_id = roadmap.municipality_id or roadmap.organization.municipality_id
    return _generated(
        request,
        DocumentTemplate.Kind.ROADMAP_ORDER,
        municipality_id=municipality_id,
        context=generation.roadmap_order_context(roadmap),
        filename="prikaz-dorozhnaya-karta",
        back="documents:order-list",
    )


@login_required
def order_curators_municipality(request, municipality_pk: int):
    municipality = access.get_managed_municipality_for_user(request.user, municipality_pk)
    return _generated(
        request,
        DocumentTemplate.Kind.CURATORS_ORDER,
        municipality_id=municipality.pk,
        context=generation.curators_order_context(municipality),
        filename="prikaz-kuratory",
        back="documents:order-list",
    )


@login_required
def order_curators_organization(request, organization_pk: int):
    organization = org_access.get_organization_for_user(request.user, organization_pk, write=True)
    return _generated(
        request,
        DocumentTemplate.Kind.CURATORS_ORDER,
        municipality_id=organization.municipality_id,
        context=generation.curators_order_context(organization),
        filename="prikaz-kurator",
        back="documents:order-list",
    )


@login_required
def order_working_group(request, pk: int):
    group = access.get_working_group_for_user(request.user, pk, write=True)
    return _generated(
        request,
        DocumentTemplate.Kind.WORKING_GROUP_ORDER,
        municipality_id=group.owner_municipality_id,
        context=generation.working_group_order_context(group),
        filename="prikaz-rabochaya-gruppa",
        back="documents:order-list",
    )


@login_required
def template_default(request, kind: str):
    """The built-in template, to start a municipality's own from."""
    if kind not in DocumentTemplate.Kind.values or not access.can_add_anything(request.user):
        raise Http404
    return _docx_response(generation.build_default_template(kind), f"shablon-{kind}")


@login_required
@require_POST
def template_upload(request):
    form = TemplateUploadForm(request.POST, request.FILES, user=request.user)
    if not form.fields["municipality"].queryset.exists():
        raise Http404
    if form.is_valid():
        template = services.template_upload(
            municipality=form.cleaned_data["municipality"],
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
            user=request.user,
        )
        messages.success(
            request,
            _("Шаблон «%(kind)s» загружен и будет использоваться.") % {"kind": template.get_kind_display()},
        )
        return redirect("documents:order-list")
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, error)
    return redirect("documents:order-list")


@login_required
@require_POST
def template_reset(request, pk: int):
    template = access.templates_for_user(request.user).filter(pk=pk).first()
    if template is None:
        raise Http404
    services.template_reset(template=template, user=request.user)
    messages.success(request, _("Возвращён встроенный шаблон."))
    return redirect("documents:order-list")
