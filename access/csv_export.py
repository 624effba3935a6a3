"""CSV export of activity rows, safe to open in a spreadsheet."""

import csv
import json

from django.http import StreamingHttpResponse
from django.utils import timezone

HEADER = [
    "time_utc",
    "event",
    "actor",
    "acting_as",
    "on_behalf_of",
    "target",
    "changes",
    "ip",
    "user_agent",
]


def _cell(value) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a cell never starts with = + - @."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


def activity_csv(events, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(HEADER)
        for event in events.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    _cell(value)
                    for value in (
                        event.created_at.astimezone(timezone.UTC).isoformat(),
                        event.get_event_type_display(),
                        event.shown_actor_name,
                        event.acting_as,
                        event.on_behalf_of.handle if event.on_behalf_of else "",
                        event.target_label,
                        json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
                        event.shown_ip,
                        "" if getattr(event, "actor_closed_at", None) else event.user_agent,
                    )
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
