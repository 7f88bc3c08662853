from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.expertise.models import Criterion
from nastavnik.kpis.forms import academic_year_validator


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name + (f", {obj.position}" if obj.position else "")


class ProgramChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.organization} — {obj.title}"


class RoundCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Название"), max_length=300, initial=_("Экспертиза программ наставничества")
    )
    scope = forms.ChoiceField(label=_("Территория"))
    academic_year = forms.CharField(
        label=_("Учебный год"),
        max_length=9,
        validators=[academic_year_validator],
        help_text=_("например, 2020/2021"),
    )
    deadline = forms.DateField(
        label=_("Срок экспертизы"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, municipalities=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (f"r{region.pk}", _("%(region)s — региональная экспертиза") % {"region": region})
            for region in regions
        ]
        choices += [(f"m{municipality.pk}", str(municipality)) for municipality in municipalities]
        self.fields["scope"].choices = choices
        self._regions = {region.pk: region for region in regions}
        self._municipalities = {municipality.pk: municipality for municipality in municipalities}

    def clean_scope(self):
        value = self.cleaned_data["scope"]
        kind, pk = value[0], int(value[1:])
        if kind == "r":
            return self._regions[pk], None
        municipality = self._municipalities[pk]
        return municipality.region, municipality


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["title", "description", "weight", "max_score", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "title": {"required": _("Назовите критерий.")},
            "weight": {"required": _("Укажите вес критерия.")},
            "max_score": {"required": _("Укажите наибольший балл.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].min_value = 1
        self.fields["weight"].max_value = 100
        self.fields["weight"].widget.attrs.update(min=1, max=100)
        self.fields["max_score"].widget.attrs.update(min=1, max=100)
        self.fields["weight"].help_text = _("от 1 до 100")
        self.fields["max_score"].help_text = _("баллы ставятся от 0 до этого числа (не больше 100)")

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if not 1 <= weight <= 100:
            raise forms.ValidationError(_("Вес — целое число от 1 до 100."), code="weight")
        return weight

    def clean_max_score(self):
        value = self.cleaned_data["max_score"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(_("Наибольший балл — от 1 до 100."), code="max_score")
        return value


CriterionFormSet = forms.modelformset_factory(Criterion, form=CriterionForm, extra=1, can_delete=True)


class ExpertAppointForm(forms.Form):
    person = PersonChoiceField(label=_("Эксперт"), queryset=None, empty_label=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AssignmentForm(forms.Form):
    expert = PersonChoiceField(label=_("Эксперт"), queryset=None, empty_label=None)
    program = ProgramChoiceField(label=_("Программа"), queryset=None, empty_label=None)

    def __init__(self, *args, experts, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts
        self.fields["program"].queryset = programs


class ScoreForm(forms.Form):
    """A score and a comment per criterion, and the expert's overall comment."""

    comment = forms.CharField(
        label=_("Общий комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Балл: %(title)s") % {"title": criterion.title},
                required=False,
                help_text=_("от 0 до %(max)s; вес критерия %(weight)s")
                % {"max": criterion.max_score, "weight": criterion.weight},
                widget=forms.NumberInput(attrs={"min": 0, "max": criterion.max_score}),
                error_messages={"invalid": _("Балл — целое число.")},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Комментарий: %(title)s") % {"title": criterion.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def values(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}
