from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from nastavnik.core.validators import check_upload_size
from nastavnik.roadmap.models import SETTABLE_STATUSES, Activity, Roadmap, Status

#: Evidence files: what is accepted, recognised by extension *and* by the file's first bytes.
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
IMPORT_EXTENSIONS = (".csv", ".xlsx", ".docx")


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


class RoadmapForm(forms.ModelForm):
    class Meta:
        model = Roadmap
        fields = ["title", "academic_year", "approved_order_number", "approved_order_date"]
        widgets = {"approved_order_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ActivityForm(forms.ModelForm):
    """An activity; the dates may be left empty to be read from the deadline text."""

    class Meta:
        model = Activity
        fields = [
            "number",
            "title",
            "responsible_text",
            "responsible_organization",
            "expected_result",
            "deadline_text",
            "starts_on",
            "ends_on",
            "cascade_to_organizations",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "responsible_text": forms.Textarea(attrs={"rows": 2}),
            "expected_result": forms.Textarea(attrs={"rows": 2}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "deadline_text": _("Как в документе, например «Сентябрь-октябрь 2020 года»."),
            "starts_on": _("Оставьте даты пустыми, чтобы они были прочитаны из срока."),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organization"].queryset = organizations
        if not self.instance.roadmap.is_municipal:
            del self.fields["cascade_to_organizations"]
        if self.instance.pk and not self.instance.deadline_recognized:
            self.fields["starts_on"].help_text = _(
                "Срок «%(text)s» не распознан автоматически: укажите даты вручную."
            ) % {"text": self.instance.deadline_text}

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip().rstrip(".)")
        siblings = self.instance.roadmap.activities.exclude(pk=self.instance.pk)
        if number and siblings.filter(number=number).exists():
            raise ValidationError(
                _("Мероприятие с номером %(number)s уже есть."),
                code="duplicate_number",
                params={"number": number},
            )
        return number

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and starts_on > ends_on:
            self.add_error("ends_on", ValidationError(_("Окончание раньше начала."), code="period_reversed"))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Статус"), choices=[(s.value, s.label) for s in SETTABLE_STATUSES])
    completed_on = forms.DateField(
        label=_("Дата выполнения"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Для статуса «выполнено»; по умолчанию — сегодня."),
    )
    comment = forms.CharField(
        label=_("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, target=None, **kwargs):
        if target is not None:
            initial = kwargs.setdefault("initial", {})
            status = target.status if target.status != Status.OVERDUE else Status.IN_PROGRESS
            initial.setdefault("status", status)
            initial.setdefault("completed_on", target.completed_on)
        super().__init__(*args, **kwargs)


class EvidenceForm(forms.Form):
    title = forms.CharField(
        label=_("Название документа"), max_length=300, help_text=_("Например: «Приказ от 04.08.2020 № 45»")
    )
    file = forms.FileField(
        label=_("Файл"),
        required=False,
        help_text=_("PDF, DOCX, JPG или PNG, не больше %(limit)s МБ.") % {"limit": settings.MAX_UPLOAD_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)}),
    )
    url = forms.URLField(
        label=_("или ссылка"),
        required=False,
        max_length=500,
        help_text=_("Например, на страницу сайта школы."),
    )
    mark_done = forms.BooleanField(label=_("Отметить как выполненное"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].assume_scheme = "https"

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not uploaded:
            return None
        check_upload_size(uploaded)
        extension = PurePath(uploaded.name).suffix.lower()
        signatures = EVIDENCE_TYPES.get(extension)
        if signatures is None:
            raise ValidationError(
                _("Файл «%(name)s»: допустимы только PDF, DOCX, JPG и PNG."),
                code="wrong_type",
                params={"name": uploaded.name},
            )
        head = uploaded.read(8)
        uploaded.seek(0)
        if not head.startswith(signatures):
            raise ValidationError(
                _("Файл «%(name)s» повреждён или не является файлом %(type)s."),
                code="corrupt_file",
                params={"name": uploaded.name, "type": extension[1:].upper()},
            )
        return uploaded

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("file")) == bool(data.get("url")):
            raise ValidationError(_("Приложите файл или укажите ссылку (одно из двух)."), code="file_or_link")
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Комментарий"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class RoadmapImportForm(forms.Form):
    owner = forms.ChoiceField(label=_("Чья дорожная карта"))
    file = forms.FileField(
        label=_("Файл CSV, XLSX или DOCX"),
        help_text=_(
            "Таблица со столбцами «№», «Мероприятие», «Ответственный», «Результат», «Срок»; не больше %(limit)s МБ."
        )
        % {"limit": settings.MAX_UPLOAD_MB},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMPORT_EXTENSIONS)}),
    )

    def __init__(self, *args, municipalities, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"m{m.pk}", _("Муниципалитет: %(name)s") % {"name": m}) for m in municipalities]
        choices += [(f"o{o.pk}", _("Организация: %(name)s") % {"name": o}) for o in organizations]
        self.fields["owner"].choices = choices

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload_size(uploaded)
        return uploaded


class RoadmapConfirmForm(forms.Form):
    title = forms.CharField(label=_("Название дорожной карты"), max_length=500)
    academic_year = forms.CharField(
        label=_("Учебный год"), max_length=20, required=False, help_text=_("Например, 2020/2021.")
    )


class TemplateLoadForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Муниципалитет"), queryset=None, empty_label=None)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
