"""Matching on the database: inputs from the bases, drafts, pins and bans, accepting into pairs."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from nastavnik.matching import services
from nastavnik.matching.models import MatchingDecision, MatchingRun, MatchingSettings, ProposedPair
from nastavnik.matching.scoring import explain
from nastavnik.people.factories import PersonFactory
from nastavnik.programs import services as program_services
from nastavnik.programs.models import Pair, Tag

from .factories import CHILD_BIRTH, TODAY, add_mentee, add_mentor, form_named, program_for

STARTED = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def form(db):
    return form_named("учитель – ученик")


@pytest.fixture
def program(cast, form):
    return program_for(cast.school_a, forms=[form])


def proposals(run):
    return {
        (p.mentee.person.last_name, p.mentor.person.last_name)
        for p in run.proposals.select_related("mentee__person", "mentor__person")
    }


def unmatched(run):
    return {u.mentee.person.last_name: u for u in run.unmatched_mentees.select_related("mentee__person")}


def test_it_pairs_by_the_request_against_competences_in_russian_morphology(cast, program, form):
    add_mentor(program, "Физиков", form=form, competences="физика, подготовка к олимпиадам")
    add_mentor(program, "Программистов", form=form, competences="программирование на Python")
    add_mentee(program, "Кодов", form=form, request="хочу научиться программированию")
    add_mentee(program, "Олимпов", form=form, request="олимпиада по физике")
    run = services.matching_run(program=program, user=cast.curator_a)
    assert run.status == MatchingRun.Status.DRAFT
    assert proposals(run) == {("Кодов", "Программистов"), ("Олимпов", "Физиков")}
    assert run.matched == 2 and run.unmatched == 0
    kodov = run.proposals.get(mentee__person__last_name="Кодов")
    assert kodov.shared_terms  # «программированию» meets «программирование»
    terms = next(r for r in kodov.reasons if r["code"] == "terms")
    assert terms["text"].endswith(": программированию")  # the word as the mentee typed it, not its stem
    assert sum(r["points"] for r in kodov.reasons) == kodov.score
    assert run.total_score == sum(p.score for p in run.proposals.all())


def test_it_leaves_out_a_minor_without_the_representatives_consent(cast, program, form):
    add_mentor(program, "Наставникова", form=form, capacity=3)
    add_mentee(program, "Согласнов", form=form)
    add_mentee(program, "Безсогласия", form=form, consent=False)
    run = services.matching_run(program=program, user=cast.curator_a)
    assert proposals(run) == {("Согласнов", "Наставникова")}
    assert unmatched(run)["Безсогласия"].code == "no_consent"


def test_it_requires_a_confirmed_admission_for_an_adult_mentor_of_a_minor(cast, program, form):
    add_mentor(program, "Бездопуска", form=form, admitted=False)
    add_mentee(program, "Ребёнков", form=form)
    run = services.matching_run(program=program)
    assert run.matched == 0
    reason = unmatched(run)["Ребёнков"]
    assert reason.code == "constraints" and "minor_admission" in reason.counts
    assert "допуск" in reason.reason


def test_it_never_exceeds_capacity_counting_existing_open_pairs(cast, program, form):
    mentor = add_mentor(program, "Занятова", form=form, capacity=2)
    existing = add_mentee(program, "Старый", form=form)
    program_services.pair_create(
        program=program, form=form, mentor=mentor.person, mentees=[existing.person], started_on=STARTED
    )
    for name in ("Первый", "Второй", "Третий"):
        add_mentee(program, name, form=form)
    run = services.matching_run(program=program)
    assert run.matched == 1  # one seat of two is taken by the open pair
    assert "Старый" not in unmatched(run)  # already in a pair: not in the run at all
    assert run.mentee_count == 3


def test_it_does_not_repropose_a_pair_that_ended_early_unless_allowed(cast, program, form):
    mentor = add_mentor(program, "Прежняя", form=form)
    mentee = add_mentee(program, "Ушедший", form=form)
    pair = program_services.pair_create(
        program=program, form=form, mentor=mentor.person, mentees=[mentee.person], started_on=STARTED
    )
    program_services.pair_status_change(pair=pair, status="ended_early", reason="не сложилось", on=TODAY)
    run = services.matching_run(program=program)
    assert run.matched == 0 and unmatched(run)["Ушедший"].counts == {"ended_early": 1}
    settings = services.settings_for_program(program)
    services.matching_settings_save(settings=settings, weights={}, allow_ended_early_again=True)
    penalised = services.matching_run(program=program)
    assert penalised.matched == 0 and unmatched(penalised)["Ушедший"].code == "low_score"
    services.matching_settings_save(
        settings=settings, weights={"ended_early": -5}, allow_ended_early_again=True
    )
    again = services.matching_run(program=program)
    assert again.matched == 1
    codes = [r["code"] for r in again.proposals.get().reasons]
    assert "ended_early" in codes


def test_a_ban_is_honoured_and_a_pin_is_kept_by_the_next_run(cast, program, form):
    add_mentor(program, "Лучший", form=form, competences="шахматы")
    add_mentor(program, "Другой", form=form, competences="рисование")
    add_mentee(program, "Шахматов", form=form, request="шахматы")
    add_mentee(program, "Художников", form=form, request="рисование")
    run = services.matching_run(program=program)
    assert proposals(run) == {("Шахматов", "Лучший"), ("Художников", "Другой")}
    by_name = {p.mentee.person.last_name: p for p in run.proposals.select_related("mentee__person")}
    mentors = {p.mentor.person.last_name: p.mentor_id for p in run.proposals.select_related("mentor__person")}
    services.matching_decision_add(
        run=run,
        kind=MatchingDecision.Kind.BAN,
        mentee_id=by_name["Шахматов"].mentee_id,
        mentor_id=mentors["Лучший"],
        reason="родственники",
    )
    services.matching_swap(run=run, mentee_id=by_name["Художников"].mentee_id, mentor_id=mentors["Лучший"])
    second = services.matching_rerun(run=run, user=cast.curator_a)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DISCARDED
    assert proposals(second) == {("Шахматов", "Другой"), ("Художников", "Лучший")}
    assert second.proposals.get(mentee__person__last_name="Художников").pinned
    assert second.decisions.count() == 2
    third = services.matching_rerun(run=second)
    assert proposals(third) == proposals(second)


def test_a_pin_that_breaks_a_constraint_is_refused_with_the_names(cast, program, form):
    """Refused when the curator pins or moves, saying why — not only when the next run fails."""
    bad = add_mentor(program, "Недопущенный", form=form, admitted=False)
    good = add_mentor(program, "Допущенный", form=form)
    mentee = add_mentee(program, "Закреплённый", form=form)
    run = services.matching_run(program=program)
    with pytest.raises(ValidationError) as error:
        services.matching_swap(run=run, mentee_id=mentee.pk, mentor_id=bad.pk)
    assert error.value.code == "pin_impossible"
    message = error.value.messages[0]
    assert "Закреплённый" in message and "Недопущенный" in message and "допуска" in message
    assert not MatchingDecision.objects.exists()
    # A pin that was possible and became impossible later (the admission withdrawn) stops the next run.
    services.matching_swap(run=run, mentee_id=mentee.pk, mentor_id=good.pk)
    type(good).objects.filter(pk=good.pk).update(minors_admission_confirmed_on=None)
    with pytest.raises(ValidationError) as error:
        services.matching_rerun(run=run)
    assert "Закреплённый" in error.value.messages[0] and "Допущенный" in error.value.messages[0]
    run.refresh_from_db()
    assert run.is_draft  # the failed run rolled back: the draft stays


def test_pins_beyond_the_mentors_seats_and_of_mentees_without_consent_are_refused(cast, program, form):
    mentor = add_mentor(program, "Одноместная", form=form, capacity=1)
    first = add_mentee(program, "Первая", form=form)
    second = add_mentee(program, "Вторая", form=form)
    unwilling = add_mentee(program, "Несогласный", form=form, consent=False)
    run = services.matching_run(program=program)
    services.matching_decision_add(run=run, kind="pin", mentee_id=first.pk, mentor_id=mentor.pk)
    with pytest.raises(ValidationError, match="мест"):
        services.matching_decision_add(run=run, kind="pin", mentee_id=second.pk, mentor_id=mentor.pk)
    with pytest.raises(ValidationError, match="согласия"):
        services.matching_swap(run=run, mentee_id=unwilling.pk, mentor_id=mentor.pk)
    # Moving the first mentee away frees the seat.
    services.matching_decision_add(run=run, kind="ban", mentee_id=first.pk, mentor_id=mentor.pk)
    services.matching_decision_add(run=run, kind="pin", mentee_id=second.pk, mentor_id=mentor.pk)
    assert proposals(services.matching_rerun(run=run)) == {("Вторая", "Одноместная")}


def test_a_program_wide_ban_applies_to_every_later_run(cast, program, form):
    mentor = add_mentor(program, "Запретный", form=form)
    mentee = add_mentee(program, "Одинокий", form=form)
    run = services.matching_run(program=program)
    services.matching_decision_add(
        run=run, kind="ban", mentee_id=mentee.pk, mentor_id=mentor.pk, for_program=True
    )
    fresh = services.matching_run(program=program)
    assert fresh.matched == 0 and unmatched(fresh)["Одинокий"].counts == {"banned": 1}


def test_it_is_deterministic(cast, program, form):
    for n in range(6):
        add_mentor(program, f"Наставник{n}", form=form, capacity=1 + n % 2, competences="математика физика")
    for n in range(10):
        add_mentee(program, f"Ученик{n}", form=form, request="математика" if n % 2 else "физика")
    first = services.matching_run(program=program)
    second = services.matching_run(program=program)
    key = lambda run: sorted(run.proposals.values_list("mentee_id", "mentor_id", "score"))  # noqa: E731
    assert key(first) == key(second)
    assert first.total_score == second.total_score


def test_inputs_are_read_from_every_column(cast, program, form):
    tag = Tag.objects.create(name="робототехника")
    mentor = add_mentor(
        program,
        "Полнова",
        form=form,
        competences="конструирование",
        interests="шахматы",
        desired_mentee_age="12–14 лет",
        meeting_time_place="по средам вечером, кабинет 12",
        meeting_format="mixed",
        ready_for_special_needs=True,
        partner_organization=cast.school_b,
        capacity=3,
    )
    mentor.tags.add(tag)
    mentee = add_mentee(
        program,
        "Полнов",
        form=form,
        request="робототехника",
        meeting_time_place="среда после уроков и вечером",
        meeting_format="online",
        special_needs=True,
    )
    inputs = services.build_inputs([program])
    (m,) = inputs.mentees
    (t,) = inputs.mentors
    assert m.id == mentee.pk and m.age == 13 and m.minor and m.has_consent and m.needs_ovz
    assert m.formats == {"онлайн"} and "ср-вечер" in m.times and "ср-день" in m.times
    assert t.desired_mentee_age == (12, 14) and t.times == {"ср-вечер"} and t.formats == {"онлайн", "очно"}
    assert t.is_partner_employee and t.ovz_ready and t.admitted_for_minors and t.capacity == 3
    assert "робототехник" in " ".join(t.terms)
    reasons = {r.code for r in explain(m, t, services.Weights(), services.Rules())}
    assert {"terms", "age_band", "format", "time", "ovz"} <= reasons


def test_reading_the_bases_takes_the_same_number_of_queries_for_more_people(
    cast, program, form, django_assert_max_num_queries
):
    def grow(n):
        for i in range(n):
            mentor = add_mentor(program, f"Н{n}_{i}", form=form, competences="математика")
            mentor.tags.add(Tag.objects.get_or_create(name="тег")[0])
            add_mentee(program, f"У{n}_{i}", form=form, request="математика")

    grow(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        services.build_inputs([program])
    grow(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        inputs = services.build_inputs([program])
    assert len(inputs.mentees) == 17


def test_accept_creates_one_group_per_mentor_for_pupil_forms_and_pairs_for_the_teacher_model(cast, form):
    teacher_form = form_named("педагог – молодой специалист")
    program = program_for(cast.school_a, forms=[form, teacher_form])
    add_mentor(program, "Групповая", form=form, capacity=3)
    for name in ("Один", "Два", "Три"):
        add_mentee(program, name, form=form)
    run = services.matching_run(program=program, user=cast.curator_a)
    pairs = services.matching_accept(
        run=run, started_on=TODAY, order_number="15-н", order_date=TODAY, user=cast.curator_a
    )
    assert len(pairs) == 1 and pairs[0].mentees.count() == 3
    assert pairs[0].order_number == "15-н"
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.ACCEPTED and run.order_number == "15-н"
    assert set(ProposedPair.objects.filter(run=run).values_list("pair", flat=True)) == {pairs[0].pk}
    assert services.is_group_form(form) and not services.is_group_form(teacher_form)
    with pytest.raises(ValidationError):
        services.matching_accept(run=run, started_on=TODAY)


def test_accept_refuses_a_stale_draft_and_writes_nothing(cast, program, form):
    mentor = add_mentor(program, "Ждущая", form=form, capacity=2)
    first = add_mentee(program, "Быстрый", form=form)
    add_mentee(program, "Второй", form=form)
    run = services.matching_run(program=program)
    program_services.pair_create(
        program=program, form=form, mentor=mentor.person, mentees=[first.person], started_on=STARTED
    )
    with pytest.raises(ValidationError) as error:
        services.matching_accept(run=run, started_on=TODAY)
    assert "Быстрый" in error.value.messages[0]
    assert Pair.objects.filter(program=program).count() == 1


def test_a_person_is_never_their_own_mentor(cast, form):
    program = program_for(cast.school_a, forms=[form])
    person = PersonFactory(last_name="Двойнов", birth_date=datetime.date(1990, 1, 1))
    add_mentor(program, "", form=form, person=person)
    add_mentee(program, "", form=form, person=person)
    run = services.matching_run(program=program)
    assert run.matched == 0


def test_weights_are_validated(cast, program):
    settings = MatchingSettings(program=program)
    with pytest.raises(ValidationError):
        services.matching_settings_save(settings=settings, weights={"unknown": 3})
    with pytest.raises(ValidationError):
        services.matching_settings_save(settings=settings, weights={"max_shared_terms": -1})
    saved = services.matching_settings_save(
        settings=settings, weights={"choice_1": 100}, objective="max_matched_then_score"
    )
    assert saved.weights_object().choice_1 == 100 and saved.weights_object().base == 10


def test_the_coordinator_matches_across_schools_with_cross_organisation_allowed(cast, form):
    school_a = program_for(cast.school_a, forms=[form])
    school_b = program_for(cast.school_b, forms=[form])
    add_mentor(school_a, "Межшкольный", form=form, competences="астрономия", capacity=2)
    add_mentee(school_b, "Звездочётов", form=form, request="астрономия")
    settings = services.settings_for_municipality(cast.municipality)
    services.matching_settings_save(settings=settings, weights={}, allow_cross_organization=False)
    closed = services.matching_run(
        municipality=cast.municipality,
        organizations=[cast.school_a, cast.school_b],
        academic_year="2025/2026",
        user=cast.coordinator,
    )
    assert closed.matched == 0 and unmatched(closed)["Звездочётов"].code == "no_mentor_in_reach"
    services.matching_settings_save(settings=settings, weights={}, allow_cross_organization=True)
    run = services.matching_run(
        municipality=cast.municipality,
        organizations=[cast.school_a, cast.school_b],
        academic_year="2025/2026",
        user=cast.coordinator,
    )
    assert proposals(run) == {("Звездочётов", "Межшкольный")}
    (pair,) = services.matching_accept(run=run, started_on=TODAY, user=cast.coordinator)
    assert pair.program == school_b  # the pair belongs to the mentee's program
    # The seat taken in school B counts against the mentor's capacity from school A's base.
    inputs = services.build_inputs([school_a, school_b])
    assert inputs.mentors[0].capacity == 1


def test_mentee_choices_give_points_and_are_validated(cast, program, form):
    near = add_mentor(program, "Ближний", form=form, competences="музыка")
    chosen = add_mentor(program, "Выбранный", form=form)
    mentee = add_mentee(program, "Выбирающий", form=form, request="музыка")
    services.mentee_choices_save(mentee=mentee, mentors=[chosen, None, near])
    assert list(mentee.mentor_choices.values_list("mentor_id", "rank")) == [(chosen.pk, 1), (near.pk, 2)]
    run = services.matching_run(program=program)
    assert proposals(run) == {("Выбирающий", "Выбранный")}
    with pytest.raises(ValidationError):
        services.mentee_choices_save(mentee=mentee, mentors=[near, near])
    with pytest.raises(ValidationError):
        services.mentee_choices_save(mentee=mentee, mentors=[mentee])


def test_a_minor_counts_by_birth_date(cast, program, form):
    add_mentor(program, "Старшая", form=form)
    child = add_mentee(program, "Малыш", form=form, birth_date=CHILD_BIRTH)
    inputs = services.build_inputs([program])
    assert inputs.mentees[0].id == child.pk and inputs.mentees[0].minor


def test_a_mentor_with_no_form_on_record_serves_the_program_forms_that_fit_them(cast, form):
    peer, teacher_model = form_named("ученик – ученик"), form_named("педагог – молодой специалист")
    program = program_for(cast.school_a, forms=[form, peer, teacher_model])
    add_mentor(program, "Учительница", form=None, category="teacher")
    add_mentor(
        program,
        "Старшеклассник",
        form=None,
        category="pupil",
        birth_date=CHILD_BIRTH.replace(year=CHILD_BIRTH.year - 3),
    )
    add_mentor(program, "Инженер", form=None, category="employee")
    forms = {m.id: m.forms for m in services.build_inputs([program]).mentors}
    by_name = {p.person.last_name: p.pk for p in program.participants.select_related("person")}
    assert forms[by_name["Учительница"]] == {form.name, teacher_model.name}
    assert forms[by_name["Старшеклассник"]] == {peer.name}
    assert forms[by_name["Инженер"]] == {form.name}


def test_a_mentee_with_no_form_is_told_why(cast, program, form):
    add_mentor(program, "Есть", form=form)
    add_mentee(program, "Безформы", form=None)
    run = services.matching_run(program=program)
    reason = unmatched(run)["Безформы"]
    assert reason.code == "no_form" and "не указана форма" in reason.reason


def test_accept_refuses_a_draft_whose_pins_and_bans_came_after_it(cast, program, form):
    """A swap or a ban only takes effect when the draft is computed again: accepting the old draft would
    silently create the pair the curator has just moved or banned."""
    add_mentor(program, "Шахматистка", form=form, competences="шахматы")
    other = add_mentor(program, "Художница", form=form, competences="рисование")
    mentee = add_mentee(program, "Ходов", form=form, request="шахматы")
    run = services.matching_run(program=program)
    assert proposals(run) == {("Ходов", "Шахматистка")}
    services.matching_swap(run=run, mentee_id=mentee.pk, mentor_id=other.pk)
    with pytest.raises(ValidationError) as error:
        services.matching_accept(run=run, started_on=TODAY)
    assert error.value.code == "pending_decisions"
    assert "Ходов" in error.value.messages[0] and "Художница" in error.value.messages[0]
    assert not Pair.objects.filter(program=program).exists()
    run.refresh_from_db()
    assert run.is_draft
    second = services.matching_rerun(run=run)
    assert proposals(second) == {("Ходов", "Художница")}
    proposed = second.proposals.get()
    services.matching_decision_add(
        run=second, kind="ban", mentee_id=proposed.mentee_id, mentor_id=proposed.mentor_id
    )
    with pytest.raises(ValidationError, match="Запретить пару|запретить пару"):
        services.matching_accept(run=second, started_on=TODAY)
    third = services.matching_rerun(run=second)
    assert proposals(third) == {("Ходов", "Шахматистка")}
    (pair,) = services.matching_accept(run=third, started_on=TODAY)
    assert pair.mentor.last_name == "Шахматистка"


def test_accepting_discards_every_other_draft_covering_the_same_programs(cast, form):
    school_a = program_for(cast.school_a, forms=[form])
    school_b = program_for(cast.school_b, forms=[form])
    add_mentor(school_a, "Анина", form=form)
    add_mentee(school_a, "Первый", form=form)
    add_mentor(school_b, "Бэшная", form=form)
    add_mentee(school_b, "Второй", form=form)
    curators = services.matching_run(program=school_a, user=cast.curator_a)
    covering = services.matching_run(
        municipality=cast.municipality,
        organizations=[cast.school_a, cast.school_b],
        academic_year="2025/2026",
        user=cast.coordinator,
    )
    only_b = services.matching_run(
        municipality=cast.municipality,
        organizations=[cast.school_b],
        academic_year="2025/2026",
        user=cast.coordinator,
    )
    services.matching_accept(run=curators, started_on=TODAY, user=cast.curator_a)
    covering.refresh_from_db()
    only_b.refresh_from_db()
    assert covering.status == MatchingRun.Status.DISCARDED  # it would pair «Первый» a second time
    assert only_b.is_draft  # school B's draft is untouched
    services.matching_accept(run=only_b, started_on=TODAY, user=cast.coordinator)
    assert Pair.objects.filter(program=school_b).count() == 1


def test_a_mentee_with_special_needs_may_be_paired_with_an_unprepared_mentor_when_switched_off(
    cast, program, form
):
    """A school with no mentor prepared for ОВЗ need not leave such pupils without a mentor."""
    add_mentor(program, "Неподготовленная", form=form)
    add_mentee(program, "Особый", form=form, special_needs=True)
    strict = services.matching_run(program=program)
    assert strict.matched == 0 and unmatched(strict)["Особый"].counts == {"ovz": 1}
    settings = services.settings_for_program(program)
    services.matching_settings_save(settings=settings, weights={}, ovz_only_prepared_mentors=False)
    relaxed = services.matching_run(program=program)
    assert proposals(relaxed) == {("Особый", "Неподготовленная")}
    assert relaxed.rules["ovz_only_prepared_mentors"] is False
    assert "ovz" not in {r["code"] for r in relaxed.proposals.get().reasons}
