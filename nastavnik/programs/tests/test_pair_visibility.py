import datetime

import pytest
from django.urls import reverse

from nastavnik.people.factories import PersonFactory
from nastavnik.programs.models import MentoringForm, Pair, Program
from nastavnik.programs.selectors import pairs_for_user


@pytest.fixture
def pairs(cast):
    form = MentoringForm.objects.get(name="учитель – ученик")
    program_a = Program.objects.create(
        organization=cast.school_a, academic_year="2020/2021", title="Программа А"
    )
    program_b = Program.objects.create(
        organization=cast.school_b, academic_year="2020/2021", title="Программа Б"
    )
    own = Pair.objects.create(
        program=program_a, form=form, mentor=cast.mentor_a.person, started_on=datetime.date(2020, 10, 1)
    )
    own.mentees.set([cast.mentee_a.person])
    other_a = Pair.objects.create(
        program=program_a, form=form, mentor=PersonFactory(), started_on=datetime.date(2020, 10, 1)
    )
    other_a.mentees.set([PersonFactory()])
    in_b = Pair.objects.create(
        program=program_b, form=form, mentor=PersonFactory(), started_on=datetime.date(2020, 10, 1)
    )
    return {"own": own, "other_a": other_a, "in_b": in_b}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("coordinator", {"own", "other_a", "in_b"}),
        ("regional_admin", {"own", "other_a", "in_b"}),
        ("curator_a", {"own", "other_a"}),
        ("head_a", {"own", "other_a"}),
        ("curator_b", {"in_b"}),
        ("mentor_a", {"own"}),
        ("mentee_a", {"own"}),
        ("parent_a", {"own"}),
        ("expert", set()),
        ("outsider", set()),
    ],
)
def test_each_persona_sees_only_the_pairs_they_should(cast, pairs, persona, visible):
    seen = set(pairs_for_user(getattr(cast, persona)).values_list("pk", flat=True))
    assert seen == {pairs[name].pk for name in visible}


def test_the_parent_sees_their_childs_pair_on_the_home_page(client, cast, pairs):
    client.force_login(cast.parent_a)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert cast.mentor_a.person.full_name in page and cast.mentee_a.person.full_name in page
    assert "Программа Б" not in page


@pytest.mark.django_db
def test_the_reference_list_of_forms_is_seeded():
    assert MentoringForm.objects.filter(name="ученик – ученик").exists()
    assert MentoringForm.objects.get(name="педагог – молодой специалист").is_teacher_model
