from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from nastavnik.demo.district import DEMO_PASSWORD
from nastavnik.organizations.access import organizations_for_user
from nastavnik.organizations.models import Municipality, Organization, RoleAssignment
from nastavnik.people.models import LegalRepresentation, Person, User


def _load() -> str:
    out = StringIO()
    call_command("load_demo_district", stdout=out)
    return out.getvalue()


def test_it_loads_a_marked_reproducible_district_and_prints_the_logins(db):
    output = _load()
    municipality = Municipality.objects.get(name="Чемальский район")
    assert municipality.is_demo
    assert Organization.objects.filter(municipality=municipality).count() == 12
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert kinds == {"school", "preschool", "additional", "partner"}
    assert f"пароль для всех: {DEMO_PASSWORD}" in output
    for username in (
        "koordinator",
        "kurator1",
        "direktor1",
        "nastavnik1",
        "uchenik1",
        "roditel1",
        "region",
        "expert",
    ):
        assert username in output
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert Person.objects.filter(is_demo=False).count() == 0
    assert LegalRepresentation.objects.count() >= 3
    assert RoleAssignment.objects.filter(role="curator").exclude(order_number="").count() >= 6


def _people_snapshot() -> list:
    return list(Person.objects.order_by("pk").values_list("last_name", "first_name", "birth_date", "email"))


def test_the_same_seed_gives_the_same_people(transactional_db):
    _load()
    first = _people_snapshot()
    call_command("flush", interactive=False, verbosity=0)
    _load()
    assert _people_snapshot() == first


def test_it_refuses_to_load_twice_but_if_empty_is_quiet(db):
    _load()
    with pytest.raises(CommandError):
        _load()
    out = StringIO()
    call_command("load_demo_district", "--if-empty", stdout=out)
    assert "уже загружен" in out.getvalue()


def test_the_demo_curator_sees_only_their_school(db):
    _load()
    curator = User.objects.get(username="kurator1")
    assert [o.short_name for o in organizations_for_user(curator)] == ["Чемальская СОШ"]


def test_the_demo_roadmap_shows_work_done_and_proven(db):
    from nastavnik.roadmap.models import Activity, OrganizationTask

    _load()
    done = Activity.objects.filter(roadmap__municipality__name="Чемальский район", status="done")
    assert set(done.values_list("number", flat=True)) == {"1", "3", "4", "5", "11"}
    assert all(activity.evidence.exists() for activity in done)
    schools_done = OrganizationTask.objects.filter(activity__number="7", status="done")
    assert schools_done.count() == 5  # the schools implementing the model or done with it


def test_the_demo_bases_hold_every_paired_person_with_the_consents_the_law_requires(db):
    from nastavnik.programs.models import Consent, Pair, ProgramParticipant

    _load()
    pairs = Pair.objects.prefetch_related("mentees")
    assert pairs.count() == 20
    for pair in pairs:
        for mentee in pair.mentees.all():
            assert ProgramParticipant.objects.filter(
                program=pair.program, person=mentee, role="mentee"
            ).exists()
    minors = Person.objects.filter(mentee_pairs__isnull=False, birth_date__year__gte=2005).distinct()
    assert minors.count() == 10
    for minor in minors:
        consent = Consent.objects.get(subject=minor, kind="processing")
        assert consent.is_active and consent.given_by.represented.filter(child=minor).exists()


def test_only_the_one_pupil_meant_to_show_it_lacks_a_consent(db):
    """The matching demo keeps one pupil whose parent has not signed yet, to show why matching leaves them
    out; every other demo mentee has the consent to processing."""
    from nastavnik.matching.demo import WITHOUT_CONSENT
    from nastavnik.programs.models import Consent, ProgramParticipant

    _load()
    mentees = ProgramParticipant.objects.filter(role="mentee").select_related("person")
    assert mentees.exists() and not mentees.filter(form__isnull=True).exists()
    without = [
        participant.person.full_name
        for participant in mentees
        if not Consent.objects.active().filter(subject=participant.person, kind="processing").exists()
    ]
    last, first, patronymic = WITHOUT_CONSENT[0]
    assert without == [f"{last} {first} {patronymic}"]


def test_no_two_demo_people_share_a_full_name(db):
    """Namesakes on a program page read like a person mentoring themselves."""
    from collections import Counter

    from nastavnik.people.models import Person

    _load()
    names = Counter(person.full_name for person in Person.objects.filter(is_demo=True))
    assert names and max(names.values()) == 1, [name for name, count in names.items() if count > 1]
