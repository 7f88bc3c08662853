from django import forms
from django.utils.translation import gettext_lazy as _

from nastavnik.people.models import Person
from nastavnik.programs.models import Consent


class BaseUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл XLSX"),
        help_text=_("Таблица в форме базы из методических рекомендаций. Образец — выгрузка базы."),
    )


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид согласия"), choices=Consent.Kind.choices)
    given_by = forms.ModelChoiceField(
        label=_("Кто дал согласие"), queryset=Person.objects.none(), empty_label=None
    )
    scope = forms.CharField(
        label=_("Цель и объём"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Какие данные, для чего, какие действия с ними разрешены."),
    )
    given_on = forms.DateField(label=_("Дата согласия"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Действует до"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    scan = forms.FileField(label=_("Скан документа"), required=False)

    def __init__(self, *args, subject: Person, **kwargs):
        super().__init__(*args, **kwargs)
        representatives = Person.objects.filter(represented__child=subject)
        self.fields["given_by"].queryset = (representatives | Person.objects.filter(pk=subject.pk)).distinct()
        self.fields["given_by"].initial = representatives.first() or subject
