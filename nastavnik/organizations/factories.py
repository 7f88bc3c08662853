"""Factories for tests (factory_boy is a development dependency)."""

import factory

from nastavnik.organizations.models import Municipality, Organization, Region, RoleAssignment
from nastavnik.people.factories import PersonFactory


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)

    name = "Республика Алтай"
    code = "04"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Район {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"МБОУ «Школа № {n}»")
    short_name = factory.Sequence(lambda n: f"Школа № {n}")
    kind = Organization.Kind.SCHOOL
    pupils_total = 300
    pupils_10_18 = 180
    pupils_15_18 = 60
    teachers_total = 30
    young_teachers = 5


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    person = factory.SubFactory(PersonFactory)
    role = RoleAssignment.Role.CURATOR
