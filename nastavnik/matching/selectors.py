"""Reads of matching, scoped by the user.

Matching reads health data (ОВЗ) and the whole bases, so it is open to those who may see special needs:
the curator of the program's organisation and district staff (the coordinator across the schools of
their municipality). A head, a mentor, a mentee, a parent or a curator of another school get 404.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from nastavnik.matching.models import (
    MatchingDecision,
    MatchingRun,
    MenteeChoice,
    ProposedPair,
    UnmatchedMentee,
)
from nastavnik.matching.parsing import highlight_spans
from nastavnik.matching.services import pair_problems, pending_decisions, run_programs
from nastavnik.organizations.access import municipalities_for_user, organizations_for_user, user_scope
from nastavnik.organizations.models import Organization, RoleAssignment
from nastavnik.people.models import Person
from nastavnik.programs.models import Pair, Program, ProgramParticipant
from nastavnik.programs.selectors import can_see_special_needs, get_program_for_user

Role = ProgramParticipant.Role


def get_program_for_matching(user, pk: int) -> Program:
    """The program whose matching the user may run: its curator or district staff; 404 otherwise."""
    program = get_program_for_user(user, pk, write=True)
    if not can_see_special_needs(user, program):
        raise Http404
    return program


def can_match_program(user, program: Program) -> bool:
    scope = user_scope(user)
    if scope.is_district_staff:
        return organizations_for_user(user).filter(pk=program.organization_id).exists()
    return RoleAssignment.Role.CURATOR in scope.organization_roles.get(program.organization_id, set())


def runs_for_user(user) -> QuerySet[MatchingRun]:
    """Runs of the programs the user curates and, for district staff, every run of their municipalities."""
    scope = user_scope(user)
    condition = Q(program__organization_id__in=scope.organizations_with({RoleAssignment.Role.CURATOR}))
    if scope.is_district_staff:
        condition |= Q(municipality__in=municipalities_for_user(user))
    return MatchingRun.objects.filter(condition).select_related(
        "program__organization", "municipality", "created_by__person"
    )


def get_run_for_user(user, pk: int) -> MatchingRun:
    run = runs_for_user(user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def municipalities_for_matching(user):
    """Municipalities whose organisations the user may match together (coordinators, regional admins)."""
    if not user_scope(user).is_district_staff:
        raise Http404
    return municipalities_for_user(user).order_by("name")


def organizations_of(municipality) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(municipality=municipality)
        .exclude(kind=Organization.Kind.PARTNER)
        .order_by("name")
    )


def academic_years_of(municipality) -> list[str]:
    return list(
        Program.objects.filter(organization__municipality=municipality)
        .order_by("-academic_year")
        .values_list("academic_year", flat=True)
        .distinct()
    )


def program_runs(program: Program) -> QuerySet[MatchingRun]:
    return (
        MatchingRun.objects.filter(program=program)
        .select_related("created_by__person")
        .order_by("-created_at", "-pk")
    )


def municipal_runs(municipality) -> QuerySet[MatchingRun]:
    return (
        MatchingRun.objects.filter(municipality=municipality, program__isnull=True)
        .select_related("created_by__person")
        .prefetch_related(Prefetch("organizations", queryset=Organization.objects.order_by("name")))
        .order_by("-created_at", "-pk")
    )


def program_decisions(program: Program) -> QuerySet[MatchingDecision]:
    return MatchingDecision.objects.filter(program=program).select_related("mentee__person", "mentor__person")


def mentees_with_choices(program: Program) -> list[ProgramParticipant]:
    """The base of mentees, each with ``choices``: the mentors they chose, best first (two queries)."""
    return list(
        ProgramParticipant.objects.filter(program=program, role=Role.MENTEE)
        .select_related("person", "form")
        .prefetch_related(
            Prefetch(
                "mentor_choices",
                queryset=MenteeChoice.objects.select_related("mentor__person").order_by("rank"),
                to_attr="choices",
            )
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )


def get_mentee_for_choices(user, pk: int) -> ProgramParticipant:
    """A mentee of a program the user may match; 404 otherwise."""
    mentee = (
        ProgramParticipant.objects.filter(pk=pk, role=Role.MENTEE)
        .select_related("person", "program__organization", "form")
        .first()
    )
    if mentee is None:
        raise Http404
    get_program_for_matching(user, mentee.program_id)
    return mentee


def own_mentee_rows(user) -> list[ProgramParticipant]:
    """The user's own rows in bases of mentees, with the mentors they chose (the personal cabinet)."""
    if not (user.is_authenticated and user.person_id):
        return []
    return list(
        ProgramParticipant.objects.filter(person_id=user.person_id, role=Role.MENTEE)
        .select_related("program__organization", "form")
        .prefetch_related(
            Prefetch(
                "mentor_choices",
                queryset=MenteeChoice.objects.select_related("mentor__person").order_by("rank"),
                to_attr="choices",
            )
        )
        .order_by("-program__academic_year", "program__title", "pk")
    )


def get_own_mentee(user, pk: int) -> ProgramParticipant:
    """The user's own row in a base of mentees; 404 for anyone else's."""
    if not (user.is_authenticated and user.person_id):
        raise Http404
    mentee = (
        ProgramParticipant.objects.filter(pk=pk, role=Role.MENTEE, person_id=user.person_id)
        .select_related("person", "program__organization", "form")
        .first()
    )
    if mentee is None:
        raise Http404
    return mentee


def mentors_of(program: Program, *, form_id: int | None = None) -> QuerySet[ProgramParticipant]:
    """The program's mentors; with ``form_id``, those of that form and those with no form on record
    (they may serve several forms) — the only ones a choice can bring points to."""
    mentors = ProgramParticipant.objects.filter(program=program, role=Role.MENTOR)
    if form_id is not None:
        mentors = mentors.filter(Q(form_id=form_id) | Q(form__isnull=True))
    return mentors.select_related("person", "form").order_by("person__last_name", "person__first_name", "pk")


# ---------------------------------------------------------------------------------------------- review


def marked(text: str, terms) -> SafeString:
    """``text`` escaped, with the words of the shared terms in ``<mark>``."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", piece) if shared else piece,)
            for piece, shared in highlight_spans(text, terms)
        ),
    )


@dataclass
class ProposalRow:
    proposal: ProposedPair
    request: SafeString
    offer: SafeString
    top_reasons: list[dict]
    alternatives: list[tuple[ProgramParticipant, str]]  # a mentor and why the mentee can't go there


@dataclass
class UnmatchedRow:
    unmatched: UnmatchedMentee
    alternatives: list[tuple[ProgramParticipant, str]]


@dataclass
class RunReview:
    run: MatchingRun
    proposals: list[ProposalRow]
    unmatched: list[UnmatchedRow]
    decisions: list[MatchingDecision]  # each with ``pending``: made after the draft, not in it yet
    show_organization: bool
    proposals_page: Page
    unmatched_page: Page

    @property
    def pending_count(self) -> int:
        return sum(1 for d in self.decisions if d.pending)


def _mentors_by_form(program_ids: set[int]) -> dict[tuple[int, int], list[ProgramParticipant]]:
    """Mentors a mentee may be moved to: of the mentee's form in the mentee's program (one query). A run
    across organisations may still pair people of different schools; moving by hand stays within the
    school, so the lists stay short on a page of a regional run."""
    by_form: dict[tuple[int, int], list[ProgramParticipant]] = defaultdict(list)
    mentors = (
        ProgramParticipant.objects.filter(program_id__in=program_ids, role=Role.MENTOR)
        .select_related("person", "program__organization")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    for mentor in mentors:
        by_form[mentor.program_id, mentor.form_id].append(mentor)
    return by_form


REVIEW_PAGE_SIZE = 100


def run_review(
    run: MatchingRun, *, page: str | int | None = 1, unmatched_page: str | int | None = 1
) -> RunReview:
    """A draft as the review page shows it, a page at a time and in a fixed number of queries: each
    proposal with its top reasons and the shared words marked in the mentee's request and the mentor's
    competences; each unmatched mentee with why; the mentors each one could be moved to."""
    proposals_page = Paginator(
        run.proposals.select_related(
            "mentee__person",
            "mentee__program__organization",
            "mentee__form",
            "mentor__person",
            "mentor__program",
        ).order_by("mentor__person__last_name", "mentor_id", "mentee__person__last_name", "pk"),
        REVIEW_PAGE_SIZE,
    ).get_page(page)
    unmatched_page_ = Paginator(
        run.unmatched_mentees.select_related(
            "mentee__person", "mentee__program__organization", "mentee__form"
        ).order_by("mentee__person__last_name", "pk"),
        REVIEW_PAGE_SIZE,
    ).get_page(unmatched_page)
    proposals = list(proposals_page.object_list)
    unmatched = list(unmatched_page_.object_list)
    program_ids = {p.mentee.program_id for p in proposals} | {u.mentee.program_id for u in unmatched}
    by_form = _mentors_by_form(program_ids) if run.is_draft else {}
    # A program's draft says which moves are impossible and why (one more read of its bases); a
    # municipal draft's page may span every school, so there the pin itself tells.
    problem = pair_problems(run, program_ids) if run.is_draft and run.program_id and program_ids else None

    def alternatives(mentee: ProgramParticipant, current_id: int | None) -> list[tuple]:
        # Mentors with no form on record may serve several forms (see ``services.build_inputs``).
        found = [
            *by_form.get((mentee.program_id, mentee.form_id), ()),
            *by_form.get((mentee.program_id, None), ()),
        ]
        return [
            (m, problem(mentee.pk, m.pk) if problem else "")
            for m in sorted(
                (m for m in found if m.pk != current_id),
                key=lambda m: (m.person.last_name, m.person.first_name, m.pk),
            )
        ]

    rows = []
    for p in proposals:
        offer = "; ".join(t for t in (p.mentor.competences, p.mentor.interests) if t)
        rows.append(
            ProposalRow(
                proposal=p,
                request=marked(p.mentee.request, p.shared_terms),
                offer=marked(offer, p.shared_terms),
                top_reasons=[r for r in p.reasons if r["points"]][:3],
                alternatives=alternatives(p.mentee, p.mentor_id),
            )
        )
    decisions = list(
        MatchingDecision.objects.filter(Q(run=run) | Q(program__in=run_programs(run).values("pk")))
        .select_related("mentee__person", "mentor__person")
        .order_by("program_id", "kind", "pk")
    )
    _mark_pending(run, decisions)
    return RunReview(
        run=run,
        proposals=rows,
        unmatched=[
            UnmatchedRow(u, [] if u.code in NOT_BY_PINNING else alternatives(u.mentee, None))
            for u in unmatched
        ],
        decisions=decisions,
        show_organization=run.program_id is None,
        proposals_page=proposals_page,
        unmatched_page=unmatched_page_,
    )


#: Why a mentee was left out that no pin can help with: the base must change first.
NOT_BY_PINNING = {"no_consent", "no_form"}


def _mark_pending(run: MatchingRun, decisions: list[MatchingDecision]) -> None:
    """Set ``pending`` on each decision the draft does not reflect yet (see ``pending_decisions``)."""
    pending = {d.pk for d in pending_decisions(run, decisions)} if run.is_draft else set()
    for d in decisions:
        d.pending = d.pk in pending


def accepted_pairs(run: MatchingRun):
    """The pairs and groups an accepted run created, for its order."""
    return (
        Pair.objects.filter(pk__in=run.proposals.values("pair_id"))
        .select_related("mentor", "form", "program__organization")
        .prefetch_related(Prefetch("mentees", queryset=Person.objects.order_by("last_name", "first_name")))
        .order_by("program__organization__name", "mentor__last_name", "pk")
    )
