"""Reference data that every installation starts with; the region or municipality edits it later."""

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


def mentoring_forms_seed(sender=None, **kwargs) -> None:
    """Add the default forms that are missing (a ``post_migrate`` receiver: runs after migrate and flush)."""
    from nastavnik.programs.models import MentoringForm

    for name, is_teacher_model in DEFAULT_MENTORING_FORMS:
        MentoringForm.objects.get_or_create(name=name, defaults={"is_teacher_model": is_teacher_model})
