from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nastavnik.core.selectors import get_pending_import_for_user
from nastavnik.core.services import audit_record, pending_import_create, pending_import_discard
from nastavnik.organizations import access, selectors, services
from nastavnik.organizations.exports import digital_base_xlsx
from nastavnik.organizations.forms import (
    ORGANIZATION_FIELDS,
    ImportUploadForm,
    OrganizationCreateForm,
    OrganizationForm,
    RoleAppointForm,
)
from nastavnik.organizations.imports import organization_import_commit, organization_import_preview
from nastavnik.organizations.models import Organization

IMPORT_KIND = "organizations"


@login_required
def organization_list(request):
    scope = access.user_scope(request.user)
    if not scope.is_district_staff:
        own = list(access.organizations_for_user(request.user).values_list("pk", flat=True)[:2])
        if len(own) == 1:
            return redirect("organizations:organization-detail", pk=own[0])
    filters = {
        "query": request.GET.get("q", "").strip(),
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
    }
    organizations = list(selectors.organization_list(request.user, **filters))
    rows = [(org, selectors.staff_by_role(org)) for org in organizations]
    totals = {
        key: sum(getattr(org, key) for org in organizations)
        for key in ("pupils_total", "pupils_10_18", "pupils_15_18", "teachers_total", "young_teachers")
    }
    return render(
        request,
        "organizations/organization_list.html",
        {
            "rows": rows,
            "totals": totals,
            "filters": filters,
            "kinds": Organization.Kind.choices,
            "statuses": Organization.Status.choices,
            "can_manage": access.municipalities_for_user(request.user).exists(),
        },
    )


@login_required
def organization_detail(request, pk: int):
    organization = access.get_organization_for_user(request.user, pk)
    history = list(selectors.organization_role_history(organization))
    audit_record(user=request.user, action="view", obj=organization, description="карточка организации")
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "active_roles": [a for a in history if a.ended_on is None or a.ended_on >= timezone.localdate()],
            "past_roles": [
                a for a in history if a.ended_on is not None and a.ended_on < timezone.localdate()
            ],
            "can_edit": access.organizations_for_user(request.user, write=True).filter(pk=pk).exists(),
            "appointable": access.appointable_roles(request.user, organization),
            # Partners keep no local acts of the mentoring model: their checklist does not exist.
            "has_checklist": organization.kind != Organization.Kind.PARTNER,
        },
    )


@login_required
def organization_create(request):
    municipalities = access.municipalities_for_user(request.user)
    if not municipalities.exists():
        raise Http404
    form = OrganizationCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ORGANIZATION_FIELDS}
        organization = services.organization_create(
            municipality=form.cleaned_data["municipality_choice"], data=data, user=request.user
        )
        messages.success(request, _("Организация «%(name)s» добавлена.") % {"name": organization})
        return redirect(organization)
    return render(request, "organizations/organization_form.html", {"form": form, "organization": None})


@login_required
def organization_update(request, pk: int):
    organization = access.get_organization_for_user(request.user, pk, write=True)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ORGANIZATION_FIELDS}
        services.organization_update(organization=organization, data=data, user=request.user)
        messages.success(request, _("Изменения сохранены."))
        return redirect(organization)
    return render(
        request, "organizations/organization_form.html", {"form": form, "organization": organization}
    )


@login_required
def role_appoint(request, pk: int):
    organization = access.get_organization_for_user(request.user, pk)
    roles = access.appointable_roles(request.user, organization)
    if not roles:
        raise Http404
    form = RoleAppointForm(
        request.POST or None,
        roles=roles,
        people=selectors.people_for_appointment(organization),
        initial={"role": request.GET.get("role", "curator")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person_data = {
            k: data[k] for k in ("last_name", "first_name", "patronymic", "position", "email", "phone")
        }
        try:
            assignment = services.role_appoint(
                organization=organization,
                role=data["role"],
                person=data["existing_person"],
                person_data=person_data,
                order_number=data["order_number"],
                order_date=data["order_date"],
                create_account=data["create_account"],
                by=request.user,
                request=request,
            )
        except services.RoleAlreadyHeld:
            form.add_error("role", _("Этот человек уже назначен на эту роль в организации."))
        except services.AccountNotAllowed:
            form.add_error(
                "create_account",
                _(
                    "У этого человека есть роли в других организациях: учётную запись ему создаёт "
                    "муниципальный координатор."
                ),
            )
        else:
            messages.success(
                request,
                _("%(person)s назначен(а): %(role)s.")
                % {"person": assignment.person.full_name, "role": assignment.get_role_display()},
            )
            return redirect(organization)
    return render(request, "organizations/role_appoint.html", {"form": form, "organization": organization})


@login_required
@require_POST
def role_revoke(request, pk: int):
    assignment = access.get_role_assignment_for_user(request.user, pk)
    services.role_revoke(assignment=assignment, by=request.user)
    messages.success(request, _("Назначение «%(role)s» снято.") % {"role": assignment})
    return redirect(assignment.organization)


@login_required
def organization_export(request):
    municipalities = access.municipalities_for_user(request.user)
    if not municipalities.exists():
        raise Http404
    organizations = selectors.organization_list(request.user).filter(municipality__in=municipalities)
    content = digital_base_xlsx(organizations)
    audit_record(
        user=request.user,
        action="export",
        object_type="organizations.Organization",
        description="выгрузка цифровой базы",
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="digital-base-{stamp}.xlsx"'
    return response


@login_required
def organization_import(request):
    municipalities = access.municipalities_for_user(request.user)
    if not municipalities.exists():
        raise Http404
    form = ImportUploadForm(request.POST or None, request.FILES or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        pending = pending_import_create(
            user=request.user,
            kind=IMPORT_KIND,
            scope_id=form.cleaned_data["municipality"].pk,
            uploaded=form.cleaned_data["file"],
        )
        return redirect("organizations:organization-import-preview", token=pending.token)
    return render(request, "organizations/organization_import.html", {"form": form})


@login_required
def organization_import_preview_view(request, token):
    pending = get_pending_import_for_user(request.user, token, kind=IMPORT_KIND)
    municipality = access.municipalities_for_user(request.user).filter(pk=pending.scope_id).first()
    if municipality is None:
        raise Http404
    with pending.file.open("rb") as handle:
        data = handle.read()
    if request.method == "POST":
        if "cancel" in request.POST:
            pending_import_discard(pending=pending)
            messages.info(request, _("Загрузка отменена, ничего не записано."))
            return redirect("organizations:organization-import")
        preview = organization_import_preview(data=data, filename=pending.filename, municipality=municipality)
        if preview.ok:
            created = organization_import_commit(
                data=data, filename=pending.filename, municipality=municipality, user=request.user
            )
            pending_import_discard(pending=pending)
            messages.success(request, _("Загружено организаций: %(count)s.") % {"count": len(created)})
            return redirect("organizations:organization-list")
    else:
        preview = organization_import_preview(data=data, filename=pending.filename, municipality=municipality)
    return render(
        request,
        "organizations/organization_import_preview.html",
        {"preview": preview, "pending": pending, "municipality": municipality},
    )
