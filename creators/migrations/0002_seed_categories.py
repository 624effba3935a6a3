from django.db import migrations

# Frozen copy: a later change to creators/categories.py gets its own migration.
SLUGS = [
    "beauty", "fashion", "fitness", "food", "travel", "gaming", "tech", "comedy", "music",
    "dance", "education", "lifestyle", "family", "pets", "sports", "mobility", "finance",
    "home", "art", "entertainment",
]


def seed(apps, schema_editor):
    Category = apps.get_model("creators", "Category")
    for slug in SLUGS:
        Category.objects.get_or_create(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("creators", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
