from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from nastavnik.core.validators import check_upload_size
from nastavnik.organizations.models import Municipality, Organization, RoleAssignment

inn_validator = RegexValidator(
    r"^(\d{10}|\d{12})$", _("ИНН состоит из 10 цифр (организация) или 12 цифр."), code="invalid_inn"
)

ORGANIZATION_FIELDS = [
    "name",
    "short_name",
    "kind",
    "inn",
    "address",
    "phone",
    "email",
    "website",
    "status",
    "pupils_total",
    "pupils_10_18",
    "pupils_15_18",
    "teachers_total",
    "young_teachers",
]


class OrganizationForm(forms.ModelForm):
    """The organisation card; also validates each row of an import."""

    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS

    def __init__(
        self,
        *args,
        municipality: Municipality | None = None,
        known_names: set[str] | None = None,
        known_inns: dict[str, tuple[str, int]] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._known_names = known_names
        self._known_inns = known_inns
        self.municipality = municipality or (self.instance.municipality if self.instance.pk else None)
        self.fields["inn"].validators.append(inn_validator)
        self.fields["website"].assume_scheme = "https"

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        # Compared in Python: iexact folds only ASCII on SQLite, and Cyrillic case must never double a school.
        if name.casefold() in self.known_names():
            raise ValidationError(
                _("Организация с таким наименованием уже есть в муниципалитете."), code="duplicate_name"
            )
        return name

    def clean_inn(self) -> str:
        inn = self.cleaned_data["inn"].strip()
        if inn and inn in self.known_inns():
            name, municipality_id = self.known_inns()[inn]
            # The other organisation is named only within the same municipality: beyond it, not our business.
            where = f": {name}" if self.municipality and municipality_id == self.municipality.pk else ""
            raise ValidationError(
                _("Организация с ИНН %(inn)s уже есть в базе%(where)s."),
                code="duplicate_inn",
                params={"inn": inn, "where": where},
            )
        return inn

    def known_names(self) -> set[str]:
        """Names already taken in the municipality (an import passes its own set, shared by all rows)."""
        if self._known_names is None:
            others = Organization.objects.filter(municipality=self.municipality).exclude(pk=self.instance.pk)
            self._known_names = {name.casefold() for name in others.values_list("name", flat=True)}
        return self._known_names

    def known_inns(self) -> dict[str, tuple[str, int]]:
        """ИНН already taken anywhere: ИНН → (name, municipality id)."""
        if self._known_inns is None:
            others = Organization.objects.exclude(inn="").exclude(pk=self.instance.pk)
            self._known_inns = {
                inn: (name, m) for inn, name, m in others.values_list("inn", "name", "municipality_id")
            }
        return self._known_inns

    def clean(self):
        data = super().clean()
        pairs = [
            ("pupils_10_18", "pupils_total", _("Обучающихся 10–18 лет не может быть больше, чем всего.")),
            ("pupils_15_18", "pupils_10_18", _("Обучающихся 15–18 лет не может быть больше, чем 10–18 лет.")),
            (
                "young_teachers",
                "teachers_total",
                _("Молодых педагогов не может быть больше, чем педагогов всего."),
            ),
        ]
        for part, whole, message in pairs:
            if data.get(part) is not None and data.get(whole) is not None and data[part] > data[whole]:
                self.add_error(part, ValidationError(message, code="count_exceeds_total"))
        return data


class OrganizationCreateForm(OrganizationForm):
    municipality_choice = forms.ModelChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none(), empty_label=None
    )

    class Meta(OrganizationForm.Meta):
        fields = ["municipality_choice", *ORGANIZATION_FIELDS]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality_choice"].queryset = municipalities
        data = self.data.get(self.add_prefix("municipality_choice")) if self.is_bound else None
        if data:
            self.municipality = municipalities.filter(pk=data).first() if str(data).isdigit() else None
        elif municipalities.count() == 1:
            self.municipality = municipalities.first()


class RoleAppointForm(forms.Form):
    """Appoint a person to a role in an organisation: an existing person, or a new one."""

    role = forms.ChoiceField(label=_("Роль"))
    existing_person = forms.ModelChoiceField(
        label=_("Уже известный человек"),
        queryset=None,
        required=False,
        empty_label=_("— новый человек —"),
        help_text=_("Выберите из сотрудников организации или оставьте пустым и заполните ФИО ниже."),
    )
    last_name = forms.CharField(label=_("Фамилия"), max_length=100, required=False)
    first_name = forms.CharField(label=_("Имя"), max_length=100, required=False)
    patronymic = forms.CharField(label=_("Отчество"), max_length=100, required=False)
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)
    email = forms.EmailField(label=_("Электронная почта"), required=False)
    phone = forms.CharField(label=_("Телефон"), max_length=40, required=False)
    order_number = forms.CharField(label=_("Номер приказа о назначении"), max_length=50)
    order_date = forms.DateField(
        label=_("Дата приказа"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    create_account = forms.BooleanField(
        label=_("Создать учётную запись и отправить ссылку для входа на почту"), required=False
    )

    def __init__(self, *args, roles, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, RoleAssignment.Role(role).label) for role in roles]
        self.fields["existing_person"].queryset = people

    def clean(self):
        data = super().clean()
        if not data.get("existing_person"):
            for name in ("last_name", "first_name"):
                if not data.get(name):
                    self.add_error(
                        name, ValidationError(_("Укажите, если назначается новый человек."), code="required")
                    )
        person = data.get("existing_person")
        if data.get("create_account") and not data.get("email") and not (person and person.email):
            self.add_error(
                "email", ValidationError(_("Для учётной записи нужна электронная почта."), code="required")
            )
        return data


class ImportUploadForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Муниципалитет"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Файл XLSX или CSV"),
        help_text=_("Первая строка — заголовки столбцов. Образец можно получить выгрузкой базы."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload_size(uploaded)
        return uploaded
