"""Writes of matching: inputs from the bases, runs, pins and bans, accepting a draft into pairs.

Everything that reads the bases for a run does so in a fixed number of queries whatever the number of
people (joins and subqueries, never one query per participant), so a municipality of 10,000 mentees is
read as fast as a school of 50.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from nastavnik.core.services import audit_record
from nastavnik.matching import parsing
from nastavnik.matching.model import PEER_FORM, Mentee, Mentor, Rules, Weights
from nastavnik.matching.model import Objective as CoreObjective
from nastavnik.matching.models import (
    MatchingDecision,
    MatchingRun,
    MatchingSettings,
    MenteeChoice,
    Objective,
    ProposedPair,
    UnmatchedMentee,
)
from nastavnik.matching.scoring import CONSTRAINT_TEXTS, candidate_edges, explain, violation
from nastavnik.matching.solver import solve_graph
from nastavnik.programs.models import Consent, MentoringForm, Pair, Program, ProgramParticipant
from nastavnik.programs.services import OPEN_STATUSES, pair_create, participant_add

Role = ProgramParticipant.Role
Kind = MatchingDecision.Kind


# ---------------------------------------------------------------------------------------------- settings


def settings_for_program(program: Program) -> MatchingSettings:
    """The program's settings, unsaved defaults when the curator has not changed anything yet."""
    found = MatchingSettings.objects.filter(program=program).first()
    return found or MatchingSettings(program=program)


def settings_for_municipality(municipality) -> MatchingSettings:
    found = MatchingSettings.objects.filter(municipality=municipality).first()
    return found or MatchingSettings(municipality=municipality)


def matching_settings_save(
    *, settings: MatchingSettings, weights: dict, user=None, **rules
) -> MatchingSettings:
    """Save weights (validated with ``model.Weights``) and rules of a program or a municipality."""
    known = {
        "same_school_for_peer_form",
        "min_peer_age_gap",
        "allow_cross_organization",
        "allow_partner_mentors",
        "allow_ended_early_again",
        "ovz_only_prepared_mentors",
        "objective",
    }
    unknown = set(rules) - known
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    settings.weights = {key: int(value) for key, value in weights.items()}
    for key, value in rules.items():
        setattr(settings, key, value)
    settings.full_clean()
    settings.save()
    audit_record(user=user, action="update", obj=settings, description="параметры подбора пар")
    return settings


# ---------------------------------------------------------------------------------------------- inputs


PARTICIPANT_VALUES = (
    "pk",
    "role",
    "category",
    "program_id",
    "program__organization_id",
    "person_id",
    "person__birth_date",
    "form_id",
    "form__name",
    "form__is_teacher_model",
    "request",
    "competences",
    "interests",
    "desired_mentee_age",
    "meeting_time_place",
    "meeting_format",
    "capacity",
    "special_needs",
    "ready_for_special_needs",
    "partner_organization_id",
    "minors_admission_confirmed_on",
    "has_processing",
    "has_processing_by_representative",
    "has_extra_duties",
)


@dataclass
class Inputs:
    """What one run reads from the bases, ready for the pure core."""

    mentees: list[Mentee]
    mentors: list[Mentor]
    ended_early: frozenset = frozenset()
    self_pairs: frozenset = frozenset()  # the same person as mentee and as mentor: never a pair
    left_out: dict[int, str] = field(default_factory=dict)  # mentee pk → why not in the run at all
    requests: dict[int, str] = field(default_factory=dict)  # mentee pk → request and tags, as typed


def _age(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def _consent_exists(kind: str, *, today: date, representative: bool = False):
    consents = Consent.objects.active(today).filter(
        subject=OuterRef("person_id"), organization_id=OuterRef("program__organization_id"), kind=kind
    )
    if representative:
        consents = consents.filter(given_by__represented__child=OuterRef("person_id"))
    return Exists(consents)


def build_inputs(programs: Iterable[Program] | Q, *, today: date | None = None) -> Inputs:
    """Mentees and mentors of ``programs`` as the core's dataclasses, in a constant number of queries.

    - age from the date of birth; a mentee is a minor by it, or (no date) when they are a pupil — as
      ``programs.services`` decides when it checks consents;
    - terms: the normalised words of the request (mentee) or competences and interests (mentor), plus tags;
    - formats from the meeting format, time slots and the mentor's desired mentee age from free text;
    - consent: a processing consent in force given to the program's organisation (for a minor, by a legal
      representative); for the teacher forms also the written consent to the extra duties, of mentees and
      of mentors alike, as ``pair_create`` will require;
    - capacity: the base's capacity minus the mentees of the mentor's open (active or paused) pairs in the
      program, and of open pairs an accepted run gave them in other programs;
    - mentees already in an open pair of their program are left out of the run.
    """
    today = today or timezone.localdate()
    program_q = programs if isinstance(programs, Q) else Q(pk__in=[p.pk for p in programs])
    scope = Program.objects.filter(program_q).values("pk")
    # Plain rows, not model instances: a region's bases are tens of thousands of rows.
    rows = list(
        ProgramParticipant.objects.filter(program__in=scope)
        .annotate(
            has_processing=_consent_exists(Consent.Kind.PROCESSING, today=today),
            has_processing_by_representative=_consent_exists(
                Consent.Kind.PROCESSING, today=today, representative=True
            ),
            has_extra_duties=_consent_exists(Consent.Kind.EXTRA_DUTIES, today=today),
        )
        .order_by("program_id", "role", "person__last_name", "person__first_name", "pk")
        .values(*PARTICIPANT_VALUES)
    )
    tags: dict[int, list[str]] = defaultdict(list)
    for participant_id, name in ProgramParticipant.tags.through.objects.filter(
        programparticipant__program__in=scope
    ).values_list("programparticipant_id", "tag__name"):
        tags[participant_id].append(name)
    choices: dict[int, list[int]] = defaultdict(list)
    for mentee_id, mentor_id in (
        MenteeChoice.objects.filter(mentee__program__in=scope)
        .order_by("mentee_id", "rank")
        .values_list("mentee_id", "mentor_id")
    ):
        choices[mentee_id].append(mentor_id)

    # Open pairs in the scope: who is already paired, and whose seats are taken.
    in_open_pair: set[tuple[int, int]] = set()  # (program, mentee person)
    load: dict[tuple[int, int], set[int]] = defaultdict(set)  # (program, mentor person) → mentee persons
    for program_id, mentor_person, mentee_person in Pair.mentees.through.objects.filter(
        pair__program__in=scope, pair__status__in=OPEN_STATUSES
    ).values_list("pair__program_id", "pair__mentor_id", "person_id"):
        in_open_pair.add((program_id, mentee_person))
        load[program_id, mentor_person].add(mentee_person)
    elsewhere: dict[int, set[int]] = defaultdict(set)  # mentor participant → mentee persons in other programs
    for mentor_id, mentee_person in (
        ProposedPair.objects.filter(
            mentor__program__in=scope,
            run__status=MatchingRun.Status.ACCEPTED,
            pair__status__in=OPEN_STATUSES,
        )
        .exclude(pair__program_id=F("mentor__program_id"))
        .values_list("mentor_id", "mentee__person_id")
    ):
        elsewhere[mentor_id].add(mentee_person)

    # A mentor whose row names no form may mentor in the program's forms that fit their category.
    program_forms: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for program_id, name, is_teacher_model in Program.forms.through.objects.filter(
        program__in=scope
    ).values_list("program_id", "mentoringform__name", "mentoringform__is_teacher_model"):
        program_forms[program_id].append((name, is_teacher_model))

    mentees: list[Mentee] = []
    mentors: list[Mentor] = []
    left_out: dict[int, str] = {}
    requests: dict[int, str] = {}
    mentee_by_person: dict[int, list[int]] = defaultdict(list)
    mentor_by_person: dict[int, list[int]] = defaultdict(list)
    for p in rows:
        pk, person_id, program_id = p["pk"], p["person_id"], p["program_id"]
        age = _age(p["person__birth_date"], today)
        form = p["form__name"] or ""
        teacher_form = bool(p["form__is_teacher_model"])
        if p["role"] == Role.MENTEE:
            if (program_id, person_id) in in_open_pair:
                left_out[pk] = "уже в действующей паре (группе) программы"
                continue
            minor = age < 18 if age is not None else p["category"] == ProgramParticipant.Category.PUPIL
            consent = p["has_processing_by_representative"] if minor else p["has_processing"]
            if teacher_form:
                consent = consent and p["has_extra_duties"]
            mentee_by_person[person_id].append(pk)
            requests[pk] = " ".join([p["request"], *tags.get(pk, ())])
            mentees.append(
                Mentee(
                    id=pk,
                    form=form,
                    age=age,
                    organization_id=p["program__organization_id"],
                    request_terms=parsing.terms_of(p["request"], tags=tags.get(pk, ())),
                    formats=parsing.meeting_formats(p["meeting_format"]),
                    times=parsing.time_slots(p["meeting_time_place"]),
                    needs_ovz=p["special_needs"],
                    choices=tuple(choices.get(pk, ())),
                    minor=minor,
                    has_consent=bool(consent),
                )
            )
        else:
            used = len(load.get((program_id, person_id), ())) + len(elsewhere.get(pk, ()))
            mentor_by_person[person_id].append(pk)
            confirmed = p["minors_admission_confirmed_on"]
            mentors.append(
                Mentor(
                    id=pk,
                    forms=frozenset({form})
                    if form
                    else _fitting_forms(program_forms[program_id], p["category"]),
                    age=age,
                    organization_id=p["program__organization_id"],
                    terms=parsing.terms_of(p["competences"], p["interests"], tags=tags.get(pk, ())),
                    formats=parsing.meeting_formats(p["meeting_format"]),
                    times=parsing.time_slots(p["meeting_time_place"]),
                    capacity=max(0, p["capacity"] - used),
                    ovz_ready=p["ready_for_special_needs"],
                    admitted_for_minors=confirmed is not None and confirmed <= today,
                    is_partner_employee=p["partner_organization_id"] is not None,
                    desired_mentee_age=parsing.age_band(p["desired_mentee_age"]),
                    has_consent=bool(p["has_extra_duties"]) if teacher_form else True,
                )
            )

    # History: pairs of these mentors that ended early, anywhere, are not proposed again unless allowed.
    ended: set[tuple[int, int]] = set()
    if mentors:
        for mentor_person, mentee_person in Pair.mentees.through.objects.filter(
            pair__status=Pair.Status.ENDED_EARLY,
            pair__mentor_id__in=ProgramParticipant.objects.filter(program__in=scope, role=Role.MENTOR).values(
                "person_id"
            ),
        ).values_list("pair__mentor_id", "person_id"):
            for mentee_id in mentee_by_person.get(mentee_person, ()):
                for mentor_id in mentor_by_person.get(mentor_person, ()):
                    ended.add((mentee_id, mentor_id))
    self_pairs = {
        (mentee_id, mentor_id)
        for person, mentee_ids in mentee_by_person.items()
        for mentee_id in mentee_ids
        for mentor_id in mentor_by_person.get(person, ())
    }
    return Inputs(mentees, mentors, frozenset(ended), frozenset(self_pairs), left_out, requests)


def _fitting_forms(forms: list[tuple[str, bool]], category: str) -> frozenset[str]:
    """Forms of the program open to a mentor with no form on record: «ученик – ученик» only for a pupil,
    the teacher model only for a teacher, the other forms for anyone but a pupil."""
    Category = ProgramParticipant.Category
    out = set()
    for name, is_teacher_model in forms:
        if name == PEER_FORM:
            fits = category == Category.PUPIL
        elif is_teacher_model:
            fits = category == Category.TEACHER
        else:
            fits = category != Category.PUPIL
        if fits:
            out.add(name)
    return frozenset(out)


# ---------------------------------------------------------------------------------------------- running


def _rules(rules: dict, *, banned, pinned, ended_early) -> Rules:
    return Rules(
        same_school_for_peer_form=rules["same_school_for_peer_form"],
        min_peer_age_gap=rules["min_peer_age_gap"],
        peer_forms=frozenset({PEER_FORM}),
        allow_cross_organization=rules["allow_cross_organization"],
        allow_partner_mentors=rules["allow_partner_mentors"],
        allow_ended_early_again=rules["allow_ended_early_again"],
        # Runs stored before the switch existed always required a prepared mentor.
        ovz_only_prepared_mentors=rules.get("ovz_only_prepared_mentors", True),
        banned=frozenset(banned),
        pinned=frozenset(pinned),
        ended_early=ended_early,
    )


def _decisions_in_force(run: MatchingRun, program_q: Q) -> list[MatchingDecision]:
    """The run's own pins and bans and those of the programs in its scope."""
    return list(
        MatchingDecision.objects.filter(
            Q(run=run) | Q(program__in=Program.objects.filter(program_q).values("pk"))
        )
        .select_related("mentee__person", "mentor__person")
        .order_by("pk")
    )


def _program_q(run: MatchingRun) -> Q:
    if run.program_id:
        return Q(pk=run.program_id)
    return Q(organization__in=run.organizations.all(), academic_year=run.academic_year)


def run_programs(run: MatchingRun):
    """The programs a run covers: its program, or those of its organisations in its academic year."""
    return Program.objects.filter(_program_q(run))


def _name(participant: ProgramParticipant) -> str:
    return participant.person.full_name


def _compute(run: MatchingRun) -> None:
    """Read the bases, solve, store proposals and unmatched mentees, fill the figures of ``run``."""
    started = time.perf_counter()
    program_q = _program_q(run)
    inputs = build_inputs(program_q)
    weights = Weights.from_dict(run.weights)
    mentee_ids = {m.id for m in inputs.mentees}
    banned, pinned = set(inputs.self_pairs), {}
    for decision in _decisions_in_force(run, program_q):
        key = (decision.mentee_id, decision.mentor_id)
        if decision.kind == Kind.BAN:
            banned.add(key)
        elif decision.mentee_id in mentee_ids:
            pinned[decision.mentee_id] = decision  # the later pin of a mentee wins
    rules = _rules(run.rules, banned=banned, pinned=(), ended_early=inputs.ended_early)
    by_id = {m.id: m for m in inputs.mentees}
    mentor_by_id = {m.id: m for m in inputs.mentors}
    errors = []
    seats: dict[int, int] = defaultdict(int)
    for mentee_id, decision in sorted(pinned.items()):
        mentee, mentor = by_id[mentee_id], mentor_by_id.get(decision.mentor_id)
        names = {"mentee": _name(decision.mentee), "mentor": _name(decision.mentor)}
        if mentor is None:
            errors.append(
                ValidationError(
                    "Закреплённая пара %(mentee)s — %(mentor)s: наставника нет в базах этого подбора.",
                    code="pin_unknown",
                    params=names,
                )
            )
            continue
        code = violation(mentee, mentor, rules)
        if code is not None:
            errors.append(
                ValidationError(
                    "Закреплённая пара %(mentee)s — %(mentor)s невозможна: %(why)s. Снимите закрепление.",
                    code="pin_conflict",
                    params={**names, "why": CONSTRAINT_TEXTS[code]},
                )
            )
            continue
        seats[mentor.id] += 1
        if seats[mentor.id] > mentor.capacity:
            errors.append(
                ValidationError(
                    "За наставником %(mentor)s закреплено больше наставляемых, чем у него свободных мест "
                    "(%(capacity)s).",
                    code="pin_capacity",
                    params={**names, "capacity": mentor.capacity},
                )
            )
    if errors:
        raise ValidationError(errors)
    rules = _rules(
        run.rules,
        banned=banned,
        pinned={(mentee_id, d.mentor_id) for mentee_id, d in pinned.items()},
        ended_early=inputs.ended_early,
    )
    graph = candidate_edges(inputs.mentees, inputs.mentors, weights, rules)
    result = solve_graph(graph, CoreObjective(run.objective))
    proposals = []
    for pair in result.pairs:
        reasons = explain(by_id[pair.mentee_id], mentor_by_id[pair.mentor_id], weights, rules)
        shared = sorted({word for r in reasons if r.code == "terms" for word in r.shared})
        proposals.append(
            ProposedPair(
                run=run,
                mentee_id=pair.mentee_id,
                mentor_id=pair.mentor_id,
                score=pair.score,
                reasons=[_present(r, inputs.requests.get(pair.mentee_id, "")) for r in reasons],
                shared_terms=shared,
                pinned=pair.pinned,
            )
        )
    ProposedPair.objects.bulk_create(proposals, batch_size=2000)
    UnmatchedMentee.objects.bulk_create(
        [
            UnmatchedMentee(
                run=run,
                mentee_id=u.mentee_id,
                code="no_form" if not by_id[u.mentee_id].form else u.code,
                reason="В базе наставляемых не указана форма наставничества"
                if not by_id[u.mentee_id].form
                else u.text,
                counts=u.counts,
            )
            for u in result.unmatched
        ],
        batch_size=2000,
    )
    run.mentee_count = len(inputs.mentees)
    run.mentor_count = len(inputs.mentors)
    run.matched = result.matched
    run.unmatched = len(result.unmatched)
    run.total_score = result.total_score
    run.seconds = round(time.perf_counter() - started, 3)
    run.save(
        update_fields=[
            "mentee_count",
            "mentor_count",
            "matched",
            "unmatched",
            "total_score",
            "seconds",
            "updated_at",
        ]
    )


def _present(reason, request: str) -> dict:
    """A reason as stored and shown: shared terms as the mentee typed them («история», not the stem
    «истор»), time slots as «ср вечер»; ``shared`` keeps the terms for marking words up."""
    text = reason.text
    if reason.code == "terms":
        words = []
        for piece, shared in parsing.highlight_spans(request, reason.shared):
            if shared and piece.lower() not in words:
                words.append(piece.lower())
        if words:
            text = "Запрос совпадает с компетенциями/интересами: " + ", ".join(words)
    elif reason.code == "time":
        text = "Совпадает время: " + ", ".join(parsing.slot_label(slot) for slot in reason.shared)
    return {"code": reason.code, "text": text, "points": reason.points, "shared": list(reason.shared)}


def _snapshot(settings: MatchingSettings) -> tuple[dict, dict, str]:
    return settings.weights_object().to_dict(), settings.rules_dict(), settings.objective


@transaction.atomic
def matching_run(
    *,
    program: Program | None = None,
    municipality=None,
    organizations: Iterable | None = None,
    academic_year: str = "",
    user=None,
) -> MatchingRun:
    """Compute a draft for one program (its settings) or, for the coordinator, for the programs of the
    chosen organisations of a municipality in one academic year (the municipality's settings)."""
    if program is not None:
        settings = settings_for_program(program)
        municipality = program.organization.municipality
        organizations = [program.organization]
    else:
        organizations = list(organizations or [])
        if municipality is None or not organizations:
            raise ValidationError("Выберите хотя бы одну организацию.", code="no_organizations")
        if any(o.municipality_id != municipality.pk for o in organizations):
            raise ValidationError(
                "Все организации должны быть из одного муниципалитета.", code="other_municipality"
            )
        if not academic_year:
            raise ValidationError("Укажите учебный год.", code="no_academic_year")
        settings = settings_for_municipality(municipality)
    weights, rules, objective = _snapshot(settings)
    run = MatchingRun(
        program=program,
        municipality=municipality,
        academic_year=program.academic_year if program else academic_year,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        objective=objective,
        weights=weights,
        rules=rules,
    )
    run.full_clean()
    run.save()
    run.organizations.set(organizations)
    _compute(run)
    audit_record(user=user, action="create", obj=run, description=str(run))
    return run


@transaction.atomic
def matching_rerun(*, run: MatchingRun, user=None) -> MatchingRun:
    """Run again from a draft with the current settings, keeping the draft's pins and bans; the old
    draft is discarded (it is replaced, and stays in the history)."""
    _require_draft(run)
    if run.program_id:
        settings = settings_for_program(run.program)
    else:
        settings = settings_for_municipality(run.municipality)
    weights, rules, objective = _snapshot(settings)
    new = MatchingRun(
        program=run.program,
        municipality=run.municipality,
        academic_year=run.academic_year,
        previous=run,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        objective=objective,
        weights=weights,
        rules=rules,
    )
    new.full_clean()
    new.save()
    new.organizations.set(run.organizations.all())
    MatchingDecision.objects.bulk_create(
        [
            MatchingDecision(
                kind=d.kind,
                mentee_id=d.mentee_id,
                mentor_id=d.mentor_id,
                run=new,
                reason=d.reason,
                created_by_id=d.created_by_id,
            )
            for d in run.decisions.order_by("pk")
        ]
    )
    _compute(new)
    _decide(run, MatchingRun.Status.DISCARDED, user)
    audit_record(user=user, action="create", obj=new, description=f"{new} (заново из №{run.pk})")
    return new


def _require_draft(run: MatchingRun) -> None:
    if not run.is_draft:
        raise ValidationError(
            "Подбор уже %(status)s: его нельзя менять. Запустите новый подбор.",
            code="run_not_draft",
            params={"status": run.get_status_display()},
        )


def _decide(run: MatchingRun, status: str, user) -> None:
    run.status = status
    run.decided_at = timezone.now()
    run.decided_by = user if getattr(user, "is_authenticated", False) else None
    run.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])


def matching_discard(*, run: MatchingRun, user=None) -> MatchingRun:
    _require_draft(run)
    _decide(run, MatchingRun.Status.DISCARDED, user)
    audit_record(user=user, action="update", obj=run, description=f"{run}: отклонён")
    return run


# ---------------------------------------------------------------------------------------------- decisions


def _run_participant(run: MatchingRun, pk: int, role: str) -> ProgramParticipant:
    found = (
        ProgramParticipant.objects.filter(
            pk=pk, role=role, program__in=Program.objects.filter(_program_q(run))
        )
        .select_related("person", "program")
        .first()
    )
    if found is None:
        raise ValidationError("Участник не найден в базах этого подбора.", code="participant_not_in_run")
    return found


@transaction.atomic
def matching_decision_add(
    *,
    run: MatchingRun,
    kind: str,
    mentee_id: int,
    mentor_id: int,
    reason: str = "",
    for_program: bool = False,
    user=None,
) -> MatchingDecision:
    """Pin (keep) or ban (never) a pair for the next run from this draft — or, with ``for_program``, for
    every later run of the mentee's program. A pin replaces the mentee's earlier pin of the same scope;
    a pin and a ban of the same pair replace each other."""
    _require_draft(run)
    if kind not in Kind.values:
        raise ValidationError("Неизвестное решение.", code="invalid_kind")
    mentee = _run_participant(run, mentee_id, Role.MENTEE)
    mentor = _run_participant(run, mentor_id, Role.MENTOR)
    scope = {"program": mentee.program} if for_program else {"run": run}
    MatchingDecision.objects.filter(mentee=mentee, mentor=mentor, **scope).delete()
    if kind == Kind.PIN:
        MatchingDecision.objects.filter(mentee=mentee, kind=Kind.PIN, **scope).delete()
    if kind == Kind.PIN:
        problem = _pin_problem(run, mentee, mentor)
        if problem:
            raise ValidationError(
                "Пару %(mentee)s — %(mentor)s закрепить нельзя: %(why)s.",
                code="pin_impossible",
                params={"mentee": _name(mentee), "mentor": _name(mentor), "why": problem},
            )
    decision = MatchingDecision(
        kind=kind,
        mentee=mentee,
        mentor=mentor,
        reason=reason.strip(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        **scope,
    )
    decision.full_clean()
    decision.save()
    audit_record(user=user, action="create", obj=decision, description=f"{decision.get_kind_display()}")
    return decision


def _pin_problem(run: MatchingRun, mentee: ProgramParticipant, mentor: ProgramParticipant) -> str:
    """Why the pair cannot be kept by the next run (a hard constraint, no seat left), or ``""``: told
    when the curator pins or moves, not only when the run fails later. Reads the two programs' bases
    in a constant number of queries."""
    if mentee.person_id == mentor.person_id:
        return "наставник не может быть своим наставляемым"
    inputs = build_inputs(Q(pk__in={mentee.program_id, mentor.program_id}))
    core_mentee = next((m for m in inputs.mentees if m.id == mentee.pk), None)
    if core_mentee is None:
        return inputs.left_out.get(mentee.pk, "наставляемого нет в подборе")
    if not core_mentee.form:
        return "в базе наставляемых не указана форма наставничества"
    core_mentor = next(m for m in inputs.mentors if m.id == mentor.pk)
    decisions = _decisions_in_force(run, _program_q(run))
    banned = {(d.mentee_id, d.mentor_id) for d in decisions if d.kind == Kind.BAN}
    rules = _rules(run.rules, banned=banned, pinned=(), ended_early=inputs.ended_early)
    code = violation(core_mentee, core_mentor, rules)
    if code is not None:
        return CONSTRAINT_TEXTS[code]
    pinned_mentees = {m.id for m in inputs.mentees}
    others = {
        d.mentee_id
        for d in decisions
        if d.kind == Kind.PIN
        and d.mentor_id == mentor.pk
        and d.mentee_id != mentee.pk
        and d.mentee_id in pinned_mentees
    }
    if len(others) >= core_mentor.capacity:
        return (
            f"все свободные места наставника ({core_mentor.capacity}) уже заняты закреплёнными наставляемыми"
        )
    return ""


def pair_problems(run: MatchingRun, program_ids: set[int]):
    """For a review page: a function telling why a mentee of ``program_ids`` cannot be moved to a mentor
    there (a hard constraint of the run, with its bans), ``""`` when the move is possible. One read of
    those bases, whatever the number of pairs asked about."""
    inputs = build_inputs(Q(pk__in=program_ids))
    decisions = _decisions_in_force(run, _program_q(run))
    banned = {(d.mentee_id, d.mentor_id) for d in decisions if d.kind == Kind.BAN}
    rules = _rules(run.rules, banned=banned, pinned=(), ended_early=inputs.ended_early)
    mentees = {m.id: m for m in inputs.mentees}
    mentors = {m.id: m for m in inputs.mentors}

    def problem(mentee_id: int, mentor_id: int) -> str:
        mentee, mentor = mentees.get(mentee_id), mentors.get(mentor_id)
        if mentee is None or mentor is None:
            return ""  # not in the bases as they are now: the pin itself will say why
        if (mentee_id, mentor_id) in inputs.self_pairs:
            return "наставник не может быть своим наставляемым"
        code = violation(mentee, mentor, rules)
        return CONSTRAINT_TEXTS[code] if code else ""

    return problem


def matching_swap(
    *, run: MatchingRun, mentee_id: int, mentor_id: int, reason: str = "", user=None
) -> MatchingDecision:
    """Move a mentee to another mentor: a pin of the new pair, kept by the next run."""
    return matching_decision_add(
        run=run,
        kind=Kind.PIN,
        mentee_id=mentee_id,
        mentor_id=mentor_id,
        reason=reason or "перестановка",
        user=user,
    )


def matching_decision_remove(*, decision: MatchingDecision, user=None) -> None:
    if decision.run_id is not None:
        _require_draft(decision.run)
    audit_record(
        user=user, action="delete", obj=decision, description=f"снято: {decision.get_kind_display()}"
    )
    decision.delete()


def mentee_choices_save(
    *, mentee: ProgramParticipant, mentors: list[ProgramParticipant | None], user=None
) -> None:
    """Replace the mentee's ranked choices (up to three mentors of the same program; gaps close up)."""
    chosen = [m for m in mentors if m is not None]
    if len(chosen) > 3:
        raise ValidationError("Можно выбрать не больше трёх наставников.", code="too_many_choices")
    if len({m.pk for m in chosen}) != len(chosen):
        raise ValidationError("Один и тот же наставник выбран дважды.", code="duplicate_choice")
    for mentor in chosen:
        if mentor.role != Role.MENTOR or mentor.program_id != mentee.program_id:
            raise ValidationError(
                "%(name)s нет в базе наставников этой программы.",
                code="not_a_mentor",
                params={"name": mentor.person},
            )
    with transaction.atomic():
        MenteeChoice.objects.filter(mentee=mentee).delete()
        for rank, mentor in enumerate(chosen, start=1):
            choice = MenteeChoice(mentee=mentee, mentor=mentor, rank=rank)
            choice.full_clean()
            choice.save()
    audit_record(user=user, action="update", obj=mentee, description="выбор наставников")


# ---------------------------------------------------------------------------------------------- accepting


def is_group_form(form: MentoringForm) -> bool:
    """Whether the mentees a run gives one mentor in ``form`` become one group or separate pairs.

    The teacher model (``is_teacher_model``) works by personalised programs: each young teacher has their
    own plan and their own written consent in the order, so every mentee gets a pair of their own. In the
    forms for pupils and students the methodology (Р-145) forms «пары и группы» and a mentor with several
    mentees leads them as a group: one group per mentor.
    """
    return not form.is_teacher_model


#: What a mentor from another organisation brings into the base of the mentee's program.
COPIED_MENTOR_FIELDS = (
    "category",
    "form",
    "contacts",
    "workplace",
    "competences",
    "achievements",
    "interests",
    "desired_mentee_age",
    "meeting_time_place",
    "meeting_format",
    "position",
    "experience_years",
    "qualification_category",
    "ready_for_special_needs",
    "partner_organization",
    "minors_admission_confirmed_on",
)


def _mentor_into_base(mentor: ProgramParticipant, program: Program, *, seats: int, user) -> None:
    """A pair is formed from the program's own bases: a mentor found in another organisation's base is
    entered into the base of the mentee's program, with as many seats as the run gave them there (the
    seats stay counted against their own base too, see ``build_inputs``)."""
    if mentor.program_id == program.pk:
        return
    if ProgramParticipant.objects.filter(
        program=program, person_id=mentor.person_id, role=Role.MENTOR
    ).exists():
        return
    person = mentor.person
    participant_add(
        program=program,
        role=Role.MENTOR,
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        person=person,
        user=user,
        capacity=seats,
        **{name: getattr(mentor, name) for name in COPIED_MENTOR_FIELDS},
    )


@transaction.atomic
def matching_accept(
    *,
    run: MatchingRun,
    started_on: date,
    order_number: str = "",
    order_date: date | None = None,
    user=None,
) -> list[Pair]:
    """Create the pairs and groups of a draft in one transaction, through ``programs.services.pair_create``
    (which checks consents and capacity again): one group per mentor and form in the mentee's program, or
    one pair per mentee for the teacher model (see ``is_group_form``). Any refusal rolls everything back.
    Other drafts of the same program are discarded: they were computed from bases that have now changed."""
    # The programs are locked first, in a fixed order: two drafts covering the same program (a curator's
    # and the coordinator's, or two tabs) are accepted one after the other, and the second one then finds
    # itself discarded or its mentees already paired instead of pairing them twice.
    program_ids = list(
        Program.objects.select_for_update()
        .filter(_program_q(run))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    _require_draft(run)
    proposals = list(
        run.proposals.select_related(
            "mentee__person", "mentee__form", "mentee__program", "mentor__person"
        ).order_by("mentee__program_id", "mentor_id", "mentee__person__last_name", "pk")
    )
    if not proposals:
        raise ValidationError("В подборе нет ни одной пары.", code="nothing_to_accept")
    already = set(
        Pair.mentees.through.objects.filter(
            pair__program_id__in={p.mentee.program_id for p in proposals}, pair__status__in=OPEN_STATUSES
        ).values_list("pair__program_id", "person_id")
    )
    stale = [
        p.mentee.person.full_name for p in proposals if (p.mentee.program_id, p.mentee.person_id) in already
    ]
    if stale:
        raise ValidationError(
            "Уже в паре после расчёта: %(names)s. Запустите подбор заново.",
            code="stale_draft",
            params={"names": ", ".join(stale)},
        )
    pending = [
        f"{d.get_kind_display()} {_name(d.mentee)} — {_name(d.mentor)}"
        for d in pending_decisions(run, _decisions_in_force(run, _program_q(run)))
    ]
    if pending:
        raise ValidationError(
            "Решения, принятые после расчёта, в черновике ещё не учтены: %(decisions)s. "
            "Запустите подбор заново с учётом решений и примите новый черновик.",
            code="pending_decisions",
            params={"decisions": "; ".join(pending)},
        )
    groups: dict[tuple, list[ProposedPair]] = defaultdict(list)
    for proposal in proposals:
        form = proposal.mentee.form
        if is_group_form(form):
            key = (proposal.mentee.program_id, proposal.mentor_id, form.pk)
        else:
            key = (proposal.mentee.program_id, proposal.mentor_id, form.pk, proposal.mentee_id)
        groups[key].append(proposal)
    created = []
    for members in groups.values():
        first = members[0]
        _mentor_into_base(first.mentor, first.mentee.program, seats=len(members), user=user)
        pair = pair_create(
            program=first.mentee.program,
            form=first.mentee.form,
            mentor=first.mentor.person,
            mentees=[p.mentee.person for p in members],
            started_on=started_on,
            order_number=order_number,
            order_date=order_date,
            user=user,
        )
        ProposedPair.objects.filter(pk__in=[p.pk for p in members]).update(pair=pair)
        created.append(pair)
    run.order_number = order_number.strip()
    run.order_date = order_date
    run.started_on = started_on
    run.save(update_fields=["order_number", "order_date", "started_on", "updated_at"])
    _decide(run, MatchingRun.Status.ACCEPTED, user)
    for other in _overlapping_drafts(run, program_ids):
        _decide(other, MatchingRun.Status.DISCARDED, user)
    audit_record(
        user=user, action="update", obj=run, description=f"{run}: принят, пар и групп — {len(created)}"
    )
    return created


def pending_decisions(run: MatchingRun, decisions: list[MatchingDecision]) -> list[MatchingDecision]:
    """The pins and bans in force that the draft does not reflect (made after it was computed): a pin of
    one of its mentees to a mentor it was not given, a ban of a pair it proposes. Two queries however
    large the run."""
    if not decisions:
        return []
    mentee_ids = {d.mentee_id for d in decisions}
    proposed = set(run.proposals.filter(mentee_id__in=mentee_ids).values_list("mentee_id", "mentor_id"))
    in_run = {mentee for mentee, _ in proposed} | set(
        run.unmatched_mentees.filter(mentee_id__in=mentee_ids).values_list("mentee_id", flat=True)
    )
    return [
        d
        for d in decisions
        if (d.kind == Kind.PIN and d.mentee_id in in_run and (d.mentee_id, d.mentor_id) not in proposed)
        or (d.kind == Kind.BAN and (d.mentee_id, d.mentor_id) in proposed)
    ]


def _overlapping_drafts(run: MatchingRun, program_ids: list[int]):
    """Other drafts that cover any program of ``run``: computed from bases that have now changed."""
    organizations = Program.objects.filter(pk__in=program_ids).values("organization_id")
    return (
        MatchingRun.objects.filter(status=MatchingRun.Status.DRAFT)
        .filter(
            Q(program_id__in=program_ids)
            | Q(
                program__isnull=True,
                academic_year=run.academic_year,
                organizations__in=organizations,
            )
        )
        .exclude(pk=run.pk)
        .distinct()
        .order_by("pk")
    )


def objective_label(value: str) -> str:
    return dict(Objective.choices).get(value, value)
