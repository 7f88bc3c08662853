"""Input of a matching run: mentees, mentors, editable weights and rules (plain dataclasses)."""

from __future__ import annotations

import enum
from collections.abc import Hashable
from dataclasses import asdict, dataclass, fields

PEER_FORM = "ученик – ученик"
ADULT_AGE = 18

Id = Hashable
PairKey = tuple[Hashable, Hashable]  # (mentee id, mentor id)


@dataclass(frozen=True, slots=True)
class Mentee:
    id: Id
    form: str
    age: int | None = None
    organization_id: Id = None
    request_terms: frozenset[str] = frozenset()
    formats: frozenset[str] = frozenset()  # «очно», «онлайн», …
    times: frozenset[str] = frozenset()  # time slots, e.g. «пн-вечер»
    needs_ovz: bool = False
    choices: tuple[Id, ...] = ()  # mentor ids, best first, at most three are used
    minor: bool = True
    has_consent: bool = True
    desired_mentor_age: tuple[int, int] | None = None  # inclusive band


@dataclass(frozen=True, slots=True)
class Mentor:
    id: Id
    forms: frozenset[str]
    age: int | None = None  # unknown age is treated as adult
    organization_id: Id = None
    terms: frozenset[str] = frozenset()  # competences and interests, normalised
    formats: frozenset[str] = frozenset()
    times: frozenset[str] = frozenset()
    capacity: int = 1
    ovz_ready: bool = False
    admitted_for_minors: bool = False
    is_partner_employee: bool = False
    desired_mentee_age: tuple[int, int] | None = None  # inclusive band the mentor asked for
    has_consent: bool = True  # e.g. a teacher's written consent to the extra duties (teacher model)

    @property
    def is_adult(self) -> bool:
        return self.age is None or self.age >= ADULT_AGE


WEIGHT_LABELS = {
    "base": "Совпадение формы наставничества",
    "per_shared_term": "За каждое общее слово запроса и компетенций/интересов",
    "max_shared_terms": "Не более стольких общих слов учитывается",
    "age_band": "Возраст в желаемом диапазоне (наставляемого — у наставника, наставника — у наставляемого)",
    "format": "Совпадает формат (очно/онлайн)",
    "time": "Совпадает удобное время",
    "same_organization": "Та же организация",
    "partner": "Наставник — сотрудник партнёра (работодателя)",
    "ovz": "Наставник подготовлен к работе с ОВЗ (для обучающегося с ОВЗ)",
    "choice_1": "Наставник — первый выбор наставляемого",
    "choice_2": "Наставник — второй выбор",
    "choice_3": "Наставник — третий выбор",
    "ended_early": "Пара уже завершалась досрочно (если повтор разрешён)",
}


@dataclass(frozen=True, slots=True)
class Weights:
    """Points of each score component; integers, editable per program (see ``WEIGHT_LABELS``)."""

    base: int = 10
    per_shared_term: int = 12
    max_shared_terms: int = 5
    age_band: int = 8
    format: int = 6
    time: int = 6
    same_organization: int = 4
    partner: int = 4
    ovz: int = 10
    choice_1: int = 40
    choice_2: int = 25
    choice_3: int = 15
    ended_early: int = -30

    def __post_init__(self):
        for f in fields(self):
            if not isinstance(getattr(self, f.name), int):
                raise TypeError(f"weight {f.name} must be an integer")
        if self.max_shared_terms < 0:
            raise ValueError("max_shared_terms must be non-negative")

    def choice_points(self, rank: int) -> int:
        return (self.choice_1, self.choice_2, self.choice_3)[rank]

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Weights:
        known = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Rules:
    """Hard constraints and the shape of the candidate graph."""

    same_school_for_peer_form: bool = True
    min_peer_age_gap: int = 2  # a peer mentor is at least this many years older
    peer_forms: frozenset[str] = frozenset({PEER_FORM})
    allow_cross_organization: bool = False
    allow_partner_mentors: bool = True  # partner (employer) employees may mentor across organisations
    banned: frozenset[PairKey] = frozenset()
    pinned: frozenset[PairKey] = frozenset()
    ended_early: frozenset[PairKey] = frozenset()
    allow_ended_early_again: bool = False
    ovz_only_prepared_mentors: bool = True  # off: an unprepared mentor may take a mentee with ОВЗ
    max_candidates_per_mentee: int = 50  # K: only the top K edges of a mentee enter the solver
    exhaustive_limit: int = 200  # cross-organisation: scan all mentors of a form up to this many


class Objective(enum.Enum):
    MAX_SCORE = "max_score"
    MAX_MATCHED_THEN_SCORE = "max_matched_then_score"


class PinConflict(ValueError):
    """A pinned pair cannot be kept: unknown person, a hard constraint, or more pins than seats."""
