"""Hard constraints, explainable integer scores and the sparse candidate graph.

Scaling: mentors are indexed by (form, organisation); a mentee is only compared with the mentors of its
form in its own organisation, plus — where allowed — partner (employer) mentors and, with cross-organisation
matching, mentors sharing a request term (an inverted index), plus its own ranked choices. When a form has
at most ``Rules.exhaustive_limit`` mentors, cross-organisation matching scans all of them. Then only the top
``Rules.max_candidates_per_mentee`` (K) edges of each mentee are kept: **the solver's optimum is exact over
this candidate graph**; it equals the optimum over all pairs whenever no mentee has more than K feasible
mentors in its pool (``CandidateGraph.truncated`` counts the mentees that had more).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import Mentee, Mentor, PinConflict, Rules, Weights


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    text: str
    points: int
    shared: tuple[str, ...] = ()  # shared attributes, to highlight


CONSTRAINT_TEXTS = {
    "consent": "нет согласия на участие в наставничестве",
    "form": "наставник не работает в этой форме наставничества",
    "mentor_consent": "нет согласия наставника (педагога) на дополнительные обязанности",
    "capacity": "у наставника нет мест в группе",
    "banned": "пара запрещена куратором",
    "ended_early": "пара уже завершалась досрочно, повтор не разрешён",
    "peer_other_school": "в форме «ученик – ученик» наставник должен учиться в той же школе",
    "other_organization": "наставник из другой организации, а межорганизационное наставничество не разрешено",
    "peer_age_gap": "наставник-ученик должен быть старше наставляемого на заданное число лет",
    "minor_admission": "у наставника нет подтверждённого допуска к работе с несовершеннолетними",
    "ovz": "наставник не подготовлен к работе с обучающимися с ОВЗ",
}


def violation(mentee: Mentee, mentor: Mentor, rules: Rules) -> str | None:
    """The code of the first hard constraint the pair breaks, or ``None`` if the pair is feasible."""
    if not mentee.has_consent:
        return "consent"
    if mentee.form not in mentor.forms:
        return "form"
    if not mentor.has_consent:
        return "mentor_consent"
    if mentor.capacity <= 0:
        return "capacity"
    key = (mentee.id, mentor.id)
    if key in rules.banned:
        return "banned"
    if not rules.allow_ended_early_again and key in rules.ended_early:
        return "ended_early"
    peer = mentee.form in rules.peer_forms
    if mentee.organization_id != mentor.organization_id:
        if peer and rules.same_school_for_peer_form:
            return "peer_other_school"
        if not (
            rules.allow_cross_organization or (mentor.is_partner_employee and rules.allow_partner_mentors)
        ):
            return "other_organization"
    if peer and (
        mentee.age is None or mentor.age is None or mentor.age - mentee.age < rules.min_peer_age_gap
    ):
        return "peer_age_gap"
    if mentee.minor and mentor.is_adult and not mentor.admitted_for_minors:
        return "minor_admission"
    if mentee.needs_ovz and not mentor.ovz_ready and rules.ovz_only_prepared_mentors:
        return "ovz"
    return None


def _score(mentee: Mentee, mentor: Mentor, w: Weights, rules: Rules, reasons: list | None) -> int:
    """The one definition of the score; fills ``reasons`` (if given) with every non-zero component."""
    total = w.base
    if reasons is not None and w.base:
        reasons.append(Reason("form", f"Форма «{mentee.form}»", w.base, (mentee.form,)))
    if mentee.request_terms and mentor.terms:
        shared = mentee.request_terms & mentor.terms
        if shared:
            points = w.per_shared_term * min(len(shared), w.max_shared_terms)
            total += points
            if reasons is not None and points:
                words = tuple(sorted(shared))
                reasons.append(
                    Reason(
                        "terms",
                        "Запрос совпадает с компетенциями/интересами: " + ", ".join(words),
                        points,
                        words,
                    )
                )
    band = mentor.desired_mentee_age
    if band is not None and mentee.age is not None and band[0] <= mentee.age <= band[1]:
        total += w.age_band
        if reasons is not None and w.age_band:
            reasons.append(
                Reason(
                    "age_band",
                    f"Возраст наставляемого ({mentee.age}) — в желаемом наставником диапазоне "
                    f"{band[0]}–{band[1]}",
                    w.age_band,
                )
            )
    else:
        band = mentee.desired_mentor_age
        if band is not None and mentor.age is not None and band[0] <= mentor.age <= band[1]:
            total += w.age_band
            if reasons is not None and w.age_band:
                reasons.append(
                    Reason("age_band", f"Возраст наставника {mentor.age} в желаемом диапазоне", w.age_band)
                )
    if mentee.formats and mentor.formats:
        shared = mentee.formats & mentor.formats
        if shared:
            total += w.format
            if reasons is not None and w.format:
                words = tuple(sorted(shared))
                reasons.append(Reason("format", "Подходит формат: " + ", ".join(words), w.format, words))
    if mentee.times and mentor.times:
        shared = mentee.times & mentor.times
        if shared:
            total += w.time
            if reasons is not None and w.time:
                words = tuple(sorted(shared))
                reasons.append(Reason("time", "Совпадает время: " + ", ".join(words), w.time, words))
    if mentee.organization_id == mentor.organization_id:
        total += w.same_organization
        if reasons is not None and w.same_organization:
            reasons.append(Reason("same_organization", "Та же организация", w.same_organization))
    elif mentor.is_partner_employee:
        total += w.partner
        if reasons is not None and w.partner:
            reasons.append(Reason("partner", "Наставник — сотрудник организации-партнёра", w.partner))
    if mentee.needs_ovz and mentor.ovz_ready:
        total += w.ovz
        if reasons is not None and w.ovz:
            reasons.append(Reason("ovz", "Наставник подготовлен к работе с обучающимися с ОВЗ", w.ovz))
    if mentee.choices:
        choices = mentee.choices[:3]
        if mentor.id in choices:
            rank = choices.index(mentor.id)
            points = w.choice_points(rank)
            total += points
            if reasons is not None and points:
                reasons.append(
                    Reason("choice", f"Наставляемый выбрал этого наставника ({rank + 1}-й выбор)", points)
                )
    if rules.ended_early and (mentee.id, mentor.id) in rules.ended_early:
        total += w.ended_early
        if reasons is not None and w.ended_early:
            reasons.append(Reason("ended_early", "Пара уже завершалась досрочно", w.ended_early))
    return total


def score(mentee: Mentee, mentor: Mentor, weights: Weights, rules: Rules) -> int:
    return _score(mentee, mentor, weights, rules, None)


def explain(mentee: Mentee, mentor: Mentor, weights: Weights, rules: Rules) -> list[Reason]:
    """All non-zero score components, largest first; their points sum to :func:`score`."""
    reasons: list[Reason] = []
    _score(mentee, mentor, weights, rules, reasons)
    reasons.sort(key=lambda r: -r.points)
    return reasons


@dataclass
class CandidateGraph:
    mentees: list[Mentee]
    mentors: list[Mentor]
    weights: Weights
    rules: Rules
    # per mentee index: [(score, mentor index)], best first, at most K; empty for pinned mentees
    edges: list[list[tuple[int, int]]]
    # pinned pairs as (mentee index, mentor index)
    pinned: list[tuple[int, int]] = field(default_factory=list)
    # mentees with no feasible edge: mentee index -> (code, {constraint code: mentors excluded by it})
    blocked: dict[int, tuple[str, dict[str, int]]] = field(default_factory=dict)
    truncated: int = 0  # mentees whose feasible pool had more than K mentors
    pairs_checked: int = 0

    @property
    def n_edges(self) -> int:
        return sum(len(e) for e in self.edges)


def _validate_pins(mentees, mentors, rules, mentee_index, mentor_index) -> list[tuple[int, int]]:
    pins = []
    seen: set = set()
    load: dict[int, int] = defaultdict(int)
    for mentee_id, mentor_id in sorted(rules.pinned, key=repr):
        if mentee_id not in mentee_index or mentor_id not in mentor_index:
            raise PinConflict(f"закреплённая пара {mentee_id!r}–{mentor_id!r}: участник не найден")
        if mentee_id in seen:
            raise PinConflict(f"наставляемый {mentee_id!r} закреплён за несколькими наставниками")
        seen.add(mentee_id)
        i, j = mentee_index[mentee_id], mentor_index[mentor_id]
        code = violation(mentees[i], mentors[j], rules)
        if code is not None:
            raise PinConflict(f"закреплённая пара {mentee_id!r}–{mentor_id!r}: {CONSTRAINT_TEXTS[code]}")
        load[j] += 1
        if load[j] > mentors[j].capacity:
            raise PinConflict(f"за наставником {mentor_id!r} закреплено больше наставляемых, чем мест")
        pins.append((i, j))
    pins.sort()
    return pins


def candidate_edges(
    mentees: list[Mentee], mentors: list[Mentor], weights: Weights | None = None, rules: Rules | None = None
) -> CandidateGraph:
    """Feasible (mentee, mentor) edges with integer scores; see the module docstring for the pool and K."""
    weights = weights or Weights()
    rules = rules or Rules()
    mentees, mentors = list(mentees), list(mentors)
    mentee_index = {m.id: i for i, m in enumerate(mentees)}
    mentor_index = {m.id: j for j, m in enumerate(mentors)}
    if len(mentee_index) != len(mentees) or len(mentor_index) != len(mentors):
        raise ValueError("ids of mentees and of mentors must be unique")
    pins = _validate_pins(mentees, mentors, rules, mentee_index, mentor_index)
    pinned_mentees = {i for i, _ in pins}

    by_form: dict[str, list[int]] = defaultdict(list)
    by_form_org: dict[tuple, list[int]] = defaultdict(list)
    partners_by_term: dict[tuple, list[int]] = defaultdict(list)
    by_term: dict[tuple, list[int]] = defaultdict(list)
    for j, mentor in enumerate(mentors):
        for form in sorted(mentor.forms):
            by_form[form].append(j)
            by_form_org[form, mentor.organization_id].append(j)
            if rules.allow_cross_organization:
                for term in mentor.terms:
                    by_term[form, term].append(j)
            elif mentor.is_partner_employee and rules.allow_partner_mentors:
                for term in mentor.terms:
                    partners_by_term[form, term].append(j)

    k = rules.max_candidates_per_mentee
    graph = CandidateGraph(mentees, mentors, weights, rules, [[] for _ in mentees], pins)
    checked = 0
    for i, mentee in enumerate(mentees):
        if i in pinned_mentees:
            continue
        if not mentee.has_consent:
            graph.blocked[i] = ("no_consent", {})
            continue
        form = mentee.form
        if not by_form.get(form):
            graph.blocked[i] = ("no_mentor_in_form", {})
            continue
        own = by_form_org.get((form, mentee.organization_id), ())
        extra: set[int] = set()
        if rules.allow_cross_organization:
            if len(by_form[form]) <= rules.exhaustive_limit:
                extra.update(by_form[form])
            else:
                for term in mentee.request_terms:
                    extra.update(by_term.get((form, term), ()))
        elif partners_by_term:
            for term in mentee.request_terms:
                extra.update(partners_by_term.get((form, term), ()))
        for choice in mentee.choices[:3]:
            j = mentor_index.get(choice)
            if j is not None:
                extra.add(j)
        if extra:
            extra.update(own)
            pool = sorted(extra)
        else:
            pool = own
        if not pool:
            graph.blocked[i] = ("no_mentor_in_reach", {})
            continue
        found = []
        failures: dict[str, int] = {}
        for j in pool:
            mentor = mentors[j]
            code = violation(mentee, mentor, rules)
            if code is None:
                found.append((_score(mentee, mentor, weights, rules, None), j))
            else:
                failures[code] = failures.get(code, 0) + 1
        checked += len(pool)
        if not found:
            graph.blocked[i] = ("constraints", failures)
            continue
        found.sort(key=lambda e: (-e[0], e[1]))
        if len(found) > k:
            graph.truncated += 1
            del found[k:]
        graph.edges[i] = found
    graph.pairs_checked = checked
    return graph
