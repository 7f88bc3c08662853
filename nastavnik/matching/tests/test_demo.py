"""The demo district has a draft of matching for kurator1 to review and accept."""

from django.urls import reverse
from django.utils import timezone

from nastavnik.demo.district import demo_district_load
from nastavnik.matching import services
from nastavnik.matching.demo import demo_load
from nastavnik.matching.models import MatchingRun
from nastavnik.people.models import User


def test_the_demo_has_a_draft_that_kurator1_can_review_and_accept(client, db):
    municipality = demo_district_load()
    if not MatchingRun.objects.exists():  # the district calls ``demo_load`` itself once it is wired in
        demo_load(municipality)
    run = MatchingRun.objects.get(municipality=municipality)
    assert run.is_draft and run.matched >= 5 and run.unmatched >= 1
    reasons = {
        u.mentee.person.last_name: u.code for u in run.unmatched_mentees.select_related("mentee__person")
    }
    assert reasons.get("Санаа") == "no_consent"
    assert run.proposals.filter(mentor__partner_organization__isnull=False).exists()
    popova = run.proposals.get(mentee__person__last_name="Попова")
    assert popova.mentor.person.last_name == "Тадыев"  # her first choice
    client.force_login(User.objects.get(username="kurator1"))
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200 and "<mark>" in page.content.decode()
    assert client.get(reverse("matching:program", args=[run.program_id])).status_code == 200
    pairs = services.matching_accept(run=run, started_on=timezone.localdate())
    assert len(pairs) >= 3
