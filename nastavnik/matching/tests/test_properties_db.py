"""Random bases on the database: whatever the draft proposes respects every hard constraint, and
``programs.services.pair_create`` — which checks consents, admission and capacity on its own — accepts it."""

import datetime
import random

import pytest

from nastavnik.matching import services
from nastavnik.matching.models import MatchingDecision
from nastavnik.matching.scoring import violation
from nastavnik.programs import services as program_services
from nastavnik.programs.models import Pair

from .factories import TODAY, add_mentee, add_mentor, form_named, program_for

TOPICS = ["математика", "физика", "химия", "шахматы", "театр", "программирование", "история"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bases_give_drafts_that_pair_create_accepts(cast, seed):
    rnd = random.Random(seed)
    teacher_form, peer_form = form_named("учитель – ученик"), form_named("ученик – ученик")
    program = program_for(cast.school_a, forms=[teacher_form, peer_form])
    mentors = []
    for j in range(8):
        peer = rnd.random() < 0.4
        mentors.append(
            add_mentor(
                program,
                f"Наставник{j}",
                form=peer_form if peer else teacher_form,
                birth_date=TODAY.replace(
                    year=TODAY.year - (rnd.randint(14, 17) if peer else rnd.randint(25, 60))
                ),
                capacity=rnd.randint(1, 3),
                admitted=rnd.random() < 0.7,
                competences=" ".join(rnd.sample(TOPICS, 2)),
                ready_for_special_needs=rnd.random() < 0.5,
            )
        )
    mentees = [
        add_mentee(
            program,
            f"Ученик{i}",
            form=rnd.choice([teacher_form, peer_form]),
            birth_date=TODAY.replace(year=TODAY.year - rnd.randint(10, 16)),
            consent=rnd.random() < 0.8,
            request=rnd.choice(TOPICS),
            special_needs=rnd.random() < 0.2,
        )
        for i in range(16)
    ]
    # Some seats are taken already.
    busy = mentors[0]
    program_services.pair_create(
        program=program,
        form=busy.form,
        mentor=busy.person,
        mentees=[add_mentee(program, "Занятый", form=busy.form, birth_date=datetime.date(1990, 1, 1)).person],
        started_on=TODAY,
    )
    first = services.matching_run(program=program)
    ban = first.proposals.first()
    if ban is not None:
        services.matching_decision_add(
            run=first, kind=MatchingDecision.Kind.BAN, mentee_id=ban.mentee_id, mentor_id=ban.mentor_id
        )
    run = services.matching_rerun(run=first)

    inputs = services.build_inputs([program])
    mentee_by_id = {m.id: m for m in inputs.mentees}
    mentor_by_id = {m.id: m for m in inputs.mentors}
    rules = services._rules(
        run.rules,
        banned={(ban.mentee_id, ban.mentor_id)} if ban else set(),
        pinned=(),
        ended_early=inputs.ended_early,
    )
    load: dict[int, int] = {}
    for proposal in run.proposals.all():
        mentee, mentor = mentee_by_id[proposal.mentee_id], mentor_by_id[proposal.mentor_id]
        assert violation(mentee, mentor, rules) is None
        assert sum(r["points"] for r in proposal.reasons) == proposal.score
        load[mentor.id] = load.get(mentor.id, 0) + 1
    for mentor_id, taken in load.items():
        assert taken <= mentor_by_id[mentor_id].capacity
    assert run.matched + run.unmatched == len(mentees)
    pairs = services.matching_accept(run=run, started_on=TODAY)
    assert sum(p.mentees.count() for p in pairs) == run.matched
    for mentor in mentors:
        open_mentees = Pair.mentees.through.objects.filter(
            pair__program=program, pair__mentor=mentor.person, pair__status__in=["active", "paused"]
        ).count()
        assert open_mentees <= mentor.capacity
