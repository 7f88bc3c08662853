"""Writes to the digital base. Views, commands and imports all go through these functions."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils import timezone

from nastavnik.core.services import audit_record
from nastavnik.organizations.access import active_roles_q, organizations_for_user
from nastavnik.organizations.models import Municipality, Organization, RoleAssignment
from nastavnik.people.models import Person, User
from nastavnik.people.services import person_create


class RoleAlreadyHeld(Exception):
    """The person already holds this role in the organisation."""


class AccountNotAllowed(Exception):
    """The person holds roles beyond what the appointer manages: their login is not the appointer's to give."""


def _has_roles_beyond(person: Person, by) -> bool:
    """Whether ``person`` holds an active role outside the organisations ``by`` may edit."""
    if by is None or getattr(by, "is_superuser", False):
        return False
    return (
        RoleAssignment.objects.filter(active_roles_q(), person=person)
        .exclude(organization__in=organizations_for_user(by, write=True))
        .exists()
    )


def organization_create(*, municipality: Municipality, data: dict, user=None) -> Organization:
    organization = Organization(municipality=municipality, **data)
    organization.full_clean(validate_unique=False)
    organization.save()
    audit_record(user=user, action="create", obj=organization, description=organization.name)
    return organization


def organization_update(*, organization: Organization, data: dict, user=None) -> Organization:
    for name, value in data.items():
        setattr(organization, name, value)
    organization.full_clean(validate_unique=False)
    organization.save(update_fields=[*data.keys(), "updated_at"])
    audit_record(user=user, action="update", obj=organization, description=organization.name)
    return organization


@transaction.atomic
def role_appoint(
    *,
    organization: Organization,
    role: str,
    person: Person | None = None,
    person_data: dict | None = None,
    order_number: str = "",
    order_date=None,
    create_account: bool = False,
    by=None,
    request=None,
) -> RoleAssignment:
    """Appoint a person (existing, or created from ``person_data``) to ``role`` in ``organization``.

    Holding the same active role twice is refused by a database constraint; the same person may
    hold several different roles. With ``create_account`` the person gets a login and an e-mail with
    a link to set their password.
    """
    if person is None:
        person = person_create(**(person_data or {}))
    elif _has_roles_beyond(person, by):
        # Someone who also works elsewhere keeps their contacts and login as those who manage them set them:
        # otherwise a head could redirect another school's curator's e-mail (and account) to themselves.
        if create_account:
            raise AccountNotAllowed
    elif person_data:
        # Only blanks are filled in; what is known about a person is never overwritten from this form.
        updates = {
            k: v
            for k, v in person_data.items()
            if v and k in {"email", "phone", "position"} and not getattr(person, k)
        }
        for name, value in updates.items():
            setattr(person, name, value)
        if updates:
            person.save(update_fields=[*updates.keys(), "updated_at"])
    assignment = RoleAssignment(
        person=person,
        role=role,
        organization=organization,
        order_number=order_number,
        order_date=order_date,
        started_on=order_date or timezone.localdate(),
    )
    assignment.full_clean(validate_constraints=False)
    if RoleAssignment.objects.filter(
        active_roles_q(), person=person, role=role, organization=organization
    ).exists():
        raise RoleAlreadyHeld
    assignment.save()
    if create_account:
        account_ensure(person=person, request=request)
    audit_record(user=by, action="create", obj=assignment, description=str(assignment))
    return assignment


def role_revoke(*, assignment: RoleAssignment, by=None) -> RoleAssignment:
    """End an appointment today; the row stays as history."""
    assignment.ended_on = timezone.localdate()
    assignment.save(update_fields=["ended_on", "updated_at"])
    audit_record(user=by, action="delete", obj=assignment, description=str(assignment))
    return assignment


def account_ensure(*, person: Person, request=None) -> User:
    """Give a person a login (their e-mail) and mail them a link to set the password."""
    user = User.objects.filter(person=person).first()
    if user is None:
        user = User(
            username=person.email.lower(),
            email=person.email,
            person=person,
            first_name=person.first_name,
            last_name=person.last_name,
        )
        user.set_unusable_password()
        user.save()
    reset = PasswordResetForm({"email": user.email})
    if reset.is_valid() and request is not None:
        # Django sends links only to users with a usable password; a new account needs one to set.
        reset.get_users = lambda email: [user]
        reset.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="registration/account_created_subject.txt",
            email_template_name="registration/account_created_email.txt",
        )
    return user
