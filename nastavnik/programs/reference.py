"""Reference data that every installation starts with; the region or municipality edits it later."""

from datetime import date

# The five forms of Р-145, the common additions, and the forms of the teacher model (DOMAIN.md).
DEFAULT_MENTORING_FORMS = [
    ("ученик – ученик", False),
    ("учитель – учитель", True),
    ("студент – ученик", False),
    ("работодатель – ученик", False),
    ("работодатель – студент", False),
    ("студент – студент", False),
    ("учитель – ученик", False),
    ("руководитель – педагог", True),
    ("педагог – молодой специалист", True),
]

_EMPLOYER_VARIANTS = [
    "активный профессионал – равнодушный потребитель",
    "коллега – молодой коллега",
    "работодатель – будущий сотрудник",
]

# The commonly cited role-model variants (DOMAIN.md); schools check them locally, so they stay editable.
DEFAULT_ROLE_MODEL_VARIANTS = {
    "ученик – ученик": [
        "успевающий – неуспевающий",
        "лидер – пассивный",
        "равный – равному",
        "адаптированный – неадаптированный",
    ],
    "учитель – учитель": [
        "опытный педагог – молодой специалист",
        "опытный классный руководитель – молодой специалист",
        "лидер педагогического сообщества – педагог, испытывающий проблемы",
        "педагог-новатор – консервативный педагог",
        "опытный предметник – неопытный предметник",
    ],
    "работодатель – ученик": _EMPLOYER_VARIANTS,
    "работодатель – студент": _EMPLOYER_VARIANTS,
}

# (title, number, date, issuer): the documents the target model rests on, with their exact dates.
DEFAULT_NORMATIVE_DOCUMENTS = [
    (
        "Об утверждении методологии (целевой модели) наставничества обучающихся для организаций, "
        "осуществляющих образовательную деятельность по общеобразовательным, дополнительным "
        "общеобразовательным и программам среднего профессионального образования",
        "Р-145",
        date(2019, 12, 25),
        "Министерство просвещения Российской Федерации",
    ),
    (
        "О направлении методических рекомендаций по внедрению методологии (целевой модели) наставничества",
        "МР-42/02",
        date(2020, 1, 23),
        "Министерство просвещения Российской Федерации",
    ),
    (
        "О направлении методических рекомендаций по разработке и внедрению системы (целевой модели) "
        "наставничества педагогических работников в образовательных организациях",
        "АЗ-1128/08",
        date(2021, 12, 21),
        "Министерство просвещения Российской Федерации и Общероссийский Профсоюз образования",
    ),
    (
        "Об утверждении Концепции развития наставничества в Российской Федерации на период до 2030 года",
        "1264-р",
        date(2025, 5, 21),
        "Правительство Российской Федерации",
    ),
]

# What each of the seven stages must produce (DOMAIN.md), keyed by ``ProgramStage`` value.
DEFAULT_STAGE_CHECKLIST = {
    "preparation": [
        "Участники образовательных отношений проинформированы о запуске программы",
        "Собраны предварительные запросы на наставничество",
        "Выбраны формы наставничества",
        "Найдены партнёры",
        "Утверждена дорожная карта",
        "Издан приказ о внедрении программы наставничества",
        "Утверждено Положение о программе наставничества",
    ],
    "mentees_base": [
        "Потребности выявлены вместе с классными руководителями, психологами и родителями",
        "Сформирована база наставляемых",
    ],
    "mentors_base": [
        "Привлечены наставники из внутреннего круга (педагоги, обучающиеся, родители)",
        "Привлечены наставники из внешнего круга (выпускники, партнёры, работодатели)",
        "Сформирована база потенциальных наставников",
    ],
    "mentors_training": [
        "Проведены анкетирование и собеседования с кандидатами в наставники",
        "Наставники прошли обучение",
        "Сформирован список обученных наставников",
    ],
    "pairing": [
        "Проведена групповая встреча наставников и наставляемых",
        "Проведено анкетирование предпочтений",
        "Пары и группы закреплены приказом",
    ],
    "pairs_work": [
        "Проведены встречи: знакомство, пробная, планирование, серия встреч, итоговая",
        "Собрана регулярная обратная связь",
        "Собраны данные мониторинга",
    ],
    "completion": [
        "Подготовлены отчёты",
        "Проведено открытое мероприятие",
        "Опубликованы кейсы, описаны лучшие практики",
        "Базы наставников и наставляемых пополнены",
    ],
}


def _model(name: str, kwargs: dict):
    """The model as the migrated database has it: ``post_migrate`` passes the migration state's apps,
    so that migrating back to before a table existed does not make the seeding fail."""
    from django.apps import apps as global_apps

    try:
        return (kwargs.get("apps") or global_apps).get_model("programs", name)
    except LookupError:
        return None


def mentoring_forms_seed(sender=None, **kwargs) -> None:
    """Add the default forms that are missing (a ``post_migrate`` receiver: runs after migrate and flush)."""
    MentoringForm = _model("MentoringForm", kwargs)
    if MentoringForm is None:
        return
    for name, is_teacher_model in DEFAULT_MENTORING_FORMS:
        MentoringForm.objects.get_or_create(name=name, defaults={"is_teacher_model": is_teacher_model})


def role_model_variants_seed(sender=None, **kwargs) -> None:
    """Add the default role-model variants that are missing, to the forms that still exist
    (a form the region renamed or removed is left alone)."""
    MentoringForm = _model("MentoringForm", kwargs)
    RoleModelVariant = _model("RoleModelVariant", kwargs)
    if MentoringForm is None or RoleModelVariant is None:
        return
    forms = MentoringForm.objects.in_bulk(list(DEFAULT_ROLE_MODEL_VARIANTS), field_name="name")
    for form_name, variants in DEFAULT_ROLE_MODEL_VARIANTS.items():
        form = forms.get(form_name)
        if form is None:
            continue
        for name in variants:
            RoleModelVariant.objects.get_or_create(form=form, name=name)


def normative_documents_seed(sender=None, **kwargs) -> None:
    """Add the default normative documents that are missing, matched by number and date."""
    NormativeDocument = _model("NormativeDocument", kwargs)
    if NormativeDocument is None:
        return
    for title, number, on, issuer in DEFAULT_NORMATIVE_DOCUMENTS:
        NormativeDocument.objects.get_or_create(
            number=number, date=on, defaults={"title": title, "issuer": issuer}
        )


def reference_seed(sender=None, **kwargs) -> None:
    """All the reference data of programs, in dependency order (variants need their forms)."""
    mentoring_forms_seed(sender, **kwargs)
    role_model_variants_seed(sender, **kwargs)
    normative_documents_seed(sender, **kwargs)
