from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.matching.model import WEIGHT_LABELS, Weights
from nastavnik.matching.models import MatchingDecision, MatchingSettings, Objective
from nastavnik.programs.models import ProgramParticipant

DATE = {"type": "date"}
#: ``<input type="date">`` takes only ISO dates: a Russian «25.11.2026» would show an empty field.
ISO = "%Y-%m-%d"
RULE_FIELDS = (
    "same_school_for_peer_form",
    "min_peer_age_gap",
    "allow_cross_organization",
    "allow_partner_mentors",
    "allow_ended_early_again",
    "ovz_only_prepared_mentors",
    "objective",
)


class MatchingSettingsForm(forms.Form):
    """Weights (each with its default shown) and rules of matching."""

    objective = forms.ChoiceField(label=_("Цель подбора"), choices=Objective.choices)
    same_school_for_peer_form = forms.BooleanField(
        label=_("В форме «ученик – ученик» наставник только из той же школы"), required=False
    )
    min_peer_age_gap = forms.IntegerField(
        label=_("Наставник-ученик старше наставляемого не меньше чем на, лет"), min_value=0, max_value=10
    )
    allow_cross_organization = forms.BooleanField(
        label=_("Разрешить наставников из других организаций"), required=False
    )
    allow_partner_mentors = forms.BooleanField(
        label=_("Разрешить наставников — сотрудников организаций-партнёров (работодателей)"), required=False
    )
    allow_ended_early_again = forms.BooleanField(
        label=_("Снова предлагать пары, прекращённые досрочно (с весом «Пара уже завершалась досрочно»)"),
        required=False,
    )

    ovz_only_prepared_mentors = forms.BooleanField(
        label=_("Обучающимся с ОВЗ — только наставники, подготовленные к работе с ними"),
        help_text=_(
            "Снимите, если в организации нет подготовленных наставников: тогда подготовка лишь "
            "добавляет баллы, а наставляемый с ОВЗ не остаётся без пары из-за неё."
        ),
        required=False,
    )

    def __init__(self, *args, settings: MatchingSettings, **kwargs):
        weights = settings.weights_object().to_dict()
        initial = {f"w_{name}": value for name, value in weights.items()}
        initial |= {name: getattr(settings, name) for name in RULE_FIELDS}
        super().__init__(*args, initial=initial, **kwargs)
        defaults = Weights().to_dict()
        for name, label in WEIGHT_LABELS.items():
            self.fields[f"w_{name}"] = forms.IntegerField(
                label=label,
                min_value=0 if name == "max_shared_terms" else -1000,
                max_value=1000,
                help_text=_("по умолчанию %(value)s") % {"value": defaults[name]},
            )

    def weight_fields(self):
        return [self[f"w_{name}"] for name in WEIGHT_LABELS]

    def rule_fields(self):
        return [self[name] for name in RULE_FIELDS]

    def weights(self) -> dict:
        return {name: self.cleaned_data[f"w_{name}"] for name in WEIGHT_LABELS}

    def rules(self) -> dict:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}


class MunicipalRunForm(forms.Form):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Организации"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Выберите хотя бы одну организацию.")},
    )
    academic_year = forms.ChoiceField(label=_("Учебный год"))

    def __init__(self, *args, organizations, academic_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations
        self.fields["organizations"].label_from_instance = lambda o: o.short_name or o.name
        self.fields["academic_year"].choices = [(y, y) for y in academic_years]


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(choices=[*MatchingDecision.Kind.choices, ("swap", _("переставить"))])
    mentee = forms.IntegerField(min_value=1)
    mentor = forms.IntegerField(min_value=1)
    reason = forms.CharField(label=_("Причина"), max_length=300, required=False)
    for_program = forms.BooleanField(label=_("Для всех следующих подборов программы"), required=False)


class AcceptForm(forms.Form):
    started_on = forms.DateField(
        label=_("Дата начала работы пар"),
        widget=forms.DateInput(attrs=DATE, format=ISO),
        initial=timezone.localdate,
    )
    order_number = forms.CharField(
        label=_("Номер приказа о закреплении"),
        max_length=50,
        required=False,
        help_text=_("можно оставить пустым и вписать в сформированный приказ"),
    )
    order_date = forms.DateField(
        label=_("Дата приказа"), required=False, widget=forms.DateInput(attrs=DATE, format=ISO)
    )


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        form = f" ({obj.form})" if obj.form_id else ""
        return f"{obj.person.full_name}{form}"


class MenteeChoicesForm(forms.Form):
    """Up to three mentors the mentee would like, best first."""

    def __init__(self, *args, mentors, current: list[ProgramParticipant], **kwargs):
        super().__init__(*args, **kwargs)
        for rank in (1, 2, 3):
            self.fields[f"choice_{rank}"] = MentorChoiceField(
                label=_("%(rank)s-й выбор") % {"rank": rank},
                queryset=mentors,
                required=False,
                empty_label=_("— не выбран —"),
                initial=current[rank - 1].pk if len(current) >= rank else None,
            )

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"choice_{rank}") for rank in (1, 2, 3)]
        picked = [m.pk for m in chosen if m is not None]
        if len(set(picked)) != len(picked):
            raise forms.ValidationError(_("Один и тот же наставник выбран дважды."), code="duplicate_choice")
        return data

    def mentors(self):
        return [self.cleaned_data.get(f"choice_{rank}") for rank in (1, 2, 3)]
