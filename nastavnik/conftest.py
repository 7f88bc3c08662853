"""Shared test fixtures: a fixed cast of personas in two schools of one municipality."""

import os
from dataclasses import dataclass

import pytest

from nastavnik.organizations.factories import (
    MunicipalityFactory,
    OrganizationFactory,
    RegionFactory,
    RoleAssignmentFactory,
)
from nastavnik.organizations.models import Municipality, Organization, RoleAssignment
from nastavnik.people.factories import PersonFactory, UserFactory
from nastavnik.people.models import LegalRepresentation, User

Role = RoleAssignment.Role
PASSWORD = "пароль-для-тестов"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class Cast:
    municipality: Municipality
    other_municipality: Municipality
    school_a: Organization
    school_b: Organization
    school_elsewhere: Organization
    regional_admin: User
    coordinator: User
    head_a: User
    curator_a: User
    curator_b: User
    responsible_a: User
    mentor_a: User
    mentee_a: User
    parent_a: User
    expert: User
    outsider: User  # a user with no role at all

    def users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def _user_with_role(username: str, role: str, **scope) -> User:
    user = UserFactory(username=username)
    RoleAssignmentFactory(person=user.person, role=role, **scope)
    return user


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; tests need speed, not resistance to brute force."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db) -> Cast:
    region = RegionFactory()
    municipality = MunicipalityFactory(region=region, name="Чемальский район")
    other = MunicipalityFactory(region=region, name="Майминский район")
    school_a = OrganizationFactory(municipality=municipality, name="МБОУ «Школа А»", short_name="Школа А")
    school_b = OrganizationFactory(municipality=municipality, name="МБОУ «Школа Б»", short_name="Школа Б")
    school_elsewhere = OrganizationFactory(municipality=other, name="МБОУ «Школа В»", short_name="Школа В")
    mentee = _user_with_role("mentee_a", Role.MENTEE, organization=school_a)
    parent = _user_with_role("parent_a", Role.PARENT, organization=school_a)
    LegalRepresentation.objects.create(child=mentee.person, representative=parent.person)
    return Cast(
        municipality=municipality,
        other_municipality=other,
        school_a=school_a,
        school_b=school_b,
        school_elsewhere=school_elsewhere,
        regional_admin=_user_with_role("regional_admin", Role.REGIONAL_ADMIN, region=region),
        coordinator=_user_with_role("coordinator", Role.MUNICIPAL_COORDINATOR, municipality=municipality),
        head_a=_user_with_role("head_a", Role.HEAD, organization=school_a),
        curator_a=_user_with_role("curator_a", Role.CURATOR, organization=school_a),
        curator_b=_user_with_role("curator_b", Role.CURATOR, organization=school_b),
        responsible_a=_user_with_role("responsible_a", Role.RESPONSIBLE, organization=school_a),
        mentor_a=_user_with_role("mentor_a", Role.MENTOR, organization=school_a),
        mentee_a=mentee,
        parent_a=parent,
        expert=_user_with_role("expert", Role.EXPERT, municipality=municipality),
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture
def person_factory():
    return PersonFactory


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a browser Playwright would download."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"нет {CHROMIUM}: браузерные тесты пропущены (make browser установит Chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU"}
