"""Link each pair's free-text role model to the variant of the same form with the same name.

Names are compared folded (case, «ё», dashes and spaces do not matter). A text that names no variant
of the pair's form is left as text. Reversing clears the links and keeps the text, which the forward
step never changed.
"""

from django.db import migrations


def _fold(text: str) -> str:
    text = text.casefold().replace("ё", "е").replace("—", "-").replace("–", "-")
    return "".join(text.split())


def link_variants(apps, schema_editor):
    Pair = apps.get_model("programs", "Pair")
    RoleModelVariant = apps.get_model("programs", "RoleModelVariant")
    variants = {}
    for variant in RoleModelVariant.objects.all():
        variants.setdefault((variant.form_id, _fold(variant.name)), variant.pk)
    linked = []
    for pair in (
        Pair.objects.filter(role_variant__isnull=True).exclude(variant="").only("pk", "form_id", "variant")
    ):
        variant_id = variants.get((pair.form_id, _fold(pair.variant)))
        if variant_id is not None:
            pair.role_variant_id = variant_id
            linked.append(pair)
    Pair.objects.bulk_update(linked, ["role_variant"], batch_size=500)


def unlink_variants(apps, schema_editor):
    Pair = apps.get_model("programs", "Pair")
    # Pairs that were given a variant only through the link get its name back as text.
    for pair in Pair.objects.filter(role_variant__isnull=False, variant="").select_related("role_variant"):
        pair.variant = pair.role_variant.name
        pair.save(update_fields=["variant"])
    Pair.objects.update(role_variant=None)


class Migration(migrations.Migration):
    dependencies = [("programs", "0006_pair_role_variant")]

    operations = [migrations.RunPython(link_variants, unlink_variants)]
