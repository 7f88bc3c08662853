"""Mentoring programs and their pairs and groups.

The foundation holds only the shape the rest builds on: a program per organisation and academic year,
the forms of mentoring as editable reference data, and pairs/groups of one mentor with one or more
mentees.
"""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.core.models import TimeStampedModel


class MentoringForm(models.Model):
    """A form of mentoring («ученик – ученик», «учитель – учитель», …): reference data, not an enum."""

    name = models.CharField(_("название"), max_length=200, unique=True)
    is_teacher_model = models.BooleanField(_("форма наставничества педагогов"), default=False)

    class Meta:
        verbose_name = _("форма наставничества")
        verbose_name_plural = _("формы наставничества")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleModelVariant(models.Model):
    """A role-model variant of a form («успевающий – неуспевающий» for «ученик – ученик»): reference data."""

    form = models.ForeignKey(
        MentoringForm,
        verbose_name=_("форма наставничества"),
        related_name="variants",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("название"), max_length=300)

    class Meta:
        verbose_name = _("вариант ролевой модели")
        verbose_name_plural = _("варианты ролевых моделей")
        ordering = ["form__name", "name"]
        constraints = [models.UniqueConstraint(fields=["form", "name"], name="unique_role_variant_per_form")]

    def __str__(self) -> str:
        return self.name


class NormativeDocument(models.Model):
    """A normative document in the reference list: cited by number and date, never as free text,
    because the dates are often quoted wrong."""

    title = models.CharField(_("название"), max_length=500)
    number = models.CharField(_("номер"), max_length=50)
    date = models.DateField(_("дата"))
    issuer = models.CharField(_("кем принят"), max_length=300)
    url = models.URLField(_("ссылка"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("нормативный документ")
        verbose_name_plural = _("нормативные документы")
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number", "date"], name="unique_normative_document_number_date")
        ]

    def __str__(self) -> str:
        return f"{self.title} от {self.date:%d.%m.%Y} № {self.number}"


class ProgramStage(models.TextChoices):
    """The seven stages of a mentoring program (Р-145), in their order."""

    PREPARATION = "preparation", _("Подготовка условий для запуска программы")
    MENTEES_BASE = "mentees_base", _("Формирование базы наставляемых")
    MENTORS_BASE = "mentors_base", _("Формирование базы наставников")
    MENTORS_TRAINING = "mentors_training", _("Отбор и обучение наставников")
    PAIRING = "pairing", _("Формирование наставнических пар и групп")
    PAIRS_WORK = "pairs_work", _("Организация работы наставнических пар и групп")
    COMPLETION = "completion", _("Завершение программы наставничества")


class Program(TimeStampedModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        related_name="programs",
        on_delete=models.PROTECT,
    )
    academic_year = models.CharField(_("учебный год"), max_length=9, help_text=_("например, 2020/2021"))
    title = models.CharField(_("название"), max_length=300)
    forms = models.ManyToManyField(MentoringForm, verbose_name=_("формы наставничества"), blank=True)
    curators = models.ManyToManyField(
        "people.Person", verbose_name=_("кураторы"), related_name="curated_programs", blank=True
    )
    current_stage = models.CharField(
        _("текущий этап"), max_length=20, choices=ProgramStage.choices, default=ProgramStage.PREPARATION
    )
    starts_on = models.DateField(_("дата начала"), null=True, blank=True)
    ends_on = models.DateField(_("дата окончания"), null=True, blank=True)
    regulation_url = models.URLField(
        _("Положение о программе наставничества"),
        max_length=500,
        blank=True,
        help_text=_("ссылка на утверждённое Положение"),
    )

    class Meta:
        verbose_name = _("программа наставничества")
        verbose_name_plural = _("программы наставничества")
        ordering = ["-academic_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year", "title"], name="unique_program_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="program_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.academic_year})"

    def get_absolute_url(self) -> str:
        return reverse("programs:program-detail", args=[self.pk])

    @property
    def stage_number(self) -> int:
        return ProgramStage.values.index(self.current_stage) + 1


class StageChecklistItem(TimeStampedModel):
    """What a stage of a program must produce, ticked off by the curator with a link to the evidence."""

    program = models.ForeignKey(
        Program, verbose_name=_("программа"), related_name="checklist_items", on_delete=models.CASCADE
    )
    stage = models.CharField(_("этап"), max_length=20, choices=ProgramStage.choices)
    title = models.CharField(_("что должно быть сделано"), max_length=300)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    done = models.BooleanField(_("выполнено"), default=False)
    evidence_url = models.URLField(_("ссылка на подтверждение"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("пункт чек-листа этапа")
        verbose_name_plural = _("чек-листы этапов")
        ordering = ["program", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "stage", "title"], name="unique_checklist_item_per_stage"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Pair(TimeStampedModel):
    """A pair or a group: one mentor, one or several mentees."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        PAUSED = "paused", _("приостановлена")
        COMPLETED = "completed", _("завершена")
        ENDED_EARLY = "ended_early", _("прекращена досрочно")

    program = models.ForeignKey(
        Program, verbose_name=_("программа"), related_name="pairs", on_delete=models.CASCADE
    )
    form = models.ForeignKey(MentoringForm, verbose_name=_("форма"), on_delete=models.PROTECT)
    mentor = models.ForeignKey(
        "people.Person", verbose_name=_("наставник"), related_name="mentored_pairs", on_delete=models.PROTECT
    )
    mentees = models.ManyToManyField(
        "people.Person", verbose_name=_("наставляемые"), related_name="mentee_pairs"
    )
    variant = models.CharField(
        _("ролевая модель"),
        max_length=300,
        blank=True,
        help_text=_("например, «успевающий – неуспевающий»"),
    )
    # The role model as reference data; ``variant`` keeps its name as text for older readers and for
    # pairs whose variant is not (yet) in the reference list.
    role_variant = models.ForeignKey(
        RoleModelVariant,
        verbose_name=_("вариант ролевой модели"),
        related_name="pairs",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    started_on = models.DateField(_("дата начала"))
    order_number = models.CharField(_("номер приказа о закреплении"), max_length=50, blank=True)
    order_date = models.DateField(_("дата приказа"), null=True, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(_("дата окончания"), null=True, blank=True)
    end_reason = models.TextField(_("причина досрочного прекращения"), blank=True)
    results = models.TextField(_("результаты"), blank=True)
    mentor_feedback = models.TextField(_("отзыв наставника"), blank=True)
    mentee_feedback = models.TextField(_("отзыв наставляемого"), blank=True)
    is_case_candidate = models.BooleanField(_("кандидат в библиотеку кейсов"), default=False)

    class Meta:
        verbose_name = _("пара (группа)")
        verbose_name_plural = _("пары и группы")
        ordering = ["program", "mentor__last_name"]
        constraints = [
            # Ending a pair early without saying why leaves the monitoring with nothing to learn from.
            models.CheckConstraint(
                condition=~models.Q(status="ended_early") | ~models.Q(end_reason=""),
                name="pair_ended_early_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="pair_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} — {self.form}"

    def get_absolute_url(self) -> str:
        return reverse("programs:pair-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.COMPLETED, self.Status.ENDED_EARLY)


class PlanItem(TimeStampedModel):
    """A goal or task of the pair's individual plan, with its progress."""

    pair = models.ForeignKey(
        Pair, verbose_name=_("пара (группа)"), related_name="plan_items", on_delete=models.CASCADE
    )
    title = models.CharField(_("цель или задача"), max_length=300)
    due_on = models.DateField(_("срок"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("выполнено, %"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("пункт индивидуального плана")
        verbose_name_plural = _("индивидуальный план")
        ordering = ["pair", models.F("due_on").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="plan_item_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.progress >= 100


class Meeting(TimeStampedModel):
    """A line of the pair's meetings log."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("очно")
        ONLINE = "online", _("онлайн")

    pair = models.ForeignKey(
        Pair, verbose_name=_("пара (группа)"), related_name="meetings", on_delete=models.CASCADE
    )
    held_on = models.DateField(_("дата встречи"))
    format = models.CharField(_("формат"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    duration_minutes = models.PositiveSmallIntegerField(
        _("длительность, мин"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    topic = models.CharField(_("тема"), max_length=300)
    notes = models.TextField(_("заметки"), blank=True)
    attendees = models.ManyToManyField(
        "people.Person", verbose_name=_("присутствовали"), related_name="meetings_attended", blank=True
    )

    class Meta:
        verbose_name = _("встреча")
        verbose_name_plural = _("журнал встреч")
        ordering = ["pair", "-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="meeting_duration_within_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y}: {self.topic}"


class Tag(models.Model):
    """A short label for interests, competences and requests (e.g. «робототехника»), shared by all programs.

    Stored case-folded so «Робототехника» and «робототехника» are one tag on SQLite and PostgreSQL alike.
    """

    name = models.CharField(_("тег"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("тег")
        verbose_name_plural = _("теги")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="tag_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split()).casefold()
        super().save(*args, **kwargs)


class ProgramParticipant(TimeStampedModel):
    """A person in a program's base of mentees or of mentors: a row of the template table (DOMAIN.md).

    The person (ФИО, birth date, contacts) is shared across programs and years; what belongs to this
    program — the request, competences, the time resource, results — lives here.
    """

    class Role(models.TextChoices):
        MENTEE = "mentee", _("наставляемый")
        MENTOR = "mentor", _("наставник")

    class Category(models.TextChoices):
        PUPIL = "pupil", _("обучающийся")
        STUDENT = "student", _("студент")
        TEACHER = "teacher", _("педагог")
        EMPLOYEE = "employee", _("работник организации-партнёра")
        GRADUATE = "graduate", _("выпускник")
        PARENT = "parent", _("родитель")
        OTHER = "other", _("другое")

    class MeetingFormat(models.TextChoices):
        ONLINE = "online", _("онлайн")
        IN_PERSON = "in_person", _("очно")
        MIXED = "mixed", _("смешанный")

    class QualificationCategory(models.TextChoices):
        NONE = "none", _("без категории")
        CONFORMITY = "conformity", _("соответствие занимаемой должности")
        FIRST = "first", _("первая")
        HIGHEST = "highest", _("высшая")

    program = models.ForeignKey(
        Program, verbose_name=_("программа"), related_name="participants", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("человек"),
        related_name="program_participations",
        on_delete=models.PROTECT,
    )
    role = models.CharField(_("роль"), max_length=8, choices=Role.choices)
    category = models.CharField(
        _("категория"), max_length=16, choices=Category.choices, default=Category.PUPIL
    )
    form = models.ForeignKey(
        MentoringForm,
        verbose_name=_("форма наставничества"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    contacts = models.CharField(
        _("контактные данные"),
        max_length=300,
        blank=True,
        help_text=_("для несовершеннолетних — данные законного представителя"),
    )
    workplace = models.CharField(_("место работы/учёбы"), max_length=300, blank=True)
    request = models.TextField(_("основной запрос"), blank=True)
    joined_on = models.DateField(_("дата вхождения в программу"), null=True, blank=True)
    competences = models.TextField(_("ключевые компетенции"), blank=True)
    achievements = models.TextField(_("важные для программы достижения"), blank=True)
    interests = models.TextField(_("интересы"), blank=True)
    desired_mentee_age = models.CharField(_("желаемый возраст наставляемых"), max_length=50, blank=True)
    meeting_time_place = models.TextField(_("время и место для встреч"), blank=True)
    meeting_format = models.CharField(
        _("формат встреч"), max_length=16, choices=MeetingFormat.choices, blank=True
    )
    capacity = models.PositiveSmallIntegerField(
        _("сколько наставляемых может вести"), default=1, help_text=_("для наставников")
    )
    results = models.TextField(_("результаты программы"), blank=True)
    case_url = models.URLField(_("ссылка на кейс/отзыв"), max_length=500, blank=True)
    photo_url = models.URLField(_("ссылка на фото"), max_length=500, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("педагогический стаж, лет"), null=True, blank=True)
    qualification_category = models.CharField(
        _("квалификационная категория"), max_length=16, choices=QualificationCategory.choices, blank=True
    )
    # Special needs are health data (a special category under 152-ФЗ): only the curator and the
    # coordinator see them; they are never exported with the base.
    special_needs = models.BooleanField(_("ОВЗ и особые потребности"), default=False)
    special_needs_notes = models.TextField(_("заметки об особых потребностях"), blank=True)
    ready_for_special_needs = models.BooleanField(
        _("готов работать с детьми с ОВЗ"), default=False, help_text=_("для наставников")
    )
    tags = models.ManyToManyField(
        Tag,
        verbose_name=_("теги: интересы, компетенции, запрос"),
        related_name="participants",
        blank=True,
    )
    # Employers' staff mentor as external mentors tied to the partner organisation they come from.
    partner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация-партнёр (для внешних наставников)"),
        related_name="external_mentors",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # An adult may mentor a minor only once the admission (справка об отсутствии судимости, ст. 351.1 ТК РФ)
    # has been checked; matching uses this date as a hard constraint.
    minors_admission_confirmed_on = models.DateField(
        _("допуск к работе с несовершеннолетними подтверждён"),
        null=True,
        blank=True,
        help_text=_("дата проверки справки об отсутствии судимости"),
    )

    class Meta:
        verbose_name = _("участник программы")
        verbose_name_plural = _("участники программ")
        ordering = ["program", "role", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["program", "person", "role"], name="unique_program_participant"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="participant_capacity_positive"),
            models.CheckConstraint(
                condition=models.Q(role="mentee") | models.Q(special_needs=False, special_needs_notes=""),
                name="special_needs_only_for_mentees",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} ({self.program})"


class ConsentQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> ConsentQuerySet:
        """Consents in force on ``on`` (today by default): given, not expired, not withdrawn."""
        on = on or timezone.localdate()
        return self.filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
            models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on),
            given_on__lte=on,
        )


def consent_scan_path(instance, filename: str) -> str:
    return f"consents/{instance.subject_id}/{filename}"


class Consent(TimeStampedModel):
    """A consent under 152-ФЗ: who it is about, who gave it, to which operator, for what, and until when.

    Each kind is a separate document (since 01.09.2025 consents may not be bundled). A withdrawal
    takes effect on the day it is recorded.
    """

    class Kind(models.TextChoices):
        PROCESSING = "processing", _("обработка персональных данных")
        PUBLICATION = "publication", _("публикация (имя, фото, кейс)")
        EXTRA_DUTIES = "extra_duties", _("согласие педагога на дополнительные обязанности")

    subject = models.ForeignKey(
        "people.Person", verbose_name=_("субъект данных"), related_name="consents", on_delete=models.CASCADE
    )
    given_by = models.ForeignKey(
        "people.Person",
        verbose_name=_("кто дал согласие"),
        related_name="consents_given",
        on_delete=models.PROTECT,
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("оператор (организация)"),
        related_name="consents",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("вид согласия"), max_length=16, choices=Kind.choices)
    scope = models.TextField(_("цель и объём"), help_text=_("какие данные, для чего, какие действия с ними"))
    given_on = models.DateField(_("дата согласия"))
    valid_until = models.DateField(_("действует до"), null=True, blank=True)
    withdrawn_on = models.DateField(_("дата отзыва"), null=True, blank=True)
    scan = models.FileField(_("скан документа"), upload_to=consent_scan_path, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["subject", "kind", "-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject} ({self.given_on:%d.%m.%Y})"

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (
            self.given_on <= today
            and (self.valid_until is None or self.valid_until >= today)
            and (self.withdrawn_on is None or self.withdrawn_on > today)
        )
