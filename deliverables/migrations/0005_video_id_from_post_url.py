"""Deliverables posted before video ids were kept: the id read from their TikTok address."""

import re

from django.db import migrations

VIDEO_ID = re.compile(r"/video/(\d{8,25})")


def fill_video_ids(apps, schema_editor):
    Deliverable = apps.get_model("deliverables", "Deliverable")
    rows = Deliverable.objects.exclude(post_url="").filter(video_id="")
    for row in rows.only("pk", "post_url").iterator():
        match = VIDEO_ID.search(row.post_url)
        if match:
            Deliverable.objects.filter(pk=row.pk).update(video_id=match[1])


class Migration(migrations.Migration):
    dependencies = [("deliverables", "0004_posted_video")]

    operations = [migrations.RunPython(fill_video_ids, migrations.RunPython.noop)]
