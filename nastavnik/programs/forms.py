from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.organizations.access import ORGANIZATION_STAFF_ROLES, active_roles_q
from nastavnik.organizations.models import Organization
from nastavnik.people.models import Person
from nastavnik.programs import selectors
from nastavnik.programs.models import (
    Consent,
    Meeting,
    MentoringForm,
    Pair,
    Program,
    ProgramParticipant,
    RoleModelVariant,
)
from nastavnik.programs.services import TAG_MAX_LENGTH, tags_parse


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
    given_on = forms.DateField(
        label=_("Дата согласия"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    valid_until = forms.DateField(
        label=_("Действует до"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scan = forms.FileField(label=_("Скан документа"), required=False)

    def __init__(self, *args, subject: Person, **kwargs):
        super().__init__(*args, **kwargs)
        representatives = Person.objects.filter(represented__child=subject)
        self.fields["given_by"].queryset = (representatives | Person.objects.filter(pk=subject.pk)).distinct()
        self.fields["given_by"].initial = representatives.first() or subject


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


DATE = {"type": "date"}


def date_input() -> forms.DateInput:
    """An HTML date input: it understands only ISO dates, whatever the locale shows."""
    return forms.DateInput(format="%Y-%m-%d", attrs=DATE)


class PairSearchForm(forms.Form):
    """The search that narrows the people the pair form offers (GET, works without scripts)."""

    mentor_q = forms.CharField(label=_("Найти наставника (ФИО)"), required=False, max_length=100)
    mentee_q = forms.CharField(label=_("Найти наставляемых (ФИО)"), required=False, max_length=100)
    free = forms.BooleanField(
        label=_("Только свободные: наставляемые не в паре, наставники с местами"), required=False
    )


def _pair_label(person: Person) -> str:
    if getattr(person, "busy", False):
        return _("%(name)s — уже в паре") % {"name": person.full_name}
    capacity = getattr(person, "capacity", None)
    if capacity is not None and person.load >= capacity:
        return _("%(name)s — мест нет (ведёт %(load)s из %(capacity)s)") % {
            "name": person.full_name,
            "load": person.load,
            "capacity": capacity,
        }
    return person.full_name


def _pair_note(name: str, choices: "selectors.PairChoices", help_text: str) -> str:
    if choices.truncated:
        note = _("Показаны первые %(shown)s из %(total)s — уточните поиск.") % {
            "shown": len(choices.people),
            "total": choices.total,
        }
    elif name == "mentor":
        note = _("Найдено наставников: %(total)s.") % {"total": choices.total}
    else:
        note = _("Найдено наставляемых: %(total)s.") % {"total": choices.total}
    return f"{help_text} {note}".strip()


class PairCreateForm(forms.Form):
    """A pair or group from the program's own bases: the mentor from the base of mentors, the mentees
    from the base of mentees."""

    mentor = PersonChoiceField(label=_("Наставник"), queryset=Person.objects.none())
    mentees = PeopleChoiceField(
        label=_("Наставляемые"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Один — пара, несколько — группа."),
    )
    form = forms.ModelChoiceField(label=_("Форма наставничества"), queryset=MentoringForm.objects.none())
    role_variant = forms.ChoiceField(
        label=_("Вариант ролевой модели"),
        required=False,
        help_text=_("Из справочника, по формам наставничества: вариант должен относиться к выбранной форме."),
    )
    variant = forms.CharField(
        label=_("Другая ролевая модель"),
        required=False,
        max_length=300,
        help_text=_("Только если нужного варианта нет в справочнике, например «успевающий – неуспевающий»."),
    )
    started_on = forms.DateField(label=_("Дата начала"), widget=date_input())
    order_number = forms.CharField(label=_("Номер приказа о закреплении"), required=False, max_length=50)
    order_date = forms.DateField(label=_("Дата приказа"), required=False, widget=date_input())

    def __init__(self, *args, program: Program, search: "PairSearchForm | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        in_base = ProgramParticipant.objects.filter(program=program)
        order = ("last_name", "first_name", "patronymic")
        # The whole bases validate a choice; only the people found are offered (see _offer).
        self.fields["mentor"].queryset = Person.objects.filter(
            program_participations__in=in_base.filter(role=ProgramParticipant.Role.MENTOR)
        ).order_by(*order)
        self.fields["mentees"].queryset = Person.objects.filter(
            program_participations__in=in_base.filter(role=ProgramParticipant.Role.MENTEE)
        ).order_by(*order)
        self.found = self._offer(program, search or PairSearchForm({}))
        # The program's own forms first choice; any form if the program has not listed them yet.
        forms_used = program.forms.all()
        self.fields["form"].queryset = forms_used if forms_used.exists() else MentoringForm.objects.all()
        # Variants grouped by their form, so the choice reads «форма → вариант» without any script.
        variants = RoleModelVariant.objects.filter(form__in=self.fields["form"].queryset).select_related(
            "form"
        )
        self._variants = {str(v.pk): v for v in variants.order_by("form__name", "name")}
        groups: dict[str, list[tuple[str, str]]] = {}
        for key, variant in self._variants.items():
            groups.setdefault(variant.form.name, []).append((key, variant.name))
        self.fields["role_variant"].choices = [("", _("— не выбран —")), *groups.items()]

    def clean_role_variant(self):
        value = self.cleaned_data.get("role_variant")
        return self._variants.get(value) if value else None

    def _chosen(self, name: str) -> list[int]:
        """The ids already chosen (a form sent back with errors keeps them on offer)."""
        if self.is_bound:
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name)
        else:
            values = self.initial.get(name)
        if values is None:
            return []
        if not isinstance(values, (list, tuple)):
            values = [values]
        return [int(v) for v in (getattr(v, "pk", v) for v in values) if str(v).isdigit()][:50]

    def _offer(self, program: Program, search: "PairSearchForm") -> dict[str, selectors.PairChoices]:
        """Offer the first people of each base matching the search, plus those already chosen, each
        marked when busy; the field's help says how many were found."""
        terms = search.cleaned_data if search.is_valid() else {}
        found = {}
        for name, role in (
            ("mentor", ProgramParticipant.Role.MENTOR),
            ("mentees", ProgramParticipant.Role.MENTEE),
        ):
            choices = selectors.pair_choices(
                program,
                role,
                query=terms.get("mentor_q" if name == "mentor" else "mentee_q", ""),
                free_only=bool(terms.get("free")),
            )
            shown = {person.pk for person in choices.people}
            extra = [pk for pk in self._chosen(name) if pk not in shown]
            chosen = list(selectors.pair_candidates(program, role).filter(pk__in=extra)) if extra else []
            selectors.pair_marks(program, role, chosen)
            options = [(person.pk, _pair_label(person)) for person in [*chosen, *choices.people]]
            field = self.fields[name]
            field.widget.choices = [("", field.empty_label), *options] if name == "mentor" else options
            field.help_text = _pair_note(name, choices, field.help_text)
            found[name] = choices
        return found

    def clean(self):
        cleaned = super().clean()
        form, variant = cleaned.get("form"), cleaned.get("role_variant")
        if form is not None and variant is not None and variant.form_id != form.pk:
            self.add_error(
                "role_variant",
                forms.ValidationError(
                    _(
                        "Вариант «%(variant)s» относится к форме «%(variant_form)s», а выбрана форма «%(form)s»."
                    ),
                    code="variant_of_other_form",
                    params={"variant": variant.name, "variant_form": variant.form.name, "form": form.name},
                ),
            )
        return cleaned


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Дата встречи"), widget=date_input())
    format = forms.ChoiceField(
        label=_("Формат"),
        choices=Meeting.Format.choices,
        widget=forms.RadioSelect,
        initial=Meeting.Format.IN_PERSON,
    )
    duration_minutes = forms.IntegerField(
        label=_("Длительность, минут"), min_value=1, max_value=24 * 60, initial=45
    )
    topic = forms.CharField(label=_("Тема"), max_length=300)
    notes = forms.CharField(label=_("Заметки"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    attendees = PeopleChoiceField(
        label=_("Присутствовали"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, pair: Pair, **kwargs):
        super().__init__(*args, **kwargs)
        people = [pair.mentor, *pair.mentees.all()]
        self.fields["attendees"].queryset = Person.objects.filter(pk__in=[p.pk for p in people]).order_by(
            "last_name", "first_name"
        )
        self.fields["attendees"].initial = [p.pk for p in people]
        self.fields["held_on"].initial = timezone.localdate()


PROGRESS_CHOICES = [(value, f"{value} %") for value in range(0, 101, 10)]


class PlanItemForm(forms.Form):
    title = forms.CharField(label=_("Цель или задача"), max_length=300)
    due_on = forms.DateField(label=_("Срок"), required=False, widget=date_input())
    progress = forms.TypedChoiceField(label=_("Выполнено"), choices=PROGRESS_CHOICES, coerce=int, initial=0)


class PlanProgressForm(forms.Form):
    progress = forms.TypedChoiceField(label=_("Выполнено"), choices=PROGRESS_CHOICES, coerce=int)


class PairStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Новый статус"),
        choices=[
            (s.value, s.label) for s in (Pair.Status.ACTIVE, Pair.Status.PAUSED, Pair.Status.ENDED_EARLY)
        ],
    )
    reason = forms.CharField(
        label=_("Причина досрочного прекращения"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Обязательна, если пара прекращается досрочно."),
    )


class PairCompleteForm(forms.Form):
    results = forms.CharField(label=_("Результаты"), widget=forms.Textarea(attrs={"rows": 3}))
    mentor_feedback = forms.CharField(
        label=_("Отзыв наставника"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mentee_feedback = forms.CharField(
        label=_("Отзыв наставляемого"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_case_candidate = forms.BooleanField(label=_("Кандидат в библиотеку кейсов"), required=False)


class PairFeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Ваш отзыв"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Что получилось, что было полезно, что можно сделать лучше."),
    )


class MunicipalOverviewFilterForm(forms.Form):
    """The filters of the municipal overview; the choices are the user's own organisations and years."""

    organization = forms.TypedChoiceField(
        label=_("Организация"), required=False, coerce=int, empty_value=None
    )
    academic_year = forms.ChoiceField(label=_("Учебный год"), required=False)
    form = forms.TypedChoiceField(
        label=_("Форма наставничества"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, organizations=(), academic_years=(), mentoring_forms=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("все"))]
        self.fields["organization"].choices = everything + [(pk, name) for pk, name in organizations]
        self.fields["academic_year"].choices = everything + [(year, year) for year in academic_years]
        self.fields["form"].choices = everything + [(pk, name) for pk, name in mentoring_forms]


class ProgramSettingsForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300)
    starts_on = forms.DateField(label=_("Дата начала"), required=False, widget=date_input())
    ends_on = forms.DateField(label=_("Дата окончания"), required=False, widget=date_input())
    regulation_url = forms.URLField(
        label=_("Положение о программе наставничества"),
        required=False,
        help_text=_("Ссылка на утверждённое Положение на сайте организации."),
    )
    mentoring_forms = forms.ModelMultipleChoiceField(
        label=_("Формы наставничества"),
        queryset=MentoringForm.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    curators = PeopleChoiceField(
        label=_("Кураторы"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Из сотрудников организации, назначенных в цифровой базе."),
    )

    def __init__(self, *args, program: Program, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Person.objects.filter(
            active_roles_q("roles__"),
            roles__organization_id=program.organization_id,
            roles__role__in=ORGANIZATION_STAFF_ROLES,
        )
        self.fields["curators"].queryset = (
            (staff | program.curators.all()).distinct().order_by("last_name", "first_name")
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                forms.ValidationError(
                    _("Дата окончания программы раньше даты начала."), code="program_ends_before_start"
                ),
            )
        return cleaned


class ChecklistItemForm(forms.Form):
    done = forms.BooleanField(label=_("Выполнено"), required=False)
    evidence_url = forms.URLField(label=_("Ссылка на подтверждение"), required=False, max_length=500)


class MentoringFormForm(forms.Form):
    name = forms.CharField(label=_("Название"), max_length=200, help_text=_("например, «ученик – ученик»"))
    is_teacher_model = forms.BooleanField(label=_("Форма наставничества педагогов"), required=False)


class RoleModelVariantForm(forms.Form):
    form = forms.ModelChoiceField(
        label=_("Форма наставничества"), queryset=MentoringForm.objects.order_by("name"), empty_label=None
    )
    name = forms.CharField(
        label=_("Вариант ролевой модели"), max_length=300, help_text=_("например, «лидер – пассивный»")
    )


class NormativeDocumentForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    number = forms.CharField(label=_("Номер"), max_length=50, help_text=_("например, Р-145"))
    date = forms.DateField(label=_("Дата"), widget=date_input())
    issuer = forms.CharField(label=_("Кем принят"), max_length=300)
    url = forms.URLField(label=_("Ссылка"), required=False, max_length=500)


class ProgramCreateForm(forms.Form):
    """A new program of one of the organisations the user edits; partners run no programs."""

    organization = forms.ModelChoiceField(label=_("Организация"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("Название"), max_length=300, initial=_("Программа наставничества"))
    academic_year = forms.RegexField(
        label=_("Учебный год"),
        regex=r"^\d{4}/\d{4}$",
        max_length=9,
        help_text=_("Например, 2025/2026."),
        error_messages={"invalid": _("Учебный год — в виде 2025/2026.")},
    )
    starts_on = forms.DateField(label=_("Дата начала"), required=False, widget=date_input())
    ends_on = forms.DateField(label=_("Дата окончания"), required=False, widget=date_input())
    mentoring_forms = forms.ModelMultipleChoiceField(
        label=_("Формы наставничества"),
        queryset=MentoringForm.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if len(organizations) == 1:
            self.fields["organization"].initial = organizations[0].pk
            self.fields["organization"].empty_label = None
        today = timezone.localdate()
        first = today.year if today.month >= 8 else today.year - 1
        self.fields["academic_year"].initial = f"{first}/{first + 1}"

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("academic_year")
        if year and int(year[5:]) != int(year[:4]) + 1:
            self.add_error("academic_year", _("Учебный год — два соседних года, например 2025/2026."))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Дата окончания программы раньше даты начала."))
        return cleaned


#: Fields of a row of a base, by the base they belong to (the rest are shared).
MENTEE_ONLY_FIELDS = ("request", "special_needs", "special_needs_notes")
MENTOR_ONLY_FIELDS = (
    "competences",
    "achievements",
    "desired_mentee_age",
    "meeting_time_place",
    "capacity",
    "ready_for_special_needs",
    "partner_organization",
    "minors_admission_confirmed_on",
)
PERSON_FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "email", "phone")


class ParticipantForm(forms.Form):
    """One person of a base, added or edited by hand: the person (only when adding: their record is
    shared with other programs) and the program's own fields."""

    last_name = forms.CharField(label=_("Фамилия"), max_length=100)
    first_name = forms.CharField(label=_("Имя"), max_length=100)
    patronymic = forms.CharField(label=_("Отчество"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Дата рождения"),
        required=False,
        widget=date_input(),
        help_text=_(
            "По ФИО и дате рождения человек сверяется с уже известными, чтобы не завести его дважды."
        ),
    )
    email = forms.EmailField(label=_("Электронная почта"), required=False)
    phone = forms.CharField(label=_("Телефон"), max_length=40, required=False)
    category = forms.ChoiceField(label=_("Категория"), choices=ProgramParticipant.Category.choices)
    contacts = forms.CharField(
        label=_("Контактные данные"),
        max_length=300,
        required=False,
        help_text=_("Для несовершеннолетних — данные законного представителя."),
    )
    workplace = forms.CharField(label=_("Место работы/учёбы"), max_length=300, required=False)
    form = forms.ModelChoiceField(
        label=_("Форма наставничества"), queryset=MentoringForm.objects.order_by("name"), required=False
    )
    request = forms.CharField(
        label=_("Основной запрос"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    competences = forms.CharField(
        label=_("Ключевые компетенции"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    achievements = forms.CharField(
        label=_("Важные для программы достижения"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    interests = forms.CharField(label=_("Интересы"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(
        label=_("Теги"),
        required=False,
        max_length=1000,
        help_text=_("Через запятую: интересы, компетенции, запрос, например «робототехника, ОГЭ, шахматы»."),
    )
    desired_mentee_age = forms.CharField(
        label=_("Желаемый возраст наставляемых"), max_length=50, required=False
    )
    meeting_time_place = forms.CharField(
        label=_("Время и место для встреч"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    meeting_format = forms.ChoiceField(
        label=_("Формат встреч"),
        choices=[("", _("не указан")), *ProgramParticipant.MeetingFormat.choices],
        required=False,
    )
    capacity = forms.IntegerField(
        label=_("Сколько наставляемых может вести"), min_value=1, max_value=50, initial=1
    )
    partner_organization = forms.ModelChoiceField(
        label=_("Организация-партнёр"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Обязательно для работника организации-партнёра (внешнего наставника)."),
    )
    minors_admission_confirmed_on = forms.DateField(
        label=_("Допуск к работе с несовершеннолетними подтверждён"),
        required=False,
        widget=date_input(),
        help_text=_(
            "Дата проверки справки об отсутствии судимости; без неё взрослый не ведёт несовершеннолетнего."
        ),
    )
    ready_for_special_needs = forms.BooleanField(label=_("Готов работать с детьми с ОВЗ"), required=False)
    joined_on = forms.DateField(label=_("Дата вхождения в программу"), required=False, widget=date_input())
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)
    experience_years = forms.IntegerField(
        label=_("Педагогический стаж, лет"), min_value=0, max_value=80, required=False
    )
    qualification_category = forms.ChoiceField(
        label=_("Квалификационная категория"),
        choices=[("", _("не указана")), *ProgramParticipant.QualificationCategory.choices],
        required=False,
    )
    special_needs = forms.BooleanField(label=_("ОВЗ и особые потребности"), required=False)
    special_needs_notes = forms.CharField(
        label=_("Заметки об особых потребностях"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    results = forms.CharField(
        label=_("Результаты программы"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    case_url = forms.URLField(label=_("Ссылка на кейс/отзыв"), required=False, max_length=500)
    photo_url = forms.URLField(label=_("Ссылка на фото"), required=False, max_length=500)

    def __init__(
        self, *args, program: Program, role: str, show_special_needs: bool, editing: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        drop = set(MENTOR_ONLY_FIELDS if role == ProgramParticipant.Role.MENTEE else MENTEE_ONLY_FIELDS)
        if not show_special_needs:
            # Health data: a field the user may not see is not even in the form, so it is never changed.
            drop |= {"special_needs", "special_needs_notes"}
        if editing:
            drop |= set(PERSON_FIELDS)
        for name in drop:
            self.fields.pop(name, None)
        if "partner_organization" in self.fields:
            self.fields["partner_organization"].queryset = Organization.objects.filter(
                municipality_id=program.organization.municipality_id, kind=Organization.Kind.PARTNER
            ).order_by("name")
        if role == ProgramParticipant.Role.MENTOR and not editing:
            self.fields["category"].initial = ProgramParticipant.Category.TEACHER

    def clean_tags(self) -> list[str]:
        names = tags_parse(self.cleaned_data.get("tags", ""))
        too_long = [name for name in names if len(name) > TAG_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Тег «%(tag)s…» длиннее %(limit)s символов: разделите теги запятыми."),
                code="tag_too_long",
                params={"tag": too_long[0][:30], "limit": TAG_MAX_LENGTH},
            )
        return names

    def clean(self):
        cleaned = super().clean()
        if (
            "partner_organization" in self.fields
            and cleaned.get("category") == ProgramParticipant.Category.EMPLOYEE
            and not cleaned.get("partner_organization")
        ):
            self.add_error(
                "partner_organization",
                forms.ValidationError(
                    _("Для работника организации-партнёра выберите организацию-партнёр."),
                    code="partner_required",
                ),
            )
        if (
            "special_needs" in self.fields
            and cleaned.get("special_needs_notes")
            and not cleaned.get("special_needs")
        ):
            self.add_error(
                "special_needs",
                forms.ValidationError(
                    _("Есть заметки об особых потребностях: отметьте и сам признак."),
                    code="notes_without_flag",
                ),
            )
        return cleaned

    @staticmethod
    def initial_for(participant: ProgramParticipant) -> dict:
        initial = {
            name: getattr(participant, name)
            for name in (
                "category",
                "contacts",
                "workplace",
                "request",
                "competences",
                "achievements",
                "interests",
                "desired_mentee_age",
                "meeting_time_place",
                "meeting_format",
                "capacity",
                "minors_admission_confirmed_on",
                "ready_for_special_needs",
                "joined_on",
                "position",
                "experience_years",
                "qualification_category",
                "special_needs",
                "special_needs_notes",
                "results",
                "case_url",
                "photo_url",
            )
        }
        initial["form"] = participant.form_id
        initial["partner_organization"] = participant.partner_organization_id
        initial["tags"] = ", ".join(tag.name for tag in participant.tags.order_by("name"))
        return initial
