"""Factories for tests (factory_boy is a development dependency)."""

import factory

from nastavnik.people.models import Person, User


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    last_name = factory.Sequence(lambda n: f"Иванов{n}")
    first_name = "Иван"
    patronymic = "Иванович"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    person = factory.SubFactory(PersonFactory)
    password = factory.PostGenerationMethodCall("set_password", "пароль-для-тестов")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
