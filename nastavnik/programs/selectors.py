"""Reads of programs, their bases and pairs, scoped by the user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from nastavnik.organizations.access import municipalities_for_user, organizations_for_user, user_scope
from nastavnik.organizations.models import Organization, RoleAssignment
from nastavnik.people.models import LegalRepresentation, Person
from nastavnik.programs.models import (
    Consent,
    Meeting,
    MentoringForm,
    NormativeDocument,
    Pair,
    PlanItem,
    Program,
    ProgramParticipant,
    ProgramStage,
    RoleModelVariant,
    StageChecklistItem,
    Tag,
)


def pairs_for_user(user) -> QuerySet[Pair]:
    """Pairs the user may see: staff see their organisations' pairs; a mentor and a mentee their own;
    a parent their child's."""
    condition = Q(program__organization__in=organizations_for_user(user))
    if user.is_authenticated and user.person_id:
        person_id = user.person_id
        condition |= (
            Q(mentor_id=person_id)
            | Q(mentees__id=person_id)
            | Q(mentees__representatives__representative_id=person_id)
        )
    return (
        Pair.objects.filter(condition)
        .distinct()
        .select_related("program__organization", "form", "mentor")
        .prefetch_related(Prefetch("mentees", queryset=Person.objects.order_by("last_name")))
        .order_by("program__organization__name", "mentor__last_name")
    )


def programs_for_user(user, *, write: bool = False) -> QuerySet[Program]:
    """Programs of the organisations whose staff the user is (or, with ``write``, which they edit),
    with the size of both bases, in one query."""
    return (
        Program.objects.filter(organization__in=organizations_for_user(user, write=write))
        .select_related("organization__municipality")
        .annotate(
            mentee_count=Count("participants", filter=Q(participants__role=ProgramParticipant.Role.MENTEE)),
            mentor_count=Count("participants", filter=Q(participants__role=ProgramParticipant.Role.MENTOR)),
        )
        .order_by("organization__name", "-academic_year", "title")
    )


def get_program_for_user(user, pk: int, *, write: bool = False) -> Program:
    """The program with ``pk`` if the user may see (or edit) it; 404 otherwise."""
    program = (
        Program.objects.filter(pk=pk, organization__in=organizations_for_user(user, write=write))
        .select_related("organization__municipality")
        .first()
    )
    if program is None:
        raise Http404
    return program


def can_see_special_needs(user, program: Program) -> bool:
    """ОВЗ and other special needs are health data: only the curator and the coordinator see them."""
    scope = user_scope(user)
    if scope.is_district_staff:
        return organizations_for_user(user).filter(pk=program.organization_id).exists()
    return RoleAssignment.Role.CURATOR in scope.organization_roles.get(program.organization_id, set())


def participants_of(program: Program, role: str) -> QuerySet[ProgramParticipant]:
    """One base of a program, each row flagged with whether a consent to processing is in force."""
    active = Consent.objects.active().filter(
        subject=OuterRef("person_id"), organization_id=program.organization_id
    )
    return (
        ProgramParticipant.objects.filter(program=program, role=role)
        .select_related("person", "form")
        .annotate(
            has_processing_consent=Exists(active.filter(kind=Consent.Kind.PROCESSING)),
            has_publication_consent=Exists(active.filter(kind=Consent.Kind.PUBLICATION)),
        )
        .order_by("person__last_name", "person__first_name", "person__patronymic")
    )


#: Rows on a page of a base or of the pairs list: the pages cost the same for 50 people and for 200,000.
PAGE_SIZE = 50


def base_rows(program: Program, role: str, *, tag: str = "") -> QuerySet[ProgramParticipant]:
    """A base as its pages list it: with tags and the partner organisation, optionally one tag only."""
    rows = (
        participants_of(program, role)
        .select_related("partner_organization")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
    )
    if tag:
        rows = rows.filter(tags__name=tag)
    return rows


def base_counts(program: Program) -> dict[str, int]:
    """How many mentees and mentors the bases hold, and how many mentees lack a processing consent
    (one query).

    The consents in force are an uncorrelated subquery, read once and hashed, not probed per row: with
    200,000 people the probe per row cost most of the program page on PostgreSQL."""
    consented = (
        Consent.objects.active()
        .filter(organization_id=program.organization_id, kind=Consent.Kind.PROCESSING)
        .values("subject_id")
    )
    mentee = Q(role=ProgramParticipant.Role.MENTEE)
    return ProgramParticipant.objects.filter(program=program).aggregate(
        mentees=Count("pk", filter=mentee),
        mentors=Count("pk", filter=Q(role=ProgramParticipant.Role.MENTOR)),
        without_consent=Count("pk", filter=mentee & ~Q(person_id__in=consented)),
    )


def get_participant_for_user(user, pk: int, *, write: bool = False) -> ProgramParticipant:
    participant = (
        ProgramParticipant.objects.filter(
            pk=pk, program__organization__in=organizations_for_user(user, write=write)
        )
        .select_related("person", "program__organization")
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def consents_of(participant: ProgramParticipant) -> QuerySet[Consent]:
    """The consents a person gave the program's organisation, newest first."""
    return (
        Consent.objects.filter(
            subject=participant.person, organization_id=participant.program.organization_id
        )
        .select_related("given_by")
        .order_by("kind", "-given_on")
    )


def _pair_people_q(person_id: int) -> Q:
    return (
        Q(mentor_id=person_id)
        | Q(mentees__id=person_id)
        | Q(mentees__representatives__representative_id=person_id)
    )


def _with_details(pairs: QuerySet[Pair]) -> QuerySet[Pair]:
    """Everything a pair page or a cabinet card shows, in a fixed number of queries."""
    return pairs.select_related("program__organization", "form", "mentor").prefetch_related(
        Prefetch("mentees", queryset=Person.objects.order_by("last_name", "first_name")),
        Prefetch("plan_items", queryset=PlanItem.objects.order_by(*PlanItem._meta.ordering[1:])),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.order_by("-held_on", "-pk").prefetch_related(
                Prefetch("attendees", queryset=Person.objects.order_by("last_name", "first_name"))
            ),
        ),
    )


def get_pair_for_user(user, pk: int, *, write: bool = False, manage: bool = False) -> Pair:
    """The pair with ``pk`` if the user may see it; 404 otherwise.

    ``write``: the user may keep the pair's plan and meetings log — its own mentor, or the school's
    curator or head (and district staff). ``manage``: the user may change its status and complete it —
    staff only. A mentee or a parent only reads; anyone else, a curator of another school included,
    gets 404 as if the pair did not exist.
    """
    if manage:
        pairs = Pair.objects.filter(program__organization__in=organizations_for_user(user, write=True))
    elif write:
        condition = Q(program__organization__in=organizations_for_user(user, write=True))
        if user.is_authenticated and user.person_id:
            condition |= Q(mentor_id=user.person_id)
        pairs = Pair.objects.filter(condition)
    else:
        pairs = pairs_for_user(user)
    # The filter may join the mentees; look up the pk first so the details are fetched without duplicates.
    if not pairs.filter(pk=pk).exists():
        raise Http404
    return _with_details(Pair.objects.filter(pk=pk)).get()


def can_write_pair(user, pair: Pair) -> bool:
    """Whether the user may add meetings and keep the plan of ``pair`` (see ``get_pair_for_user``)."""
    if user.is_authenticated and user.person_id and pair.mentor_id == user.person_id:
        return True
    return can_manage_pair(user, pair)


def can_manage_pair(user, pair: Pair) -> bool:
    """Whether the user may change the status of ``pair`` and complete it: the school's editors."""
    return organizations_for_user(user, write=True).filter(pk=pair.program.organization_id).exists()


def children_of(user) -> set[int]:
    """The people the user is a legal representative of (one query)."""
    if not (user.is_authenticated and user.person_id):
        return set()
    return set(
        LegalRepresentation.objects.filter(representative_id=user.person_id).values_list(
            "child_id", flat=True
        )
    )


def mask_pair_for(pair: Pair, *, children: set[int] | None) -> Pair:
    """Set what the viewer may see of a group's people: ``shown_mentees`` and ``hidden_mentees`` (a
    count), and the same for each meeting's attendees.

    ``children`` is given when the viewer sees the pair only as a parent: then only their own child
    is named (and the mentor); other children of the group are only counted. ``None``: everyone named.
    Works on the prefetched lists, so no query is added.
    """
    mentees = list(pair.mentees.all())
    if children is None:
        pair.shown_mentees, pair.hidden_mentees = mentees, 0
    else:
        pair.shown_mentees = [m for m in mentees if m.pk in children]
        pair.hidden_mentees = len(mentees) - len(pair.shown_mentees)
    for meeting in pair.meetings.all():
        attendees = list(meeting.attendees.all())
        if children is None:
            meeting.shown_attendees, meeting.hidden_attendees = attendees, 0
        else:
            meeting.shown_attendees = [a for a in attendees if a.pk in children or a.pk == pair.mentor_id]
            meeting.hidden_attendees = len(attendees) - len(meeting.shown_attendees)
    return pair


def sees_pair_as_parent_only(user, pair: Pair) -> bool:
    """Whether the user reaches ``pair`` only as the parent of one of its mentees (not as its mentor,
    a mentee or the school's staff)."""
    if not (user.is_authenticated and user.person_id):
        return False
    person_id = user.person_id
    if pair.mentor_id == person_id or any(m.pk == person_id for m in pair.mentees.all()):
        return False
    return not organizations_for_user(user).filter(pk=pair.program.organization_id).exists()


def feedback_field_for(user, pair: Pair, *, children: set[int] | None = None) -> str | None:
    """Which feedback of a completed pair the user may write themselves: the mentor theirs
    (``mentor_feedback``), a mentee or the parent of a minor mentee the mentee's (``mentee_feedback``);
    ``None`` for anyone else and for a pair that is not completed."""
    if pair.status != Pair.Status.COMPLETED or not (user.is_authenticated and user.person_id):
        return None
    person_id = user.person_id
    if pair.mentor_id == person_id:
        return "mentor_feedback"
    if any(m.pk == person_id for m in pair.mentees.all()):
        return "mentee_feedback"
    if feedback_child_for(user, pair, children=children) is not None:
        return "mentee_feedback"
    return None


def feedback_child_for(user, pair: Pair, *, children: set[int] | None = None) -> Person | None:
    """The minor mentee of ``pair`` whose parent the user is, if any."""
    children = children_of(user) if children is None else children
    on = pair.ended_on or pair.started_on
    for mentee in pair.mentees.all():
        if mentee.pk in children and (mentee.birth_date is None or mentee.is_minor_on(on)):
            return mentee
    return None


def pairs_of_program(program: Program) -> QuerySet[Pair]:
    """The pairs and groups of a program (the caller has checked access to the program)."""
    return (
        Pair.objects.filter(program=program)
        .select_related("form", "mentor")
        .prefetch_related(Prefetch("mentees", queryset=Person.objects.order_by("last_name")))
        .annotate(meeting_count=Count("meetings", distinct=True))
        .order_by("mentor__last_name", "pk")
    )


def cabinet_pairs(user) -> dict[str, list[Pair]]:
    """The pairs of the user's personal cabinet, by the part they play: as the mentor, as a mentee,
    and as the parent of a mentee. Staff duties are not here: those are on the program pages."""
    empty: dict[str, list[Pair]] = {"as_mentor": [], "as_mentee": [], "as_parent": []}
    if not (user.is_authenticated and user.person_id):
        return empty
    person_id = user.person_id
    pks = Pair.objects.filter(_pair_people_q(person_id)).values("pk")
    pairs = list(
        _with_details(Pair.objects.filter(pk__in=pks))
        .annotate(
            is_mentee=Exists(Pair.mentees.through.objects.filter(pair_id=OuterRef("pk"), person_id=person_id))
        )
        .order_by("-started_on", "pk")
    )
    for pair in pairs:
        if pair.mentor_id == person_id:
            empty["as_mentor"].append(pair)
        elif pair.is_mentee:
            empty["as_mentee"].append(pair)
        else:
            empty["as_parent"].append(pair)
    return empty


@dataclass
class OverviewRow:
    """One organisation's line of the municipal overview."""

    organization_id: int
    organization: str
    municipality: str
    programs: int = 0
    mentors: int = 0
    external_mentors: int = 0
    partner_organizations: int = 0
    mentees: int = 0
    active_pairs: int = 0
    completed_pairs: int = 0
    meetings: int = 0
    mentees_without_consent: int = 0


@dataclass
class FormRow:
    """Pairs of one form of mentoring across the overview's organisations."""

    form: str
    total: int = 0
    active: int = 0
    completed: int = 0


@dataclass
class MunicipalOverview:
    rows: list[OverviewRow]
    totals: OverviewRow
    forms: list[FormRow]
    organization_choices: list[tuple[int, str]] = field(default_factory=list)
    academic_years: list[str] = field(default_factory=list)
    form_choices: list[tuple[int, str]] = field(default_factory=list)


#: The figures of an overview row, in the order of the page and the spreadsheet.
OVERVIEW_FIGURES = (
    "programs",
    "mentors",
    "external_mentors",
    "partner_organizations",
    "mentees",
    "active_pairs",
    "completed_pairs",
    "meetings",
    "mentees_without_consent",
)


def municipal_overview(
    user,
    *,
    organization_id: int | None = None,
    academic_year: str = "",
    form_id: int | None = None,
) -> MunicipalOverview:
    """The programs, bases and pairs of every organisation in the municipalities the user manages.

    Only district staff (municipal coordinators, regional admins) get it; anyone else gets 404. Each
    figure is one aggregate query over all the organisations, so the page costs the same for a
    district of three schools and of thirty. People are counted once per organisation, even when
    they are in the bases of several of its programs. The form filter narrows each thing by its own
    form: programs that list the form, participants of that form, pairs of that form.
    """
    if not user_scope(user).is_district_staff:
        raise Http404
    organizations = list(
        Organization.objects.filter(municipality__in=municipalities_for_user(user))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )
    all_ids = [organization.pk for organization in organizations]
    chosen = [o for o in organizations if organization_id is None or o.pk == organization_id]
    ids = [organization.pk for organization in chosen]

    programs = Program.objects.filter(organization_id__in=ids)
    participants = ProgramParticipant.objects.filter(program__organization_id__in=ids)
    pairs = Pair.objects.filter(program__organization_id__in=ids)
    if academic_year:
        programs = programs.filter(academic_year=academic_year)
        participants = participants.filter(program__academic_year=academic_year)
        pairs = pairs.filter(program__academic_year=academic_year)
    if form_id is not None:
        programs = programs.filter(forms__id=form_id)
        participants = participants.filter(form_id=form_id)
        pairs = pairs.filter(form_id=form_id)

    rows = {
        o.pk: OverviewRow(
            organization_id=o.pk, organization=o.short_name or o.name, municipality=o.municipality.name
        )
        for o in chosen
    }
    for line in programs.values("organization_id").annotate(n=Count("pk", distinct=True)):
        rows[line["organization_id"]].programs = line["n"]

    processing = Consent.objects.active().filter(
        subject=OuterRef("person_id"),
        organization_id=OuterRef("program__organization_id"),
        kind=Consent.Kind.PROCESSING,
    )
    mentee = Q(role=ProgramParticipant.Role.MENTEE)
    external = Q(role=ProgramParticipant.Role.MENTOR, partner_organization__isnull=False)
    base_lines = (
        participants.annotate(has_consent=Exists(processing))
        .values("program__organization_id")
        .annotate(
            mentors=Count("person", distinct=True, filter=Q(role=ProgramParticipant.Role.MENTOR)),
            external_mentors=Count("person", distinct=True, filter=external),
            partner_organizations=Count("partner_organization", distinct=True, filter=external),
            mentees=Count("person", distinct=True, filter=mentee),
            without_consent=Count("person", distinct=True, filter=mentee & Q(has_consent=False)),
        )
    )
    for line in base_lines:
        row = rows[line["program__organization_id"]]
        row.mentors, row.mentees = line["mentors"], line["mentees"]
        row.external_mentors, row.partner_organizations = (
            line["external_mentors"],
            line["partner_organizations"],
        )
        row.mentees_without_consent = line["without_consent"]

    active = Q(status=Pair.Status.ACTIVE)
    completed = Q(status=Pair.Status.COMPLETED)
    pair_lines = pairs.values("program__organization_id").annotate(
        active=Count("pk", filter=active), completed=Count("pk", filter=completed)
    )
    for line in pair_lines:
        row = rows[line["program__organization_id"]]
        row.active_pairs, row.completed_pairs = line["active"], line["completed"]
    meeting_lines = (
        Meeting.objects.filter(pair__in=pairs)
        .values("pair__program__organization_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for line in meeting_lines:
        rows[line["pair__program__organization_id"]].meetings = line["n"]

    form_lines = (
        pairs.values("form__name")
        .annotate(
            total=Count("pk"), active=Count("pk", filter=active), completed=Count("pk", filter=completed)
        )
        .order_by("form__name")
    )
    forms = [
        FormRow(
            form=line["form__name"], total=line["total"], active=line["active"], completed=line["completed"]
        )
        for line in form_lines
    ]

    totals = OverviewRow(organization_id=0, organization="", municipality="")
    for row in rows.values():
        for name in OVERVIEW_FIGURES:
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    # A partner that gave mentors to two schools is one partner in the total.
    totals.partner_organizations = (
        participants.filter(external).values("partner_organization").distinct().order_by().count()
    )
    years = (
        Program.objects.filter(organization_id__in=all_ids)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )
    return MunicipalOverview(
        rows=list(rows.values()),
        totals=totals,
        forms=forms,
        organization_choices=[(o.pk, o.short_name or o.name) for o in organizations],
        academic_years=list(years),
        form_choices=list(MentoringForm.objects.order_by("name").values_list("pk", "name")),
    )


def municipal_programs(
    user, *, organization_id: int | None = None, academic_year: str = "", form_id: int | None = None
) -> QuerySet[Program]:
    """The programs of the municipalities the user manages, with the overview's filters; 404 for
    anyone but district staff."""
    if not user_scope(user).is_district_staff:
        raise Http404
    programs = Program.objects.filter(organization__municipality__in=municipalities_for_user(user))
    if organization_id is not None:
        programs = programs.filter(organization_id=organization_id)
    if academic_year:
        programs = programs.filter(academic_year=academic_year)
    if form_id is not None:
        programs = programs.filter(forms__id=form_id).distinct()
    return programs.order_by("organization__name", "-academic_year", "title")


# --- Program stages -------------------------------------------------------------------------------------


@dataclass
class StageView:
    """One of the seven stages as the program page shows it."""

    number: int
    value: str
    label: str
    is_current: bool
    is_past: bool
    items: list[StageChecklistItem] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def is_complete(self) -> bool:
        return all(item.done for item in self.items)


def program_stages(program: Program) -> list[StageView]:
    """The seven stages of the program, in order, each with its checklist (one query)."""
    current = ProgramStage.values.index(program.current_stage)
    stages = [
        StageView(
            number=index + 1, value=value, label=label, is_current=index == current, is_past=index < current
        )
        for index, (value, label) in enumerate(ProgramStage.choices)
    ]
    by_value = {stage.value: stage for stage in stages}
    for item in StageChecklistItem.objects.filter(program=program).order_by("position", "pk"):
        by_value[item.stage].items.append(item)
    return stages


def get_checklist_item_for_user(user, program: Program, pk: int) -> StageChecklistItem:
    """A checklist item of ``program``, which the caller has already loaded with write access; 404 otherwise."""
    item = StageChecklistItem.objects.filter(program=program, pk=pk).first()
    if item is None:
        raise Http404
    return item


# --- Reference data -------------------------------------------------------------------------------------


def can_edit_reference(user) -> bool:
    """Forms, role-model variants and normative documents are edited by the region and municipalities."""
    return user.is_authenticated and user_scope(user).is_district_staff


def require_reference_editor(user) -> None:
    """404 for anyone who may not edit reference data: its pages are not disclosed to them."""
    if not can_edit_reference(user):
        raise Http404


def mentoring_forms_with_variants() -> QuerySet[MentoringForm]:
    return MentoringForm.objects.prefetch_related(
        Prefetch("variants", queryset=RoleModelVariant.objects.order_by("name"))
    ).order_by("name")


def normative_documents() -> QuerySet[NormativeDocument]:
    return NormativeDocument.objects.order_by("date", "number")


#: How many people of each base the pair form offers at once; a search narrows the rest.
PAIR_CHOICES_LIMIT = 50

#: Pairs that still take up a mentor's time and a mentee (as ``services.OPEN_STATUSES``).
_OPEN_PAIR_STATUSES = (Pair.Status.ACTIVE, Pair.Status.PAUSED)


def _word_variants(word: str) -> set[str]:
    """The spellings a word of a name is stored in: SQLite's LIKE folds only Latin letters, so the
    Cyrillic cases are spelled out (as typed, lower, «Заглавная», UPPER), with «ё» and «е» alike."""
    plain = word.lower().replace("ё", "е")
    spellings = {word, plain}
    # «ё» is often typed as «е»: any one «е» may stand for it (names rarely have two).
    positions = [i for i, letter in enumerate(plain) if letter == "е"][:6]
    spellings |= {plain[:i] + "ё" + plain[i + 1 :] for i in positions}
    variants = set()
    for spelling in spellings:
        variants |= {spelling, spelling.lower(), spelling.capitalize(), spelling.upper()}
    return variants


def name_search_q(text: str, prefix: str = "") -> Q:
    """People whose ФИО holds every word of ``text`` (in any of surname, name, patronymic), case
    not mattering on SQLite and PostgreSQL alike. An empty text matches everyone."""
    condition = Q()
    for word in text.split()[:5]:
        variants = _word_variants(word[:60])
        if connection.vendor != "sqlite":  # elsewhere ``icontains`` folds Cyrillic itself
            variants = {variant.casefold(): variant for variant in sorted(variants)}.values()
        word_q = Q()
        for variant in variants:
            for field_name in ("last_name", "first_name", "patronymic"):
                word_q |= Q(**{f"{prefix}{field_name}__icontains": variant})
        condition &= word_q
    return condition


@dataclass
class PairChoices:
    """One base as the pair form offers it: the first ``limit`` people found and how many were found."""

    people: list[Person]
    total: int
    limit: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.people)


def pair_candidates(program: Program, role: str) -> QuerySet[Person]:
    """People of the program's base of ``role`` in the pair form's order; a mentor's ``capacity`` from
    their row of the base."""
    people = Person.objects.filter(
        program_participations__program=program, program_participations__role=role
    ).order_by("last_name", "first_name", "patronymic", "pk")
    if role == ProgramParticipant.Role.MENTOR:
        people = people.annotate(capacity=F("program_participations__capacity"))
    return people


def _open_pairs(program: Program) -> QuerySet[Pair]:
    return Pair.objects.filter(program=program, status__in=_OPEN_PAIR_STATUSES)


def _busy_people(program: Program, role: str) -> QuerySet:
    """Ids of the busy people of a base, as one uncorrelated subquery (computed once, not per row):
    mentees in an open pair of the program; mentors whose open pairs fill their capacity."""
    if role == ProgramParticipant.Role.MENTEE:
        return Pair.mentees.through.objects.filter(pair__in=_open_pairs(program)).values("person_id")
    return (
        _open_pairs(program)
        .filter(mentor__program_participations__program=program, mentor__program_participations__role=role)
        .values("mentor_id")
        .annotate(
            load=Count("mentees", distinct=True), capacity=Min("mentor__program_participations__capacity")
        )
        .filter(load__gte=F("capacity"))
        .values("mentor_id")
    )


def pair_marks(program: Program, role: str, people: list[Person]) -> None:
    """Mark the people shown (one query): a mentee's ``busy``; a mentor's ``load`` of open mentees."""
    ids = [person.pk for person in people]
    if role == ProgramParticipant.Role.MENTEE:
        busy = set(
            Pair.mentees.through.objects.filter(pair__in=_open_pairs(program), person_id__in=ids).values_list(
                "person_id", flat=True
            )
        )
        for person in people:
            person.busy = person.pk in busy
        return
    loads = dict(
        _open_pairs(program)
        .filter(mentor_id__in=ids)
        .values("mentor_id")
        .annotate(load=Count("mentees", distinct=True))
        .values_list("mentor_id", "load")
    )
    for person in people:
        person.load = loads.get(person.pk, 0)


def pair_choices(
    program: Program, role: str, *, query: str = "", free_only: bool = False, limit: int | None = None
) -> PairChoices:
    """The people of one base the pair form shows, marked (three queries whatever the size of the base)."""
    people = pair_candidates(program, role).filter(name_search_q(query))
    if free_only:
        people = people.exclude(pk__in=_busy_people(program, role))
    limit = limit or PAIR_CHOICES_LIMIT
    shown = list(people[:limit])
    pair_marks(program, role, shown)
    return PairChoices(people=shown, total=people.count(), limit=limit)
