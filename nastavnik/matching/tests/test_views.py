"""Pages of matching: who may open and change what, plain POST forms, constant query counts."""

import datetime
import io

import docx
import pytest
from django.urls import reverse

from nastavnik.core.models import AuditEvent
from nastavnik.matching import services
from nastavnik.matching.models import MatchingDecision, MatchingRun, MatchingSettings, MenteeChoice
from nastavnik.programs import services as program_services
from nastavnik.programs.models import Pair

from .factories import TODAY, add_mentee, add_mentor, form_named, program_for


@pytest.fixture
def form(db):
    return form_named("учитель – ученик")


@pytest.fixture
def program(cast, form):
    program = program_for(cast.school_a, title="Наставничество в Школе А", forms=[form])
    add_mentor(
        program, "Программистова", form=form, competences="программирование, робототехника", capacity=2
    )
    add_mentor(program, "Историкова", form=form, competences="история края")
    add_mentee(program, "Кодов", form=form, request="хочу освоить программирование")
    add_mentee(program, "Летописцев", form=form, request="история")
    add_mentee(program, "Безсогласный", form=form, consent=False)
    return program


@pytest.fixture
def run(cast, program):
    return services.matching_run(program=program, user=cast.curator_a)


def login(client, user):
    client.force_login(user)
    return client


ALLOWED = ("curator_a", "coordinator", "regional_admin")
REFUSED = ("curator_b", "head_a", "responsible_a", "mentor_a", "mentee_a", "parent_a", "expert", "outsider")


@pytest.mark.parametrize("who", ALLOWED)
def test_it_shows_the_matching_page_to_the_curator_and_district_staff(client, cast, program, who):
    response = login(client, getattr(cast, who)).get(reverse("matching:program", args=[program.pk]))
    assert response.status_code == 200
    assert "Запустить подбор" in response.content.decode()
    assert "по умолчанию 40" in response.content.decode()  # the default of the first choice is visible


@pytest.mark.parametrize("who", REFUSED)
def test_it_hides_the_matching_page_from_everyone_else(client, cast, program, who):
    response = login(client, getattr(cast, who)).get(reverse("matching:program", args=[program.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", REFUSED)
def test_others_can_neither_run_nor_see_a_draft_nor_decide(client, cast, program, run, who):
    login(client, getattr(cast, who))
    assert client.post(reverse("matching:program-run", args=[program.pk])).status_code == 404
    assert client.get(run.get_absolute_url()).status_code == 404
    mentee = run.proposals.first()
    data = {"kind": "pin", "mentee": mentee.mentee_id, "mentor": mentee.mentor_id}
    assert client.post(reverse("matching:run-decide", args=[run.pk]), data).status_code == 404
    assert (
        client.post(reverse("matching:run-accept", args=[run.pk]), {"started_on": TODAY}).status_code == 404
    )
    assert client.post(reverse("matching:run-discard", args=[run.pk])).status_code == 404
    assert client.get(reverse("matching:mentee-choices", args=[mentee.mentee_id])).status_code == 404
    assert MatchingRun.objects.count() == 1 and not MatchingDecision.objects.exists()
    assert not Pair.objects.exists()


def test_the_curator_runs_reviews_pins_bans_reruns_and_accepts(client, cast, program):
    login(client, cast.curator_a)
    response = client.post(reverse("matching:program-run", args=[program.pk]))
    run = MatchingRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "<mark>программирование</mark>" in page and "<mark>программирование</mark>," in page
    assert "нет согласия" in page.lower() or "Нет согласия" in page  # the unmatched mentee and why
    assert AuditEvent.objects.filter(object_type="matching.MatchingRun", action="view").exists()

    kodov = run.proposals.get(mentee__person__last_name="Кодов")
    letopis = run.proposals.get(mentee__person__last_name="Летописцев")
    decide = reverse("matching:run-decide", args=[run.pk])
    client.post(decide, {"kind": "ban", "mentee": letopis.mentee_id, "mentor": letopis.mentor_id})
    client.post(decide, {"kind": "swap", "mentee": kodov.mentee_id, "mentor": letopis.mentor_id})
    assert run.decisions.count() == 2
    response = client.post(reverse("matching:run-rerun", args=[run.pk]))
    second = MatchingRun.objects.exclude(pk=run.pk).get()
    assert response.url == second.get_absolute_url()
    moved = second.proposals.get(mentee__person__last_name="Кодов")
    assert moved.mentor_id == letopis.mentor_id and moved.pinned
    assert second.proposals.get(mentee__person__last_name="Летописцев").mentor_id == kodov.mentor_id

    response = client.post(
        reverse("matching:run-accept", args=[second.pk]),
        {"started_on": TODAY.isoformat(), "order_number": "42", "order_date": TODAY.isoformat()},
    )
    assert response.status_code == 302
    assert Pair.objects.filter(program=program, order_number="42").count() == 2
    detail = client.get(program.get_absolute_url()).content.decode()
    assert "Программистова" in detail and "Историкова" in detail

    order = client.get(reverse("matching:run-order", args=[second.pk]))
    assert order.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(order.content)).paragraphs)
    assert "О закреплении наставнических пар" in text and "№ 42" in text
    table = "\n".join(
        c.text for t in docx.Document(io.BytesIO(order.content)).tables for r in t.rows for c in r.cells
    )
    assert "Кодов" in table and "Летописцев" in table


def test_a_curator_of_another_school_cannot_reach_school_a_through_school_b(client, cast, program, form):
    other = program_for(cast.school_b, forms=[form])
    login(client, cast.curator_b)
    assert client.get(reverse("matching:program", args=[other.pk])).status_code == 200
    assert client.get(reverse("matching:program", args=[program.pk])).status_code == 404


def test_settings_are_saved_from_the_page_and_wrong_weights_are_refused(client, cast, program):
    login(client, cast.curator_a)
    url = reverse("matching:program", args=[program.pk])
    page = client.get(url)
    data = {
        key: value
        for key, value in page.context["settings_form"].initial.items()
        if not isinstance(value, bool) or value
    }
    data["w_choice_1"] = 77
    assert client.post(url, data).status_code == 302
    assert MatchingSettings.objects.get(program=program).weights["choice_1"] == 77
    data["w_max_shared_terms"] = -3
    response = client.post(url, data)
    assert response.status_code == 200 and "не сохранены" in response.content.decode()
    assert MatchingSettings.objects.get(program=program).weights["max_shared_terms"] == 5


def test_the_curator_edits_a_mentees_choices(client, cast, program):
    login(client, cast.curator_a)
    mentee = program.participants.get(person__last_name="Кодов")
    mentor = program.participants.get(person__last_name="Историкова")
    url = reverse("matching:mentee-choices", args=[mentee.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"choice_1": mentor.pk}).status_code == 302
    assert list(MenteeChoice.objects.values_list("mentee", "mentor", "rank")) == [(mentee.pk, mentor.pk, 1)]
    response = client.post(url, {"choice_1": mentor.pk, "choice_2": mentor.pk})
    assert response.status_code == 200 and "дважды" in response.content.decode()


def test_the_coordinator_matches_across_schools_of_their_municipality(client, cast, form):
    school_b = program_for(cast.school_b, forms=[form])
    add_mentee(school_b, "Звездочётов", form=form, request="астрономия")
    school_a = program_for(cast.school_a, forms=[form])
    add_mentor(school_a, "Астрономова", form=form, competences="астрономия")
    login(client, cast.coordinator)
    url = reverse("matching:municipal")
    page = client.get(url)
    assert page.status_code == 200 and "Школа А" in page.content.decode()
    settings = {
        "action": "settings",
        "municipality": cast.municipality.pk,
        **{
            f"s-{k}": v
            for k, v in page.context["settings_form"].initial.items()
            if not isinstance(v, bool) or v
        },
        "s-allow_cross_organization": "on",
    }
    assert client.post(url, settings).status_code == 302
    response = client.post(
        url,
        {
            "action": "run",
            "municipality": cast.municipality.pk,
            "organizations": [cast.school_a.pk, cast.school_b.pk],
            "academic_year": "2025/2026",
        },
    )
    run = MatchingRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert run.matched == 1 and run.program is None
    assert client.get(run.get_absolute_url()).status_code == 200
    # Another municipality's organisation cannot be slipped in.
    response = client.post(
        url,
        {
            "action": "run",
            "municipality": cast.municipality.pk,
            "organizations": [cast.school_elsewhere.pk],
            "academic_year": "2025/2026",
        },
    )
    assert response.status_code == 200 and MatchingRun.objects.count() == 1


@pytest.mark.parametrize("who", ("curator_a", "head_a", "mentor_a", "mentee_a", "parent_a", "outsider"))
def test_the_municipal_page_is_for_district_staff_only(client, cast, who):
    assert login(client, getattr(cast, who)).get(reverse("matching:municipal")).status_code == 404


def test_a_coordinator_of_another_municipality_does_not_see_the_run(client, cast, run):
    from nastavnik.conftest import _user_with_role
    from nastavnik.organizations.models import RoleAssignment

    stranger = _user_with_role(
        "coordinator_elsewhere",
        RoleAssignment.Role.MUNICIPAL_COORDINATOR,
        municipality=cast.other_municipality,
    )
    assert login(client, stranger).get(run.get_absolute_url()).status_code == 404


def test_the_review_page_costs_the_same_number_of_queries_for_more_people(
    client, cast, program, form, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, cast.curator_a)
    small = services.matching_run(program=program, user=cast.curator_a)
    client.get(small.get_absolute_url())
    with CaptureQueriesContext(connection) as first:
        client.get(small.get_absolute_url())
    for n in range(12):
        add_mentor(program, f"Доп{n}", form=form, competences="программирование")
        add_mentee(program, f"Ученик{n}", form=form, request="программирование")
    big = services.matching_run(program=program, user=cast.curator_a)
    assert big.matched > small.matched
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(big.get_absolute_url())


def test_an_accepted_run_cannot_be_changed(client, cast, run):
    services.matching_accept(run=run, started_on=TODAY - datetime.timedelta(days=1))
    login(client, cast.curator_a)
    proposal = run.proposals.first()
    client.post(
        reverse("matching:run-decide", args=[run.pk]),
        {"kind": "ban", "mentee": proposal.mentee_id, "mentor": proposal.mentor_id},
    )
    assert not MatchingDecision.objects.exists()
    response = client.post(reverse("matching:run-rerun", args=[run.pk]), follow=True)
    assert "нельзя менять" in response.content.decode()


def test_the_review_is_paged_for_large_runs(client, cast, program, run, monkeypatch):
    from nastavnik.matching import selectors

    monkeypatch.setattr(selectors, "REVIEW_PAGE_SIZE", 1)
    login(client, cast.curator_a)
    first = client.get(run.get_absolute_url()).content.decode()
    assert "страница 1 из 2" in first
    second = client.get(run.get_absolute_url() + "?page=2&upage=1").content.decode()
    assert "страница 2 из 2" in second
    assert ("Кодов" in first) != ("Кодов" in second)


def test_a_mentee_chooses_mentors_in_the_cabinet(client, cast, program, form):
    own = add_mentee(program, "", form=form, person=cast.mentee_a.person, consent=False)
    mentor = program.participants.get(person__last_name="Историкова")
    login(client, cast.mentee_a)
    url = reverse("matching:my-choices")
    page = client.get(url)
    assert page.status_code == 200 and "Историкова" in page.content.decode()
    response = client.post(url, {"mentee": own.pk, f"m{own.pk}-choice_1": mentor.pk})
    assert response.status_code == 302
    assert list(MenteeChoice.objects.values_list("mentee", "mentor")) == [(own.pk, mentor.pk)]
    other = program.participants.get(person__last_name="Кодов")
    assert client.post(url, {"mentee": other.pk, f"m{other.pk}-choice_1": mentor.pk}).status_code == 404
    assert MenteeChoice.objects.count() == 1


@pytest.mark.parametrize("who", ("mentor_a", "parent_a", "outsider", "curator_a"))
def test_the_cabinet_choice_is_only_for_mentees(client, cast, program, who):
    login(client, getattr(cast, who))
    page = client.get(reverse("matching:my-choices"))
    assert page.status_code == 200 and "Вас нет в базе наставляемых" in page.content.decode()
    assert "Историкова" not in page.content.decode()
    someone = program.participants.get(person__last_name="Кодов")
    mentor = program.participants.get(person__last_name="Историкова")
    response = client.post(
        reverse("matching:my-choices"), {"mentee": someone.pk, f"m{someone.pk}-choice_1": mentor.pk}
    )
    assert response.status_code == 404 and not MenteeChoice.objects.exists()


def test_the_program_page_costs_the_same_number_of_queries_for_more_people(
    client, cast, program, form, run, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, cast.curator_a)
    url = reverse("matching:program", args=[program.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    mentors = [add_mentor(program, f"Доп{n}", form=form) for n in range(5)]
    for n in range(10):
        mentee = add_mentee(program, f"Ученик{n}", form=form)
        services.mentee_choices_save(mentee=mentee, mentors=mentors[:3])
    services.matching_run(program=program, user=cast.curator_a)
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("1. Доп0") == 10


def test_program_wide_decisions_are_shown_and_removed_from_a_run_covering_the_program(
    client, cast, program, run
):
    proposal = run.proposals.first()
    decision = services.matching_decision_add(
        run=run, kind="ban", mentee_id=proposal.mentee_id, mentor_id=proposal.mentor_id, for_program=True
    )
    municipal = services.matching_run(
        municipality=cast.municipality, organizations=[cast.school_a], academic_year=program.academic_year
    )
    login(client, cast.coordinator)
    page = client.get(municipal.get_absolute_url()).content.decode()
    assert "(для всех подборов программы)" in page
    elsewhere = services.matching_run(
        municipality=cast.municipality, organizations=[cast.school_b], academic_year=program.academic_year
    )
    remove = "matching:decision-remove"
    assert client.post(reverse(remove, args=[elsewhere.pk, decision.pk])).status_code == 404
    assert client.post(reverse(remove, args=[municipal.pk, decision.pk])).status_code == 302
    assert not MatchingDecision.objects.exists()


def test_the_review_says_which_decisions_the_draft_does_not_reflect_yet(client, cast, run):
    login(client, cast.curator_a)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "ещё не учтено" not in page
    kodov = run.proposals.get(mentee__person__last_name="Кодов")
    other = run.proposals.exclude(pk=kodov.pk).get()
    decide = reverse("matching:run-decide", args=[run.pk])
    client.post(decide, {"kind": "swap", "mentee": kodov.mentee_id, "mentor": other.mentor_id})
    page = client.get(run.get_absolute_url()).content.decode()
    assert "1 решение принято после расчёта и ещё не учтено" in page
    assert "ещё не учтено: запустите подбор заново" in page
    response = client.post(reverse("matching:run-accept", args=[run.pk]), {"started_on": TODAY.isoformat()})
    assert response.status_code == 302
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Пары не созданы: Решения, принятые после расчёта" in page and "Кодов" in page
    assert not Pair.objects.exists()
    second = services.matching_rerun(run=run)
    assert "ещё не учтено" not in client.get(second.get_absolute_url()).content.decode()


def test_a_mentee_without_consent_is_sent_to_the_consents_not_offered_a_pin(client, cast, run):
    login(client, cast.curator_a)
    page = client.get(run.get_absolute_url()).content.decode()
    left = run.unmatched_mentees.get(mentee__person__last_name="Безсогласный")
    assert left.code == "no_consent"
    assert f'id="swap-{left.mentee_id}"' not in page  # a pin could never be kept
    assert reverse("programs:participant-consents", args=[left.mentee_id]) in page
    assert "Внесите согласие на странице участника" in page


def test_a_curator_cannot_reach_another_school_through_ids_posted_to_their_own_run(
    client, cast, program, run, form
):
    """Curator B works on school B's own draft but posts the ids of school A's people and decisions."""
    own = program_for(cast.school_b, forms=[form])
    add_mentor(own, "Бэшный", form=form)
    add_mentee(own, "Бэшкин", form=form)
    own_run = services.matching_run(program=own, user=cast.curator_b)
    foreign = run.proposals.first()
    foreign_decision = services.matching_decision_add(
        run=run, kind="ban", mentee_id=foreign.mentee_id, mentor_id=foreign.mentor_id
    )
    login(client, cast.curator_b)
    decide = reverse("matching:run-decide", args=[own_run.pk])
    mine = own_run.proposals.get()
    for data in (
        {"kind": "pin", "mentee": foreign.mentee_id, "mentor": foreign.mentor_id},
        {"kind": "swap", "mentee": mine.mentee_id, "mentor": foreign.mentor_id},  # school A's mentor
        {"kind": "ban", "mentee": foreign.mentee_id, "mentor": mine.mentor_id, "for_program": "on"},
    ):
        response = client.post(decide, data, follow=True)
        assert "Участник не найден в базах этого подбора" in response.content.decode()
    assert not MatchingDecision.objects.exclude(pk=foreign_decision.pk).exists()
    remove = reverse("matching:decision-remove", args=[own_run.pk, foreign_decision.pk])
    assert client.post(remove).status_code == 404
    assert MatchingDecision.objects.filter(pk=foreign_decision.pk).exists()
    assert client.get(reverse("matching:mentee-choices", args=[foreign.mentee_id])).status_code == 404
    assert client.post(reverse("matching:run-rerun", args=[run.pk])).status_code == 404
    assert client.get(reverse("matching:run-order", args=[run.pk])).status_code == 404


def test_a_program_wide_decision_is_lifted_from_the_program_page_without_a_draft(
    client, cast, program, run, form
):
    proposal = run.proposals.first()
    decision = services.matching_decision_add(
        run=run, kind="ban", mentee_id=proposal.mentee_id, mentor_id=proposal.mentor_id, for_program=True
    )
    services.matching_discard(run=run)  # no draft left to lift it from
    other = program_for(cast.school_b, forms=[form])
    url = reverse("matching:program-decision-remove", args=[program.pk, decision.pk])
    login(client, cast.curator_b)
    assert client.post(url).status_code == 404
    through_own = reverse("matching:program-decision-remove", args=[other.pk, decision.pk])
    assert client.post(through_own).status_code == 404
    login(client, cast.curator_a)
    page = client.get(reverse("matching:program", args=[program.pk])).content.decode()
    assert url in page
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Решение снято" in response.content.decode()
    assert not MatchingDecision.objects.exists()


def test_the_accept_form_shows_today_as_the_start_date(client, cast, run):
    """A date field takes ISO dates only: «25.11.2026» in ``value`` shows an empty field in the browser."""
    login(client, cast.curator_a)
    page = client.get(run.get_absolute_url()).content.decode()
    assert f'name="started_on" value="{TODAY.isoformat()}"' in page


def test_the_cabinet_shows_who_the_mentors_of_the_mentees_form_are(client, cast, program, form):
    """A mentee chooses by what mentors offer, among those of their own form (a choice of a mentor of
    another form could never bring points)."""
    other_form = form_named("педагог – молодой специалист")
    add_mentor(program, "Методистова", form=other_form, competences="методика преподавания")
    add_mentor(program, "Универсалова", form=None, competences="театр", interests="кино")
    own = add_mentee(program, "", form=form, person=cast.mentee_a.person, consent=False)
    login(client, cast.mentee_a)
    page = client.get(reverse("matching:my-choices")).content.decode()
    assert "Наставники, из которых можно выбрать" in page
    assert "история края" in page and "театр" in page and "кино" in page
    assert "Методистова" not in page
    method = program.participants.get(person__last_name="Методистова")
    response = client.post(
        reverse("matching:my-choices"), {"mentee": own.pk, f"m{own.pk}-choice_1": method.pk}
    )
    assert response.status_code == 200 and not MenteeChoice.objects.exists()


def test_a_run_with_nobody_left_to_pair_does_not_claim_everyone_got_a_mentor(client, cast, form):
    program = program_for(cast.school_a, forms=[form])
    mentor = add_mentor(program, "Занятая", form=form, capacity=2)
    mentee = add_mentee(program, "Уже-в-паре", form=form)
    program_services.pair_create(
        program=program, form=form, mentor=mentor.person, mentees=[mentee.person], started_on=TODAY
    )
    run = services.matching_run(program=program, user=cast.curator_a)
    assert run.mentee_count == 0
    login(client, cast.curator_a)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Все наставляемые получили наставника" not in page
    assert "Подбирать было некого" in page
    assert "уже в действующих парах (группах), в подбор не входят" in page


def test_a_draft_shows_the_rules_it_was_computed_with(client, cast, program):
    settings = services.settings_for_program(program)
    services.matching_settings_save(
        settings=settings, weights={}, ovz_only_prepared_mentors=False, min_peer_age_gap=3
    )
    run = services.matching_run(program=program, user=cast.curator_a)
    services.matching_settings_save(settings=settings, weights={}, ovz_only_prepared_mentors=True)
    login(client, cast.curator_a)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Обучающимся с ОВЗ — только наставники, подготовленные к работе с ними: нет" in page
    assert "Наставник-ученик старше наставляемого не меньше чем на, лет: 3" in page


def test_the_move_list_says_which_mentors_a_mentee_cannot_go_to_and_why(client, cast, program, form):
    """«Why not her?» — a mentor the rules exclude is listed, disabled, with the reason."""
    barred = add_mentor(program, "Бездопускова", form=form, competences="история", admitted=False)
    run = services.matching_run(program=program, user=cast.curator_a)
    login(client, cast.curator_a)
    page = client.get(run.get_absolute_url()).content.decode()
    assert (
        f'<option value="{barred.pk}" disabled>Бездопускова Иван Иванович — нельзя: '
        "у наставника нет подтверждённого допуска к работе с несовершеннолетними</option>"
    ) in page
    historian = program.participants.get(person__last_name="Историкова")
    assert f'<option value="{historian.pk}">' in page
