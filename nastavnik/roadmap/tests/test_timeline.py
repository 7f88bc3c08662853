from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from nastavnik.roadmap.models import Activity, Status
from nastavnik.roadmap.services import activity_status_change
from nastavnik.roadmap.tests.test_views import ALL, MUNICIPAL_READERS
from nastavnik.roadmap.timeline import build_timeline


def _activity(number, starts_on, ends_on, status=Status.PLANNED, recognized=True):
    return SimpleNamespace(
        number=number, starts_on=starts_on, ends_on=ends_on, status=status, deadline_recognized=recognized
    )


def test_it_spans_whole_months_from_the_first_start_to_the_last_end():
    timeline = build_timeline(
        [
            _activity("1", date(2020, 6, 1), date(2020, 7, 31)),
            _activity("2", date(2020, 9, 1), date(2021, 3, 31)),
        ],
        today=date(2020, 8, 1),
    )
    assert (timeline.starts_on, timeline.ends_on) == (date(2020, 6, 1), date(2021, 3, 31))
    assert [tick.label for tick in timeline.ticks] == [
        "июн",
        "июл",
        "авг",
        "сен",
        "окт",
        "ноя",
        "дек",
        "янв",
        "фев",
        "мар",
    ]
    assert [tick.year for tick in timeline.ticks if tick.year] == ["2020", "2021"]
    first, second = timeline.bars
    assert first.left == 0
    assert first.width == pytest.approx(61 / 304 * 100, abs=0.001)
    assert second.left + second.width == pytest.approx(100)
    assert timeline.today_left == pytest.approx(61 / 304 * 100, abs=0.001)


def test_it_derives_the_status_on_the_given_day():
    timeline = build_timeline(
        [
            _activity("1", date(2020, 6, 1), date(2020, 7, 31)),
            _activity("2", date(2020, 6, 1), date(2020, 7, 31), status=Status.DONE),
            _activity("3", date(2020, 9, 1), date(2020, 9, 30), status=Status.IN_PROGRESS),
        ],
        today=date(2020, 8, 15),
    )
    assert [(bar.status, bar.status_label) for bar in timeline.bars] == [
        (Status.OVERDUE, "просрочено"),
        (Status.DONE, "выполнено"),
        (Status.IN_PROGRESS, "в работе"),
    ]
    # Colour is not the only cue: each status has its own fill, and its label is text.
    assert len({bar.fill for bar in timeline.bars}) == 3


def test_it_keeps_activities_without_dates_aside_in_their_order():
    undated = _activity("15.1", None, None, recognized=False)
    empty = _activity("16", None, None)
    timeline = build_timeline(
        [undated, _activity("1", date(2020, 6, 1), date(2020, 6, 1)), empty], today=date(2020, 6, 1)
    )
    assert timeline.undated == [undated, empty]
    assert [bar.activity.number for bar in timeline.bars] == ["1"]


def test_it_draws_a_one_day_activity_visibly_and_inside_the_chart():
    timeline = build_timeline([_activity("1", date(2020, 6, 30), date(2020, 6, 30))], today=date(2020, 1, 1))
    (bar,) = timeline.bars
    assert bar.width >= 0.8
    assert bar.left + bar.width <= 100
    assert timeline.today_left is None and timeline.today_before


def test_it_has_no_today_line_after_the_roadmap_has_ended():
    timeline = build_timeline([_activity("1", date(2020, 6, 1), date(2020, 7, 31))], today=date(2026, 1, 1))
    assert timeline.today_left is None and timeline.today_after


def test_it_labels_only_some_months_of_a_long_roadmap():
    timeline = build_timeline([_activity("1", date(2020, 1, 1), date(2023, 12, 31))], today=date(2021, 1, 1))
    assert len(timeline.ticks) == 48
    assert sum(tick.labelled for tick in timeline.ticks) <= 18


def test_it_builds_an_empty_timeline_without_dates():
    timeline = build_timeline([_activity("1", None, None, recognized=False)], today=date(2020, 1, 1))
    assert timeline.bars == [] and timeline.ticks == [] and timeline.starts_on is None


@pytest.mark.parametrize("persona", ALL)
def test_it_shows_the_timeline_only_to_readers_of_the_roadmap(client, cast, roadmap, persona):
    client.force_login(getattr(cast, persona))
    response = client.get(reverse("roadmap:roadmap-timeline", args=[roadmap.pk]))
    assert response.status_code == (200 if persona in MUNICIPAL_READERS else 404)


def test_it_links_the_timeline_from_the_roadmap(client, cast, roadmap):
    client.force_login(cast.curator_a)
    response = client.get(roadmap.get_absolute_url())
    assert reverse("roadmap:roadmap-timeline", args=[roadmap.pk]) in response.content.decode()


def test_it_draws_bars_with_their_status_in_words_and_lists_undated_activities(client, cast, roadmap):
    activity = roadmap.activities.get(number="1")
    activity_status_change(activity=activity, status=Status.DONE, user=cast.coordinator)
    client.force_login(cast.coordinator)
    response = client.get(reverse("roadmap:roadmap-timeline", args=[roadmap.pk]))
    html = response.content.decode()
    timeline = response.context["timeline"]
    assert [(bar.activity.number, bar.status) for bar in timeline.bars] == [
        ("1", Status.DONE),
        ("7", Status.OVERDUE),
    ]
    assert "На шкале: выполнено, 01.06.2020 – 31.07.2020" in html
    assert "На шкале: просрочено, 04.08.2020" in html
    assert "Срок не указан / требует уточнения" in html
    assert "срок «по мере необходимости» не распознан" in html
    # Someone who may change the roadmap is sent straight to setting the dates.
    undated = roadmap.activities.get(number="15.1")
    assert reverse("roadmap:activity-update", args=[undated.pk]) in html
    assert "Те же сведения таблицей" in html
    assert "после окончания периода" in html  # 2020–2021 has passed: no today line
    assert "data-today" not in html


def test_it_draws_the_today_line_inside_the_period(client, cast, roadmap):
    today = timezone.localdate()
    Activity.objects.filter(roadmap=roadmap, number="1").update(
        starts_on=today - timedelta(days=40), ends_on=today + timedelta(days=40)
    )
    client.force_login(cast.coordinator)
    response = client.get(reverse("roadmap:roadmap-timeline", args=[roadmap.pk]))
    assert response.context["timeline"].today_left is not None
    html = response.content.decode()
    assert "data-today" in html
    assert "Красная вертикальная линия — сегодня" in html


def test_the_timeline_takes_the_same_queries_for_more_activities(
    client, cast, roadmap, django_assert_max_num_queries
):
    from nastavnik.roadmap.tests.test_views import _count_queries

    client.force_login(cast.coordinator)
    url = reverse("roadmap:roadmap-timeline", args=[roadmap.pk])
    expected = _count_queries(client, url)
    for number in range(20, 40):
        Activity.objects.create(
            roadmap=roadmap,
            number=str(number),
            title="Ещё",
            starts_on=date(2020, 9, 1),
            ends_on=date(2020, 9, 30),
        )
    with django_assert_max_num_queries(expected):
        response = client.get(url)
    assert len(response.context["timeline"].bars) == 22
