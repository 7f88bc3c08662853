"""Random small matching instances for the property tests."""

from __future__ import annotations

import random

from nastavnik.matching import PEER_FORM, Mentee, Mentor, Rules

FORMS = (PEER_FORM, "учитель – ученик", "работодатель – ученик")
TERMS = ("программирован", "робототехник", "математик", "шахмат", "театр", "биолог")
FORMATS = ("очно", "онлайн")
TIMES = ("утро", "день", "вечер")


def _subset(rnd: random.Random, items, k_max=3) -> frozenset:
    return frozenset(rnd.sample(items, rnd.randint(0, min(k_max, len(items)))))


def random_instance(rnd: random.Random, n_mentees: int, n_mentors: int):
    orgs = (1, 2)
    mentors = []
    for j in range(n_mentors):
        form_set = _subset(rnd, FORMS, 2) or frozenset({rnd.choice(FORMS)})
        peer = PEER_FORM in form_set and rnd.random() < 0.7
        mentors.append(
            Mentor(
                id=f"t{j}",
                forms=form_set,
                age=rnd.randint(12, 18) if peer else rnd.choice((None, rnd.randint(19, 60))),
                organization_id=rnd.choice(orgs + (99,)),
                terms=_subset(rnd, TERMS, 4),
                formats=_subset(rnd, FORMATS, 2),
                times=_subset(rnd, TIMES, 2),
                capacity=rnd.randint(0, 3),
                ovz_ready=rnd.random() < 0.5,
                admitted_for_minors=rnd.random() < 0.7,
                is_partner_employee=rnd.random() < 0.3,
            )
        )
    mentor_ids = [m.id for m in mentors]
    mentees = []
    for i in range(n_mentees):
        age = rnd.randint(8, 20)
        mentees.append(
            Mentee(
                id=f"s{i}",
                form=rnd.choice(FORMS),
                age=age,
                organization_id=rnd.choice(orgs),
                request_terms=_subset(rnd, TERMS, 3),
                formats=_subset(rnd, FORMATS, 2),
                times=_subset(rnd, TIMES, 2),
                needs_ovz=rnd.random() < 0.2,
                choices=tuple(rnd.sample(mentor_ids, rnd.randint(0, min(3, len(mentor_ids))))),
                minor=age < 18,
                has_consent=rnd.random() < 0.9,
                desired_mentor_age=rnd.choice((None, (14, 30), (25, 60))),
            )
        )
    all_pairs = [(s.id, t.id) for s in mentees for t in mentors]
    banned = frozenset(p for p in all_pairs if rnd.random() < 0.1)
    ended = frozenset(p for p in all_pairs if rnd.random() < 0.1)
    rules = Rules(
        same_school_for_peer_form=rnd.random() < 0.8,
        min_peer_age_gap=rnd.randint(0, 3),
        allow_cross_organization=rnd.random() < 0.4,
        allow_partner_mentors=rnd.random() < 0.7,
        banned=banned,
        ended_early=ended,
        allow_ended_early_again=rnd.random() < 0.3,
        ovz_only_prepared_mentors=rnd.random() < 0.7,
        max_candidates_per_mentee=50,
    )
    return mentees, mentors, rules
