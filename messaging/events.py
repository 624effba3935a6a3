"""What happens in messaging: a message written in an offer's thread."""

from dataclasses import dataclass
from typing import Any

from access.events import Event


@dataclass(frozen=True, kw_only=True)
class MessagePosted(Event):
    """`side` is the writer's: "brand" or "creator_side". Audited when an agency wrote it on the
    creator's behalf; always told to the other side."""

    message: Any
    offer: Any
    side: str
