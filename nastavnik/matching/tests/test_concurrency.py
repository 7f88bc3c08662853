"""Two drafts covering the same program accepted at the same moment (a curator's and the coordinator's,
or two browser tabs): one wins, the other is refused with a message, nobody is paired twice.

Row locks need PostgreSQL (``scripts/with_postgres.py``); SQLite writes one transaction at a time anyway.
"""

import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from nastavnik.matching import services
from nastavnik.programs.models import Pair

from .factories import TODAY, add_mentee, add_mentor, form_named, program_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_drafts_of_one_program_accepted_at_once_pair_nobody_twice(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    form = form_named()
    program = program_for(cast.school_a, forms=[form])
    add_mentor(program, "Общая", form=form, capacity=2)
    add_mentee(program, "Единственный", form=form)
    curators = services.matching_run(program=program, user=cast.curator_a)
    coordinators = services.matching_run(
        municipality=cast.municipality,
        organizations=[cast.school_a],
        academic_year=program.academic_year,
        user=cast.coordinator,
    )
    inside, go = threading.Event(), threading.Event()
    original = services.pending_decisions

    def pausing(run, decisions):
        # The first accept stops half-way, after its checks, until the second one has started.
        if threading.current_thread().name == "first":
            inside.set()
            go.wait(10)
        return original(run, decisions)

    outcome: dict[str, object] = {}

    def accept(run, name):
        try:
            outcome[name] = len(services.matching_accept(run=run, started_on=TODAY))
        except Exception as error:  # noqa: BLE001 — the test reports which error it was
            outcome[name] = error
        finally:
            connection.close()

    with mock.patch.object(services, "pending_decisions", pausing):
        first = threading.Thread(target=accept, args=(curators, "first"), name="first")
        first.start()
        assert inside.wait(10)
        second = threading.Thread(target=accept, args=(coordinators, "second"), name="second")
        second.start()
        second.join(1)  # it must now wait for the first one, not pair on its own
        go.set()
        first.join(30)
        second.join(30)
    assert outcome["first"] == 1
    refused = outcome["second"]
    assert isinstance(refused, ValidationError), refused
    assert refused.code == "run_not_draft"
    assert Pair.objects.filter(program=program).count() == 1
