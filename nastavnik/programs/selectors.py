"""Reads of programs, their bases and pairs, scoped by the user."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from nastavnik.organizations.access import organizations_for_user, user_scope
from nastavnik.organizations.models import RoleAssignment
from nastavnik.people.models import Person
from nastavnik.programs.models import Consent, Pair, Program, ProgramParticipant


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
