from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nastavnik.documents import access, selectors
from nastavnik.documents.generation import TemplateProblem, validate_template
from nastavnik.documents.models import (
    Document,
    DocumentTemplate,
    LocalActElement,
    MediaPlanItem,
    PartnerAgreement,
    WorkingGroup,
    WorkingGroupMember,
)
from nastavnik.documents.validators import DOCUMENT_TYPES, check_size, size_help_text, validate_document_file
from nastavnik.organizations.models import Municipality, Organization, RoleAssignment
from nastavnik.roadmap.models import Activity, OrganizationTask

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EMPTY_FILE = _("Файл пустой. Выберите файл с содержимым.")


def document_file_field(**kwargs) -> forms.FileField:
    return forms.FileField(
        help_text=size_help_text(),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_TYPES)}),
        error_messages={"empty": EMPTY_FILE},
        **kwargs,
    )


class OwnerFormMixin:
    """A «чей документ» choice over the municipalities the user manages and the organisations they edit."""

    owner_label = _("Чей документ")

    def _add_owner_field(self, user, instance) -> None:
        self.municipalities, self.organizations = access.owners_for_user(user)
        choices = [(f"m{m.pk}", _("Муниципалитет: %(name)s") % {"name": m}) for m in self.municipalities]
        choices += [(f"o{o.pk}", str(o)) for o in self.organizations]
        initial = None
        if instance is not None and instance.pk:
            initial = (
                f"m{instance.municipality_id}" if instance.municipality_id else f"o{instance.organization_id}"
            )
        elif len(choices) == 1:
            initial = choices[0][0]
        self.fields = {
            "owner": forms.ChoiceField(label=self.owner_label, choices=choices, initial=initial),
            **self.fields,
        }

    def clean_owner(self):
        value = self.cleaned_data["owner"]
        queryset = self.municipalities if value.startswith("m") else self.organizations
        owner = queryset.filter(pk=int(value[1:])).first()
        if owner is None:
            raise ValidationError(_("Выберите вариант из списка."), code="invalid_owner")
        return owner


def _owner_municipality_id(owner) -> int:
    return owner.pk if isinstance(owner, Municipality) else owner.municipality_id


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.roadmap.owner}: {obj}"[:150]


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.organization}: {obj.activity}"[:150]


class AppointmentsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.full_name} — {obj.get_role_display()} ({obj.scope})"


class DocumentForm(OwnerFormMixin, forms.ModelForm):
    file = document_file_field(label=_("Файл"), required=False)
    proves_activity = ActivityChoiceField(
        label=_("Подтверждает мероприятие дорожной карты"), queryset=Activity.objects.none(), required=False
    )
    proves_task = TaskChoiceField(
        label=_("Подтверждает задачу организации"), queryset=OrganizationTask.objects.none(), required=False
    )
    appointments = AppointmentsField(
        label=_("Кого назначает"),
        queryset=RoleAssignment.objects.none(),
        required=False,
        help_text=_("Для приказов о назначении: кураторы, ответственные лица, члены рабочей группы."),
    )

    class Meta:
        model = Document
        fields = [
            "kind",
            "number",
            "date",
            "issuer",
            "title",
            "file",
            "url",
            "proves_activity",
            "proves_task",
            "appointments",
        ]
        widgets = {"date": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_owner_field(user, self.instance)
        self.fields["url"].assume_scheme = "https"
        roadmap_condition = access.owned_q(user, write=True, prefix="roadmap__")
        activities = Activity.objects.select_related(
            "roadmap__municipality", "roadmap__organization"
        ).order_by("roadmap_id", "sort_key")
        self.fields["proves_activity"].queryset = (
            activities if roadmap_condition is None else activities.filter(roadmap_condition)
        )
        self.fields["proves_task"].queryset = OrganizationTask.objects.filter(
            organization__in=self.organizations
        ).select_related("organization", "activity")
        self.fields["appointments"].queryset = RoleAssignment.objects.filter(
            Q(organization__in=self.organizations)
            | Q(municipality__in=self.municipalities)
            | Q(organization__municipality__in=self.municipalities)
        ).select_related("person", "organization", "municipality", "region")

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            validate_document_file(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        owner = data.get("owner")
        if data.get("kind") == Document.Kind.ORDER and not (data.get("number") and data.get("date")):
            self.add_error(
                None, ValidationError(_("У приказа должны быть номер и дата."), code="order_needs_number")
            )
        if owner is None:
            return data
        activity, task = data.get("proves_activity"), data.get("proves_task")
        if activity is not None and activity.roadmap.owner != owner:
            self.add_error(
                "proves_activity",
                ValidationError(
                    _("Это мероприятие из дорожной карты другого владельца."), code="foreign_activity"
                ),
            )
        if task is not None and task.organization != owner:
            self.add_error(
                "proves_task", ValidationError(_("Это задача другой организации."), code="foreign_task")
            )
        for assignment in data.get("appointments") or []:
            scope_municipality = assignment.municipality_id or (
                assignment.organization.municipality_id if assignment.organization_id else None
            )
            allowed = (
                assignment.organization_id == owner.pk
                if isinstance(owner, Organization)
                else scope_municipality == owner.pk
            )
            if not allowed:
                self.add_error(
                    "appointments",
                    ValidationError(
                        _("%(who)s не относится к тому, кто издал документ."),
                        code="foreign_appointment",
                        params={"who": assignment.person.full_name},
                    ),
                )
        return data


class WorkingGroupForm(OwnerFormMixin, forms.ModelForm):
    owner_label = _("Уровень (чья группа)")

    class Meta:
        model = WorkingGroup
        fields = ["title", "order"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_owner_field(user, self.instance)
        self.fields["order"].queryset = access.documents_for_user(user, write=True).filter(
            kind=Document.Kind.ORDER
        )

    def clean(self):
        data = super().clean()
        owner, order = data.get("owner"), data.get("order")
        if owner is not None and order is not None and order.owner != owner:
            self.add_error(
                "order", ValidationError(_("Приказ издан другим владельцем."), code="foreign_order")
            )
        return data


class WorkingGroupMemberForm(forms.ModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = ["person", "role_in_group", "duties"]

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.people_of_owner(group.owner).exclude(
            working_groups__group=group
        )
        self.fields["person"].help_text = _(
            "Люди, назначенные на роль в организации или муниципалитете. Нового человека сначала назначьте в карточке организации."
        )

    def validate_unique(self):
        # The service validates the constraints once the group is set (it is not a form field).
        pass


class ChecklistForm(forms.Form):
    """One «document + where» pair per required element; an empty document means «not yet»."""

    def __init__(self, *args, organization: Organization, rows, **kwargs):
        super().__init__(*args, **kwargs)
        documents = Document.objects.filter(organization=organization).order_by("-date", "-pk")
        initial_by_element = {row.element: row.item for row in rows}
        self.rows = []
        for value, label in LocalActElement.choices:
            item = initial_by_element.get(value)
            self.fields[f"{value}-document"] = forms.ModelChoiceField(
                label=_("Документ"),
                queryset=documents,
                required=False,
                empty_label=_("— не отмечено —"),
                initial=item.document_id if item else None,
            )
            self.fields[f"{value}-note"] = forms.CharField(
                label=_("Пункт, раздел"), max_length=200, required=False, initial=item.note if item else ""
            )
            self.rows.append((value, label, item, self[f"{value}-document"], self[f"{value}-note"]))

    def selections(self) -> dict:
        return {
            value: (self.cleaned_data[f"{value}-document"], self.cleaned_data[f"{value}-note"])
            for value in LocalActElement.values
        }


class PartnerAgreementForm(forms.ModelForm):
    file = document_file_field(label=_("Файл соглашения"), required=False)

    class Meta:
        model = PartnerAgreement
        fields = [
            "organization",
            "partner",
            "partner_name",
            "partner_type",
            "subject",
            "number",
            "signed_on",
            "starts_on",
            "ends_on",
            "status",
            "document",
        ]
        widgets = {
            "signed_on": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            "subject": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = access.owners_for_user(user)[1]
        self.fields["organization"].queryset = organizations.exclude(kind=Organization.Kind.PARTNER)
        self.fields["partner"].queryset = Organization.objects.filter(
            kind=Organization.Kind.PARTNER, municipality__in=organizations.values("municipality_id")
        ).order_by("name")
        self.fields["document"].queryset = access.documents_for_user(user, write=True).filter(
            organization__in=organizations
        )
        self.fields["document"].label = _("или документ из реестра")
        self.fields["status"].choices = [
            choice
            for choice in PartnerAgreement.Status.choices
            if choice[0] != PartnerAgreement.Status.EXPIRED
        ]
        self.fields["status"].help_text = _("«Истекло» ставится само, когда срок действия закончился.")

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            validate_document_file(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        organization, partner, document = data.get("organization"), data.get("partner"), data.get("document")
        if (
            partner is not None
            and organization is not None
            and partner.municipality_id != organization.municipality_id
        ):
            self.add_error(
                "partner", ValidationError(_("Партнёр из другого муниципалитета."), code="foreign_partner")
            )
        if document is not None and organization is not None and document.organization_id != organization.pk:
            self.add_error(
                "document", ValidationError(_("Документ другой организации."), code="foreign_document")
            )
        if data.get("file") and document is not None:
            self.add_error(
                "file",
                ValidationError(
                    _("Загрузите файл или выберите документ (одно из двух)."), code="file_or_document"
                ),
            )
        return data


class MediaPlanItemForm(OwnerFormMixin, forms.ModelForm):
    owner_label = _("Чей медиаплан")

    class Meta:
        model = MediaPlanItem
        fields = [
            "topic",
            "channel",
            "planned_on",
            "responsible_text",
            "responsible_person",
            "published_url",
            "published_on",
        ]
        widgets = {"planned_on": DATE, "published_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_owner_field(user, self.instance)
        self.fields["published_url"].assume_scheme = "https"
        self.fields["responsible_person"].queryset = selectors.people_for_user(user)


class TemplateUploadForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Какой приказ"), choices=DocumentTemplate.Kind.choices)
    file = forms.FileField(
        label=_("Шаблон DOCX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        error_messages={"empty": EMPTY_FILE},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = access.owners_for_user(user)[0]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_size(uploaded)
        if not uploaded.name.lower().endswith(".docx"):
            raise ValidationError(
                _("Файл «%(name)s»: шаблон должен быть документом DOCX."),
                code="wrong_type",
                params={"name": uploaded.name},
            )
        return uploaded

    def clean(self):
        data = super().clean()
        uploaded, kind = data.get("file"), data.get("kind")
        if uploaded and kind:
            uploaded.seek(0)
            content = uploaded.read()
            uploaded.seek(0)
            try:
                validate_template(kind, content)
            except TemplateProblem as problem:
                self.add_error(
                    "file",
                    ValidationError(
                        _("Шаблон «%(name)s» не подходит: %(problem)s"),
                        code="invalid_template",
                        params={"name": uploaded.name, "problem": problem.message},
                    ),
                )
        return data
