"""Domain events: an action says what happened; subscribers do the rest.

`publish(event)` runs inside the action's transaction and calls every subscriber of the event's
class (or one of its bases) at once, in the order they subscribed, so the rows they write (the
audit log, notifications, the webhook outbox) commit or roll back with the change itself.
Anything that leaves the database — e-mail, HTTP — a subscriber defers with
`transaction.on_commit`. This is Zulip's `send_event_on_commit` and Saleor's webhook plugins in
their smallest form: no registry of names, no async queue, a class is the event's type.

Subscribers register when their app is ready (`AppConfig.ready` imports its `subscribers`
module), so a domain app never imports the code that reacts to it.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

type Subscriber = Callable[[Any], None]

_subscribers: list[tuple[type, Subscriber]] = []


def subscriber(*event_types: type) -> Callable[[Subscriber], Subscriber]:
    """Decorator: call the function with every published event of one of these classes."""

    def register(function: Subscriber) -> Subscriber:
        for event_type in event_types:
            if (event_type, function) not in _subscribers:
                _subscribers.append((event_type, function))
        return function

    return register


def subscribers_of(event: object) -> list[Subscriber]:
    """The functions subscribed to the event's class or one of its bases, in order."""
    return [function for event_type, function in _subscribers if isinstance(event, event_type)]


def publish(event: object) -> None:
    """Hand `event` to its subscribers now, inside the caller's transaction (required: a
    subscriber's rows must never outlive a rolled-back change)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"publish({type(event).__name__}) outside a transaction")
    for function in subscribers_of(event):
        function(event)
