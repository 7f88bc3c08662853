"""Reads of programs and pairs, scoped by the user."""

from django.db.models import Prefetch, Q, QuerySet

from nastavnik.organizations.access import organizations_for_user
from nastavnik.people.models import Person
from nastavnik.programs.models import Pair


def pairs_for_user(user) -> QuerySet[Pair]:
    """Pairs the user may see: staff see their organisations' pairs; a mentor and a mentee their own;
    a parent their child's."""
    condition = Q(program__organization__in=organizations_for_user(user))
    if user.is_authenticated and user.person_id:
        person_id = user.person_id
        condition |= (
            Q(mentor_id=person_id)
            | Q(mentees__id=person_id)
            | Q(mentees__representatives__representative_id=person_id)
        )
    return (
        Pair.objects.filter(condition)
        .distinct()
        .select_related("program__organization", "form", "mentor")
        .prefetch_related(Prefetch("mentees", queryset=Person.objects.order_by("last_name")))
        .order_by("program__organization__name", "mentor__last_name")
    )
