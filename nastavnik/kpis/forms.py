from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from nastavnik.kpis.calculations import Indicator

_academic_year_format = RegexValidator(
    r"^\d{4}/\d{4}$", _("Учебный год записывается как 2020/2021."), code="academic_year"
)


def academic_year_validator(value: str) -> None:
    """«2020/2021»: two years, the second right after the first."""
    _academic_year_format(value)
    first, second = (int(part) for part in value.split("/"))
    if second != first + 1:
        raise forms.ValidationError(
            _("Учебный год — два соседних года, например 2023/2024."), code="academic_year_years"
        )


class YearForm(forms.Form):
    year = forms.ChoiceField(label=_("Учебный год"))

    def __init__(self, *args, academic_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in reversed(list(academic_years))]


class TargetsForm(forms.Form):
    """The targets of one academic year; an empty field clears the target."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Indicator.choices:
            self.fields[value] = forms.DecimalField(
                label=label,
                required=False,
                max_digits=5,
                decimal_places=1,
                validators=[MinValueValidator(0), MaxValueValidator(100)],
                help_text=_("в процентах, от 0 до 100; пусто — цель не задана"),
                error_messages={
                    "invalid": _("Введите число процентов, например 70 или 62,5."),
                    "min_value": _("Целевое значение не может быть меньше 0 %%."),
                    "max_value": _("Целевое значение не может быть больше 100 %%."),
                    "max_decimal_places": _("Не больше одного знака после запятой."),
                },
                localize=True,
            )


class TargetsYearForm(forms.Form):
    year = forms.CharField(label=_("Учебный год"), validators=[academic_year_validator], max_length=9)


class ReportRequestForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Муниципалитет"), queryset=None, empty_label=None)
    academic_year = forms.CharField(
        label=_("Учебный год"),
        max_length=9,
        validators=[academic_year_validator],
        help_text=_("например, 2020/2021"),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
