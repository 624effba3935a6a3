"""Actors without an account of their own.

A brand contact who has no talentdesk account answers a deal through a guest link, or the agency
records her answer: the actions then act for an unsaved user carrying her name and e-mail (and
an `audit_name` the audit log keeps). Rows that point to the acting account store nothing there
and keep her name as text, like every other name they keep.
"""

from typing import Any


def account_of(actor: Any) -> Any:
    """The actor's saved account, or None for an actor without one."""
    return actor if actor is not None and actor.pk else None
