"""Background work for "download my data", run by `talentdesk db_worker` after the commit."""

from django.tasks import task

from talentdesk.lifecycle import exports


@task()
def build_data_export(export_id: int, base_url: str) -> None:
    """Build one "download my data" zip and e-mail its link (a second run does nothing)."""
    exports.build(export_id, base_url)
