from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.monitoring.models import CHOICE_KINDS, Question, QuestionKind, Questionnaire, Survey
from nastavnik.programs.models import MentoringForm

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "purpose", "form", "description", "is_archived"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = MentoringForm.objects.order_by("name")
        self.fields["form"].empty_label = _("любая форма")
        if municipalities is not None:
            self.fields["municipality"] = forms.ModelChoiceField(
                label=_("Муниципалитет"), queryset=municipalities, empty_label=None
            )


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Название раздела"), max_length=300)


class QuestionForm(forms.Form):
    section = forms.ChoiceField(label=_("Раздел"))
    text = forms.CharField(label=_("Вопрос"), max_length=500)
    help_text = forms.CharField(label=_("Подсказка"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Тип вопроса"), choices=QuestionKind.choices)
    key = forms.CharField(
        label=_("Ключ пункта"),
        max_length=60,
        required=False,
        help_text=_(
            "латиница, цифры и дефис, например mentee-motivation; одинаковый ключ в анкетах на входе и по "
            "завершении позволяет сравнить «до» и «после»; оставьте пустым — ключ будет подобран сам"
        ),
    )
    options = forms.CharField(
        label=_("Варианты ответа"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("для вопросов с выбором: по одному варианту в строке"),
    )
    required = forms.BooleanField(label=_("Обязательный вопрос"), required=False, initial=True)
    is_satisfaction = forms.BooleanField(label=_("Входит в индекс удовлетворённости"), required=False)
    asks_personal_data = forms.BooleanField(
        label=_("Запрашивает персональные данные (не задаётся несовершеннолетним и в анонимных опросах)"),
        required=False,
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {str(section.pk): section for section in sections}
        self.fields["section"].choices = [(str(s.pk), s.title) for s in sections]

    def clean_key(self):
        key = self.cleaned_data["key"].strip().lower()
        if key and not KEY_RE.match(key):
            raise ValidationError(
                _("Ключ: только строчная латиница, цифры и дефис, например mentee-motivation.")
            )
        return key

    def clean(self):
        data = super().clean()
        data["option_list"] = [
            line.strip() for line in (data.get("options") or "").splitlines() if line.strip()
        ]
        if data.get("kind") in CHOICE_KINDS and len(data["option_list"]) < 2:
            self.add_error(
                "options", _("Для вопроса с выбором укажите не меньше двух вариантов, по одному в строке.")
            )
        if data.get("section"):
            data["section_obj"] = self.sections[data["section"]]
        return data

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        return {
            "section": str(question.section_id),
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "key": question.key,
            "options": "\n".join(option.text for option in question.options.all()),
            "required": question.required,
            "is_satisfaction": question.is_satisfaction,
            "asks_personal_data": question.asks_personal_data,
        }


class QuestionnaireChoiceField(forms.ModelChoiceField):
    """A municipality's copy of a built-in questionnaire keeps its title: the owner tells them apart."""

    def label_from_instance(self, obj: Questionnaire) -> str:
        owner = obj.municipality.name if obj.municipality_id else _("встроенная")
        return f"{obj.title} ({owner})"


class SurveyCreateForm(forms.Form):
    questionnaire = QuestionnaireChoiceField(
        label=_("Анкета"),
        queryset=Questionnaire.objects.none(),
        help_text=_(
            "Группа и этап должны подходить анкете: анкету наставляемого на входе — наставляемым на входе "
            "или в ходе программы, анкету куратора и SWOT — кураторам."
        ),
    )
    title = forms.CharField(
        label=_("Название опроса"),
        max_length=300,
        required=False,
        help_text=_("оставьте пустым — опрос назовётся, как анкета"),
    )
    recipients = forms.ChoiceField(label=_("Кого опрашиваем"), choices=Survey.Recipients.choices)
    stage = forms.ChoiceField(label=_("Этап"), choices=Survey.Stage.choices)
    deadline = forms.DateField(
        label=_("Срок ответа"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    is_anonymous = forms.BooleanField(
        label=_(
            "Анонимный опрос (ответы не связываются с человеком; сравнить «до» и «после» по участнику нельзя)"
        ),
        required=False,
    )

    def __init__(self, *args, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires

    def clean(self):
        data = super().clean()
        if not data.get("title") and data.get("questionnaire"):
            data["title"] = data["questionnaire"].title
        return data

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(_("Срок ответа не может быть в прошлом."))
        return deadline


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("Новый срок ответа"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Укажите новый срок ответа."),
            "invalid": _("Срок ответа: укажите дату, например 25.12.2026."),
        },
    )


YES_NO_CHOICES = [("1", _("Да")), ("0", _("Нет"))]


class ResponseForm(forms.Form):
    """The questionnaire as a form: one field per question asked, named ``q<pk>``."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            common = {"label": question.text, "required": question.required, "help_text": question.help_text}
            # Shown under the question and, after its text, in the summary above the form; the question's
            # text is never put into the message itself (it would be said twice, and a «%» in it would
            # break the messages Django fills in with parameters).
            common["error_messages"] = {
                "required": _("ответьте на этот вопрос."),
                "invalid_choice": _("выберите один из предложенных ответов."),
                "max_length": _("ответ длиннее %(limit_value)d знаков, сейчас %(show_value)d."),
            }
            if question.kind == QuestionKind.SCALE:
                field = forms.TypedChoiceField(
                    choices=[(str(v), str(v)) for v in range(1, 11)],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.kind == QuestionKind.YES_NO:
                field = forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
            elif question.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(str(o.pk), o.text) for o in question.options.all()],
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(str(o.pk), o.text) for o in question.options.all()],
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            elif question.kind == QuestionKind.SHORT_TEXT:
                field = forms.CharField(max_length=300, **common)
            else:
                field = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
            field.question = question
            self.fields[f"q{question.pk}"] = field

    def values(self) -> dict[int, object]:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions}

    def sections(self):
        """The bound fields grouped by section, in order, for the template."""
        groups: list[tuple[str, list]] = []
        for question in self.questions:
            if not groups or groups[-1][0] != question.section.title:
                groups.append((question.section.title, []))
            groups[-1][1].append(self[f"q{question.pk}"])
        return groups


class MunicipalFilterForm(forms.Form):
    academic_year = forms.ChoiceField(label=_("Учебный год"), required=False)
    organization = forms.TypedChoiceField(
        label=_("Организация"), required=False, coerce=int, empty_value=None
    )
    form = forms.TypedChoiceField(
        label=_("Форма наставничества"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, years, organizations, mentoring_forms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].choices = [("", _("все годы"))] + [(y, y) for y in years]
        self.fields["organization"].choices = [("", _("все организации"))] + [
            (str(pk), n) for pk, n in organizations
        ]
        self.fields["form"].choices = [("", _("все формы"))] + [(str(pk), n) for pk, n in mentoring_forms]
