"""The questionnaires every installation starts with (seeded after migrate, and by
``manage.py monitoring_questionnaires_ensure``); the region edits them, municipalities copy and adapt them.

For every form of mentoring: the mentor's and the mentee's questionnaire at entry and at completion. The
rated items (1–10) are the same at entry and at completion, under the same keys, so that each participant's
growth can be measured (stage 2 of the monitoring). Plus the curator's questionnaire on the conditions of the
program and the SWOT analysis (stage 1).
"""

from __future__ import annotations

SCALE, SINGLE, MULTIPLE, SHORT, LONG, YES_NO = (
    "scale",
    "single",
    "multiple",
    "short_text",
    "long_text",
    "yes_no",
)


def q(key, text, kind, *, options=(), satisfaction=False, personal=False, required=True, help_text=""):
    return {
        "key": key,
        "text": text,
        "kind": kind,
        "options": list(options),
        "is_satisfaction": satisfaction,
        "asks_personal_data": personal,
        "required": required,
        "help_text": help_text,
    }


SCALE_HELP = "1 — совсем нет, 10 — полностью"

# Rated items per group of forms and role: the same at entry and completion (stage 2 compares them).
RATED = {
    ("pupils", "mentee"): [
        ("mentee-motivation", "Насколько вам интересно учиться?"),
        ("mentee-confidence", "Насколько вы уверены в своих силах?"),
        ("mentee-results", "Как вы оцениваете свои учебные результаты?"),
        ("mentee-career", "Насколько ясно вы представляете свою будущую профессию?"),
        ("mentee-communication", "Насколько легко вам общаться с одноклассниками и учителями?"),
    ],
    ("teachers", "mentee"): [
        ("teacher-planning", "Насколько уверенно вы планируете уроки?"),
        ("teacher-discipline", "Насколько уверенно вы управляете классом?"),
        ("teacher-parents", "Насколько уверенно вы работаете с родителями?"),
        ("teacher-methods", "Как вы оцениваете владение современными методиками?"),
        ("teacher-motivation", "Насколько вам нравится ваша профессия?"),
    ],
    ("employers", "mentee"): [
        ("career-orientation", "Насколько ясно вы представляете свою будущую профессию?"),
        ("career-knowledge", "Насколько хорошо вы знаете, как устроена работа в выбранной отрасли?"),
        ("career-skills", "Как вы оцениваете свои навыки командной работы и общения?"),
        ("career-readiness", "Насколько вы готовы к трудоустройству или выбору специальности?"),
        ("career-motivation", "Насколько вы мотивированы развиваться в выбранной профессии?"),
    ],
}
MENTOR_RATED = [
    ("mentor-role-confidence", "Насколько уверенно вы чувствуете себя в роли наставника?"),
    ("mentor-trust", "Насколько вам удаётся выстраивать доверительные отношения с наставляемым?"),
    ("mentor-planning", "Насколько уверенно вы ставите цели и планируете совместную работу?"),
    ("mentor-motivation", "Насколько вы мотивированы заниматься наставничеством?"),
    ("mentor-professional", "Насколько вы удовлетворены своим профессиональным развитием?"),
]

MENTEE_WISHES = {
    "pupils": [
        "помощь в учёбе",
        "подготовка к экзаменам",
        "профориентация",
        "общение и адаптация",
        "проекты",
    ],
    "teachers": [
        "планирование уроков",
        "дисциплина в классе",
        "работа с родителями",
        "документация",
        "методики",
    ],
    "employers": ["знакомство с профессией", "практика и стажировка", "проекты", "выбор специальности"],
}

# Form name → (group, code used in the built-in key).
FORM_GROUPS = {
    "ученик – ученик": ("pupils", "pupil-pupil"),
    "учитель – ученик": ("pupils", "teacher-pupil"),
    "студент – ученик": ("pupils", "student-pupil"),
    "учитель – учитель": ("teachers", "teacher-teacher"),
    "руководитель – педагог": ("teachers", "head-teacher"),
    "педагог – молодой специалист": ("teachers", "teacher-young"),
    "работодатель – ученик": ("employers", "employer-pupil"),
    "работодатель – студент": ("employers", "employer-student"),
    "студент – студент": ("employers", "student-student"),
}

MEETINGS_OPTIONS = [
    "чаще раза в неделю",
    "раз в неделю",
    "раз в две недели",
    "раз в месяц",
    "реже раза в месяц",
]


def _rated(items):
    return [q(key, text, SCALE, help_text=SCALE_HELP) for key, text in items]


def mentee_questionnaire(group: str, stage: str) -> list[tuple[str, list[dict]]]:
    sections = [("Самооценка", _rated(RATED[(group, "mentee")]))]
    if stage == "entry":
        sections.append(
            (
                "Ожидания",
                [
                    q(
                        "mentee-wishes",
                        "Чего вы ждёте от наставничества?",
                        MULTIPLE,
                        options=MENTEE_WISHES[group],
                    ),
                    q(
                        "mentee-expectations",
                        "Что бы вы хотели изменить с помощью наставника?",
                        LONG,
                        required=False,
                    ),
                    q(
                        "mentee-contact",
                        "Как с вами связаться (телефон или электронная почта)?",
                        SHORT,
                        personal=True,
                        required=False,
                    ),
                ],
            )
        )
    else:
        sections.append(
            (
                "Удовлетворённость",
                [
                    q(
                        "mentee-satisfaction",
                        "Насколько вы довольны работой с наставником?",
                        SCALE,
                        satisfaction=True,
                    ),
                    q("mentee-usefulness", "Насколько полезными были встречи?", SCALE, satisfaction=True),
                    q(
                        "mentee-recommend",
                        "Посоветуете ли вы участие в программе другим?",
                        YES_NO,
                        satisfaction=True,
                    ),
                    q("mentee-frequency", "Как часто проходили встречи?", SINGLE, options=MEETINGS_OPTIONS),
                    q("mentee-best", "Что было самым полезным?", LONG, required=False),
                    q("mentee-change", "Что стоит изменить в программе?", LONG, required=False),
                ],
            )
        )
    return sections


def mentor_questionnaire(stage: str) -> list[tuple[str, list[dict]]]:
    sections = [("Самооценка наставника", _rated(MENTOR_RATED))]
    if stage == "entry":
        sections.append(
            (
                "Ресурсы и ожидания",
                [
                    q("mentor-experience", "Был ли у вас опыт наставничества?", YES_NO),
                    q(
                        "mentor-time",
                        "Сколько времени в неделю вы готовы уделять наставляемому?",
                        SINGLE,
                        options=["до 1 часа", "1–2 часа", "больше 2 часов"],
                    ),
                    q("mentor-support", "Какая поддержка вам нужна?", LONG, required=False),
                    q("mentor-phone", "Контактный телефон", SHORT, personal=True, required=False),
                ],
            )
        )
    else:
        sections.append(
            (
                "Удовлетворённость",
                [
                    q(
                        "mentor-satisfaction",
                        "Насколько вы удовлетворены участием в программе?",
                        SCALE,
                        satisfaction=True,
                    ),
                    q(
                        "mentor-impact",
                        "Насколько программа помогла вашему наставляемому?",
                        SCALE,
                        satisfaction=True,
                    ),
                    q("mentor-again", "Готовы ли вы снова стать наставником?", YES_NO, satisfaction=True),
                    q("mentor-frequency", "Как часто проходили встречи?", SINGLE, options=MEETINGS_OPTIONS),
                    q("mentor-results", "Каких результатов удалось достичь?", LONG, required=False),
                    q("mentor-difficulties", "С какими трудностями вы столкнулись?", LONG, required=False),
                ],
            )
        )
    return sections


CURATOR = [
    (
        "Условия реализации программы",
        [
            q(
                "curator-rooms",
                "Насколько обеспечены условия для встреч (помещения, время)?",
                SCALE,
                help_text=SCALE_HELP,
            ),
            q(
                "curator-methods",
                "Насколько наставники обеспечены методическими материалами?",
                SCALE,
                help_text=SCALE_HELP,
            ),
            q(
                "curator-leadership",
                "Насколько программу поддерживает руководство?",
                SCALE,
                help_text=SCALE_HELP,
            ),
            q("curator-training", "Прошли ли наставники обучение?", YES_NO),
            q(
                "curator-partners",
                "Кто помогает в реализации программы?",
                MULTIPLE,
                options=[
                    "родители",
                    "выпускники",
                    "работодатели",
                    "вузы и колледжи",
                    "НКО и учреждения культуры",
                ],
                required=False,
            ),
            q("curator-difficulties", "Какие трудности возникли?", LONG, required=False),
        ],
    )
]

SWOT = [
    (
        "SWOT-анализ программы",
        [
            q("swot-strengths", "Сильные стороны программы", LONG),
            q("swot-weaknesses", "Слабые стороны программы", LONG),
            q("swot-opportunities", "Возможности", LONG),
            q("swot-threats", "Угрозы", LONG),
        ],
    )
]

PURPOSE_TITLES = {
    "mentor_entry": "Анкета наставника на входе в программу",
    "mentor_completion": "Анкета наставника по завершении программы",
    "mentee_entry": "Анкета наставляемого на входе в программу",
    "mentee_completion": "Анкета наставляемого по завершении программы",
}


def builtin_questionnaires(form_names) -> list[dict]:
    """The built-in questionnaires for the forms that exist (by name), plus the curator's and SWOT."""
    result = []
    for name in form_names:
        if name not in FORM_GROUPS:
            continue
        group, code = FORM_GROUPS[name]
        for purpose, title in PURPOSE_TITLES.items():
            role, stage = purpose.split("_")
            sections = mentor_questionnaire(stage) if role == "mentor" else mentee_questionnaire(group, stage)
            result.append(
                {
                    "key": f"{purpose}-{code}",
                    "title": f"{title} («{name}»)",
                    "purpose": purpose,
                    "form": name,
                    "sections": sections,
                }
            )
    result.append(
        {
            "key": "curator",
            "title": "Анкета куратора: условия реализации программы",
            "purpose": "curator",
            "form": None,
            "sections": CURATOR,
        }
    )
    result.append(
        {
            "key": "swot",
            "title": "SWOT-анализ программы наставничества",
            "purpose": "swot",
            "form": None,
            "sections": SWOT,
        }
    )
    return result


def questionnaires_seed(sender=None, **kwargs) -> int:
    """Add the built-in questionnaires that are missing (a ``post_migrate`` receiver, also run by
    ``monitoring_questionnaires_ensure``); one the region has edited is left as it is. Returns how many
    were added."""
    from django.apps import apps as global_apps

    apps = kwargs.get("apps") or global_apps
    try:
        Questionnaire = apps.get_model("monitoring", "Questionnaire")
        Version = apps.get_model("monitoring", "QuestionnaireVersion")
        Section = apps.get_model("monitoring", "Section")
        Question = apps.get_model("monitoring", "Question")
        Option = apps.get_model("monitoring", "Option")
        MentoringForm = apps.get_model("programs", "MentoringForm")
    except LookupError:
        return 0
    forms = {form.name: form for form in MentoringForm.objects.all()}
    existing = set(Questionnaire.objects.exclude(builtin_key="").values_list("builtin_key", flat=True))
    added = 0
    for spec in builtin_questionnaires(forms):
        if spec["key"] in existing:
            continue
        questionnaire = Questionnaire.objects.create(
            title=spec["title"],
            purpose=spec["purpose"],
            form=forms.get(spec["form"]) if spec["form"] else None,
            builtin_key=spec["key"],
        )
        version = Version.objects.create(questionnaire=questionnaire, number=1)
        for s_position, (title, questions) in enumerate(spec["sections"]):
            section = Section.objects.create(version=version, title=title, position=s_position)
            created = Question.objects.bulk_create(
                [
                    Question(
                        section=section,
                        position=position,
                        **{name: value for name, value in item.items() if name != "options"},
                    )
                    for position, item in enumerate(questions)
                ]
            )
            Option.objects.bulk_create(
                [
                    Option(question=question, text=text, position=position)
                    for question, item in zip(created, questions, strict=True)
                    for position, text in enumerate(item["options"])
                ]
            )
        added += 1
    return added
