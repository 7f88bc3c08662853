"""E-mail reminders about roadmap deadlines: who is told about what, and the sending itself.

Run daily by ``manage.py send_roadmap_reminders`` (cron or a systemd timer). Each person gets one
digest of everything they answer for that is overdue or due within the next days:

* an activity of a municipal roadmap — the municipality's coordinators (cascaded activities are
  reminded through each organisation's task instead);
* an activity of an organisation's own roadmap, and an organisation's task — its head and curators.

What was sent is recorded in ``ReminderLog``: a second run on the same day sends nothing new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from nastavnik.organizations.access import active_roles_q
from nastavnik.organizations.models import RoleAssignment
from nastavnik.people.models import Person
from nastavnik.roadmap.models import CLOSED_STATUSES, Activity, OrganizationTask, ReminderLog

logger = logging.getLogger(__name__)
Role = RoleAssignment.Role
ORGANIZATION_ROLES = (Role.HEAD, Role.CURATOR)
DEFAULT_DAYS = 7


@dataclass
class ReminderItem:
    activity: Activity
    task: OrganizationTask | None
    overdue: bool
    url: str

    @property
    def key(self) -> tuple[int, int | None]:
        return (self.activity.pk, self.task.pk if self.task else None)

    @property
    def ends_on(self) -> date:
        return self.activity.ends_on


@dataclass
class Digest:
    person: Person
    email: str
    items: list[ReminderItem] = field(default_factory=list)

    @property
    def addressee(self) -> str:
        """How a Russian letter addresses a colleague: by first name and patronymic."""
        return " ".join(part for part in (self.person.first_name, self.person.patronymic) if part)

    @property
    def overdue(self) -> list[ReminderItem]:
        return [item for item in self.items if item.overdue]

    @property
    def due(self) -> list[ReminderItem]:
        return [item for item in self.items if not item.overdue]


@dataclass
class ReminderResult:
    digests: list[Digest] = field(default_factory=list)
    skipped: int = 0  # items already reminded about today
    failed: list[str] = field(default_factory=list)  # addresses the mail server refused

    @property
    def item_count(self) -> int:
        return sum(len(digest.items) for digest in self.digests)


def _email_of(person: Person) -> str:
    if person.email:
        return person.email
    try:
        return person.user.email
    except Person.user.RelatedObjectDoesNotExist:
        return ""


def reminders_due(*, today: date, days: int = DEFAULT_DAYS) -> list[Digest]:
    """One digest per person with an e-mail: the open work they answer for that ends by ``today + days``.

    Four queries, whatever the number of roadmaps, organisations and people.
    """
    horizon = today + timedelta(days=days)
    site = settings.SITE_URL.rstrip("/")
    open_q = ~Q(status__in=CLOSED_STATUSES)
    activities = list(
        Activity.objects.filter(open_q, ends_on__isnull=False, ends_on__lte=horizon)
        .exclude(cascade_to_organizations=True, roadmap__municipality__isnull=False)
        .select_related("roadmap__municipality", "roadmap__organization")
        .order_by("ends_on", "sort_key", "pk")
    )
    tasks = list(
        OrganizationTask.objects.filter(open_q, activity__ends_on__lte=horizon)
        .select_related("activity__roadmap", "organization")
        .order_by("activity__ends_on", "activity__sort_key", "organization__name", "pk")
    )
    municipality_ids = {a.roadmap.municipality_id for a in activities if a.roadmap.municipality_id}
    organization_ids = {a.roadmap.organization_id for a in activities if a.roadmap.organization_id}
    organization_ids |= {task.organization_id for task in tasks}
    people_of_municipality: dict[int, list[Person]] = {}
    people_of_organization: dict[int, list[Person]] = {}
    roles = RoleAssignment.objects.filter(
        active_roles_q(),
        Q(role=Role.MUNICIPAL_COORDINATOR, municipality_id__in=municipality_ids)
        | Q(role__in=ORGANIZATION_ROLES, organization_id__in=organization_ids),
    ).select_related("person__user")
    for role in roles.order_by("person__last_name", "person__first_name", "pk"):
        if role.municipality_id:
            people_of_municipality.setdefault(role.municipality_id, []).append(role.person)
        else:
            people_of_organization.setdefault(role.organization_id, []).append(role.person)

    digests: dict[int, Digest] = {}

    def remind(people: list[Person], item: ReminderItem) -> None:
        for person in people:
            email = _email_of(person)
            if not email:
                continue
            digest = digests.setdefault(person.pk, Digest(person=person, email=email))
            if item.key not in {existing.key for existing in digest.items}:
                digest.items.append(item)

    for activity in activities:
        item = ReminderItem(activity, None, activity.ends_on < today, site + activity.get_absolute_url())
        if activity.roadmap.municipality_id:
            remind(people_of_municipality.get(activity.roadmap.municipality_id, []), item)
        else:
            remind(people_of_organization.get(activity.roadmap.organization_id, []), item)
    for task in tasks:
        item = ReminderItem(
            task.activity, task, task.activity.ends_on < today, site + task.get_absolute_url()
        )
        remind(people_of_organization.get(task.organization_id, []), item)
    for digest in digests.values():
        digest.items.sort(key=lambda item: (not item.overdue, item.ends_on))
    return list(digests.values())


def _message(digest: Digest, *, today: date, days: int, connection) -> EmailMessage:
    subject = _("Наставник: сроки дорожной карты — просрочено: %(overdue)s, скоро срок: %(due)s") % {
        "overdue": len(digest.overdue),
        "due": len(digest.due),
    }
    body = render_to_string(
        "roadmap/email/reminder_digest.txt",
        {"digest": digest, "today": today, "days": days, "site_url": settings.SITE_URL.rstrip("/")},
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [digest.email], connection=connection)


def reminders_send(
    *, today: date | None = None, days: int = DEFAULT_DAYS, dry_run: bool = False
) -> ReminderResult:
    """Send today's digests, leaving out what each person was already reminded about today.

    With ``dry_run`` nothing is sent or recorded: the result says what would be. A refused address is
    reported and not recorded, so the next run tries it again.
    """
    today = today or timezone.localdate()
    result = ReminderResult()
    digests = reminders_due(today=today, days=days)
    sent_today = set(
        ReminderLog.objects.filter(sent_on=today, person_id__in=[d.person.pk for d in digests]).values_list(
            "person_id", "activity_id", "task_id"
        )
    )
    for digest in digests:
        fresh = [item for item in digest.items if (digest.person.pk, *item.key) not in sent_today]
        result.skipped += len(digest.items) - len(fresh)
        digest.items = fresh
    result.digests = [digest for digest in digests if digest.items]
    if dry_run or not result.digests:
        return result
    connection = get_connection()
    for digest in result.digests:
        try:
            _message(digest, today=today, days=days, connection=connection).send()
        except OSError as error:  # smtplib's errors are OSErrors: one bad address must not stop the rest
            logger.warning("Напоминание для %s не отправлено: %s", digest.email, error)
            result.failed.append(digest.email)
            continue
        ReminderLog.objects.bulk_create(
            [
                ReminderLog(
                    person=digest.person,
                    email=digest.email,
                    activity=item.activity,
                    task=item.task,
                    overdue=item.overdue,
                    sent_on=today,
                )
                for item in digest.items
            ],
            ignore_conflicts=True,
        )
    return result
