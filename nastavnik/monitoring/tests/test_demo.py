"""The demo district shows monitoring results: answered surveys, satisfaction, growth."""

from django.urls import reverse

from nastavnik.demo.district import demo_district_load
from nastavnik.monitoring import analysis
from nastavnik.monitoring.demo import demo_load
from nastavnik.monitoring.models import Invitation, Response, Survey
from nastavnik.monitoring.selectors import satisfaction_by_organization
from nastavnik.people.models import User
from nastavnik.programs.models import Program


def test_the_demo_has_answers_satisfaction_and_growth(client, db):
    municipality = demo_district_load()
    demo_load(municipality)
    surveys = Survey.objects.filter(program__organization__municipality=municipality)
    assert (
        surveys.filter(stage=Survey.Stage.ENTRY).exists()
        and surveys.filter(stage=Survey.Stage.COMPLETION).exists()
    )
    responses = Response.objects.count()
    assert responses > 20
    schools = list(
        Program.objects.filter(organization__municipality=municipality).values_list(
            "organization_id", flat=True
        )
    )
    satisfaction = satisfaction_by_organization(organization_ids=schools, academic_year="2020/2021")
    assert all(value is not None and 50 <= value <= 100 for value in satisfaction.values())
    coordinator = User.objects.get(username="koordinator")
    overview = analysis.municipal_monitoring(coordinator, academic_year="2020/2021")
    assert overview.growth_overall.n > 10 and overview.growth_overall.mean_delta > 0
    assert overview.totals.completed > 0 and overview.totals.meetings > 0

    # Deterministic and loaded once.
    demo_load(municipality)
    assert Response.objects.count() == responses
    open_one = Invitation.objects.get(person__user__username="uchenik1", survey__stage=Survey.Stage.INTERIM)
    assert not open_one.is_used

    client.force_login(User.objects.get(username="uchenik1"))
    assert "Анкета в ходе программы" in client.get(reverse("monitoring:my-surveys")).content.decode()
    client.force_login(coordinator)
    assert client.get(reverse("monitoring:municipal-monitoring")).status_code == 200
    client.force_login(User.objects.get(username="kurator1"))
    program = Program.objects.get(
        organization__roles__person__user__username="kurator1", organization__roles__role="curator"
    )
    html = client.get(reverse("monitoring:program-monitoring", args=[program.pk])).content.decode()
    assert "Опытные наставники" in html
