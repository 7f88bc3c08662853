"""Every persona × every page and action of the programs: who gets it and who gets 404.

A mentor sees only their own pairs, a mentee their own, a parent only their child's; the school's
staff see its programs, its editors change them; district staff see and change their municipalities'.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.core.models import AuditEvent
from nastavnik.people.factories import PersonFactory
from nastavnik.programs import services
from nastavnik.programs.models import (
    Consent,
    MentoringForm,
    NormativeDocument,
    Pair,
    ProgramParticipant,
    RoleModelVariant,
)
from nastavnik.programs.tests.factories import CHILD_BIRTH, program_for

Role = ProgramParticipant.Role
TODAY = timezone.localdate()
STARTED = TODAY - datetime.timedelta(days=60)

MANAGERS = {"coordinator", "regional_admin"}
STAFF_A = {"head_a", "curator_a", "responsible_a"}
EDITORS_A = {"head_a", "curator_a"}
PAIR_PEOPLE = {"mentor_a", "mentee_a", "parent_a"}
EVERYONE = {
    "regional_admin",
    "coordinator",
    "head_a",
    "curator_a",
    "curator_b",
    "responsible_a",
    "mentor_a",
    "mentee_a",
    "parent_a",
    "expert",
    "outsider",
}


@pytest.fixture
def world(cast):
    """School A's program with both bases, the persona pair (mentor_a with mentee_a, a minor), a pair of
    another mentor, a completed pair of the personas; a program in school B and one elsewhere."""
    form = MentoringForm.objects.get(name="учитель – ученик")
    program = program_for(cast.school_a)
    child = cast.mentee_a.person
    child.birth_date = CHILD_BIRTH
    child.save()
    mentor_row = ProgramParticipant.objects.create(
        program=program, person=cast.mentor_a.person, role=Role.MENTOR, capacity=5
    )
    child_row = ProgramParticipant.objects.create(program=program, person=child, role=Role.MENTEE)
    consent = services.consent_record(
        subject=child,
        given_by=cast.parent_a.person,
        organization=cast.school_a,
        kind=Consent.Kind.PROCESSING,
        scope="ФИО",
        given_on=STARTED,
    )
    own = services.pair_create(
        program=program, form=form, mentor=cast.mentor_a.person, mentees=[child], started_on=STARTED
    )
    item = services.plan_item_save(pair=own, title="Цель")
    done = services.pair_create(
        program=program, form=form, mentor=cast.mentor_a.person, mentees=[child], started_on=STARTED
    )
    services.pair_complete(pair=done, results="Итоги", on=TODAY)
    foreign = Pair.objects.create(program=program, form=form, mentor=PersonFactory(), started_on=STARTED)
    foreign.mentees.set([PersonFactory()])
    program_b = program_for(cast.school_b)
    pair_b = Pair.objects.create(program=program_b, form=form, mentor=PersonFactory(), started_on=STARTED)
    pair_b.mentees.set([PersonFactory()])
    elsewhere = program_for(cast.school_elsewhere)
    return {
        "program": program,
        "mentor_row": mentor_row,
        "child_row": child_row,
        "consent": consent,
        "own": own,
        "item": item,
        "done": done,
        "foreign": foreign,
        "program_b": program_b,
        "pair_b": pair_b,
        "elsewhere": elsewhere,
        "form": form,
        "variant": RoleModelVariant.objects.filter(form=form).first()
        or RoleModelVariant.objects.create(form=form, name="проверка доступа"),
        "document": NormativeDocument.objects.first()
        or NormativeDocument.objects.create(title="Д", number="1", date=TODAY, issuer="И"),
    }


def u(name, *args):
    return reverse(f"programs:{name}", args=args)


PAGES = [
    ("program list", lambda w: u("program-list"), EVERYONE),
    ("cabinet", lambda w: u("cabinet"), EVERYONE),
    ("new program", lambda w: u("program-create"), MANAGERS | EDITORS_A | {"curator_b"}),
    ("municipal overview", lambda w: u("municipal-overview"), MANAGERS),
    ("municipal overview xlsx", lambda w: u("municipal-overview-export"), MANAGERS),
    ("municipal bases xlsx", lambda w: u("municipal-bases-export"), MANAGERS),
    ("program A", lambda w: u("program-detail", w["program"].pk), MANAGERS | STAFF_A),
    ("program B", lambda w: u("program-detail", w["program_b"].pk), MANAGERS | {"curator_b"}),
    ("program elsewhere", lambda w: u("program-detail", w["elsewhere"].pk), {"regional_admin"}),
    ("program A settings", lambda w: u("program-settings", w["program"].pk), MANAGERS | EDITORS_A),
    ("mentee base A", lambda w: u("base-list", w["program"].pk, "mentees"), MANAGERS | STAFF_A),
    ("mentor base A", lambda w: u("base-list", w["program"].pk, "mentors"), MANAGERS | STAFF_A),
    ("mentee base A xlsx", lambda w: u("base-export", w["program"].pk, "mentees"), MANAGERS | STAFF_A),
    ("mentor base A xlsx", lambda w: u("base-export", w["program"].pk, "mentors"), MANAGERS | STAFF_A),
    ("mentee base A import", lambda w: u("base-import", w["program"].pk, "mentees"), MANAGERS | EDITORS_A),
    (
        "add a mentee to A",
        lambda w: u("participant-create", w["program"].pk, "mentees"),
        MANAGERS | EDITORS_A,
    ),
    (
        "add a mentor to A",
        lambda w: u("participant-create", w["program"].pk, "mentors"),
        MANAGERS | EDITORS_A,
    ),
    ("edit a row of A", lambda w: u("participant-edit", w["child_row"].pk), MANAGERS | EDITORS_A),
    ("consents of a row of A", lambda w: u("participant-consents", w["child_row"].pk), MANAGERS | STAFF_A),
    ("pairs of A", lambda w: u("pair-list", w["program"].pk), MANAGERS | STAFF_A),
    ("new pair in A", lambda w: u("pair-create", w["program"].pk), MANAGERS | EDITORS_A),
    ("the personas' pair", lambda w: u("pair-detail", w["own"].pk), MANAGERS | STAFF_A | PAIR_PEOPLE),
    ("another mentor's pair in A", lambda w: u("pair-detail", w["foreign"].pk), MANAGERS | STAFF_A),
    ("a pair in B", lambda w: u("pair-detail", w["pair_b"].pk), MANAGERS | {"curator_b"}),
    ("log a meeting", lambda w: u("meeting-create", w["own"].pk), MANAGERS | EDITORS_A | {"mentor_a"}),
    ("log a meeting of another mentor", lambda w: u("meeting-create", w["foreign"].pk), MANAGERS | EDITORS_A),
    ("add to the plan", lambda w: u("plan-item-create", w["own"].pk), MANAGERS | EDITORS_A | {"mentor_a"}),
    ("change a pair's status", lambda w: u("pair-status", w["own"].pk), MANAGERS | EDITORS_A),
    ("complete a pair", lambda w: u("pair-complete", w["own"].pk), MANAGERS | EDITORS_A),
    ("feedback on a completed pair", lambda w: u("pair-feedback", w["done"].pk), PAIR_PEOPLE),
    ("feedback on an active pair", lambda w: u("pair-feedback", w["own"].pk), set()),
    ("reference data", lambda w: u("reference-list"), MANAGERS),
    ("new form", lambda w: u("mentoring-form-create"), MANAGERS),
    ("edit a form", lambda w: u("mentoring-form-edit", w["form"].pk), MANAGERS),
    ("new variant", lambda w: u("role-model-variant-create"), MANAGERS),
    ("edit a variant", lambda w: u("role-model-variant-edit", w["variant"].pk), MANAGERS),
    ("new document", lambda w: u("normative-document-create"), MANAGERS),
    ("edit a document", lambda w: u("normative-document-edit", w["document"].pk), MANAGERS),
]


@pytest.mark.parametrize("persona", sorted(EVERYONE))
@pytest.mark.parametrize(("page_name", "url", "allowed"), PAGES, ids=[p[0] for p in PAGES])
def test_it_shows_each_page_only_to_those_who_may_see_it(
    client, cast, world, persona, page_name, url, allowed
):
    client.force_login(getattr(cast, persona))
    response = client.get(url(world))
    assert response.status_code == (200 if persona in allowed else 404), f"{persona} on {page_name}"


# (action, url builder, POST data builder, personas allowed; everyone else gets 404 and nothing is written)
ACTIONS = [
    (
        "tick a checklist item",
        lambda w: u("checklist-item-update", w["program"].pk, w["program"].checklist_items.first().pk),
        lambda w: {"done": "on"},
        MANAGERS | EDITORS_A,
    ),
    (
        "advance the stage",
        lambda w: u("program-stage-advance", w["program"].pk),
        lambda w: {},
        MANAGERS | EDITORS_A,
    ),
    (
        "withdraw a consent",
        lambda w: u("consent-withdraw", w["child_row"].pk, w["consent"].pk),
        lambda w: {},
        MANAGERS | EDITORS_A,
    ),
    (
        "remove a row",
        lambda w: u("participant-remove", w["mentor_row"].pk),
        lambda w: {},
        MANAGERS | EDITORS_A,
    ),
    (
        "plan progress",
        lambda w: u("plan-item-progress", w["own"].pk, w["item"].pk),
        lambda w: {"progress": "50"},
        MANAGERS | EDITORS_A | {"mentor_a"},
    ),
    ("feedback", lambda w: u("pair-feedback", w["done"].pk), lambda w: {"text": "Отзыв"}, PAIR_PEOPLE),
    (
        "add a mentee",
        lambda w: u("participant-create", w["program"].pk, "mentees"),
        lambda w: {"last_name": "Новый", "first_name": "Ученик", "category": "pupil"},
        MANAGERS | EDITORS_A,
    ),
    (
        "complete",
        lambda w: u("pair-complete", w["own"].pk),
        lambda w: {"results": "Готово"},
        MANAGERS | EDITORS_A,
    ),
]


@pytest.mark.parametrize("persona", sorted(EVERYONE))
@pytest.mark.parametrize(("action", "url", "data", "allowed"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_only_those_allowed_act_and_the_rest_write_nothing(
    client, cast, world, persona, action, url, data, allowed
):
    from nastavnik.programs.services import program_checklist_ensure

    program_checklist_ensure(world["program"])
    client.force_login(getattr(cast, persona))
    journal = AuditEvent.objects.count()
    response = client.post(url(world), data(world))
    if persona in allowed:
        assert response.status_code in (200, 302), f"{persona}: {action}"
    else:
        assert response.status_code == 404, f"{persona}: {action}"
        assert AuditEvent.objects.count() == journal, f"{persona}: {action} wrote something"
