"""Workflows: one transition table each, and the one function that moves a row along it.

A table maps each verb to a `Transition`: the statuses it starts from, the status it leads to,
who may take it, what an agency member needs the creator to have granted, the label of its
button and the event it publishes. `Workflow.move` is the only code that writes a status
(tests/talentdesk/test_status_writes.py fails on any other): it locks the row, checks the table,
writes the new status and publishes the event, all inside the caller's transaction. The
actions, the pages (which buttons, with which labels), the API (`allowed_actions`) and docs/
read the same table.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish

PREVIOUS = "<previous>"  # a target meaning "the status the row had before" (Workflow.target)
SYSTEM = "system"  # `who` of steps the code takes itself: never a button, never a user's verb


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]  # statuses the step starts from
    target: str | None  # the status it leads to; None: the status stays (e.g. one signature)
    who: str  # who may take it; read by the workflow's `may`
    event: Any  # what happened (an audit event type), published by `move`
    label: Any = None  # the button's text; None: not a button (the system, or inside a verb)
    scope: str | None = None  # what an agency member needs the creator to have granted
    reason: bool = False  # the step needs a reason, asked next to its button
    # An irreversible step: what it does and to whom, said on a confirmation step before it is
    # taken (formatted with the row's names); None: taken at once.
    confirm: Any = None


class Workflow[Row: models.Model]:
    """Subclass once per workflow: give it a `table` and say who may take each step (`may`)
    and what each step publishes (`event`)."""

    table: Mapping[str, Transition]
    stamp: str | None = "updated_at"  # a field set to now on every move, when the model has it

    # --- what a subclass says ----------------------------------------------------------------
    def may(self, transition: Transition, role: Any, row: Row, grant: Any) -> bool:
        """Whether `role` (with `grant`, the permission decision for the row's creator) may
        take this step; the status is checked apart."""
        raise NotImplementedError

    def grant_for(self, role: Any, row: Row) -> Any:
        """The permission decision `may` needs, when the caller did not pass it."""
        return None

    def event(
        self, row: Row, transition: Transition, *, role: Any, actor: Any, changes: dict
    ) -> object:
        raise NotImplementedError

    def is_open(self, row: Row) -> bool:
        """Whether the row may move at all now (a deliverable of a cancelled deal may not)."""
        return True

    def closed_message(self, row: Row) -> str:
        return _("This can no longer change.")

    def wrong_state_message(self, row: Row) -> str:
        return _("This has changed meanwhile: that is no longer possible. Reload the page.")

    def not_allowed_message(self, row: Row) -> str:
        return _("You are not allowed to do this.")

    def target(self, transition: Transition, row: Row) -> str:
        if transition.target is None:
            return row.status  # type: ignore[attr-defined]
        if transition.target == PREVIOUS:
            return self.previous_status(row)
        return transition.target

    def previous_status(self, row: Row) -> str:
        raise NotImplementedError

    # --- what everyone reads -----------------------------------------------------------------
    def allows(self, verb: str, role: Any, row: Row, grant: Any = None) -> bool:
        """Whether `role` may take step `verb` on the row now (status, open, who)."""
        transition = self.table[verb]
        if row.status not in transition.sources or not self.is_open(row):  # type: ignore[attr-defined]
            return False
        if grant is None:
            grant = self.grant_for(role, row)
        return self.may(transition, role, row, grant)

    def verbs_for(self, role: Any, row: Row, grant: Any = None) -> list[str]:
        """The verbs `role` may use now, as buttons: the system's own steps are never listed."""
        if role is None:
            return []
        if grant is None:
            grant = self.grant_for(role, row)
        return [
            verb
            for verb, transition in self.table.items()
            if transition.label is not None and self.allows(verb, role, row, grant)
        ]

    def scopes_withheld(self, role: Any, row: Row, grant: Any) -> list[str]:
        """The scopes the creator has not granted that would let an agency member take a step
        now: the page names them (and who grants them) instead of forms that cannot be used.
        Read-only staff are told their role is read-only instead (`Grant.withheld`)."""
        if role is None or grant is None or grant.party != "agency" or not grant.can_act:
            return []
        granted = grant.with_every_scope()
        return sorted(
            {
                transition.scope
                for verb, transition in self.table.items()
                if transition.label is not None
                and transition.scope is not None
                and not grant.may(transition.scope)
                and self.allows(verb, role, row, granted)
            }
        )

    def check(self, verb: str, role: Any, row: Row, grant: Any = None) -> Transition:
        """The step's transition, or ActionError saying why `role` may not take it now."""
        transition = self.table[verb]
        if not self.is_open(row):
            raise ActionError(self.closed_message(row), code="wrong_state")
        if row.status not in transition.sources:  # type: ignore[attr-defined]
            raise ActionError(self.wrong_state_message(row), code="wrong_state")
        if grant is None:
            grant = self.grant_for(role, row)
        if not self.may(transition, role, row, grant):
            raise ActionError(self.not_allowed_message(row), code="not_allowed")
        return transition

    # --- the one writer ----------------------------------------------------------------------
    def move(
        self,
        row: Row,
        verb: str,
        *,
        role: Any,
        actor: Any,
        grant: Any = None,
        changes: dict | None = None,
        fields: tuple[str, ...] = (),
    ) -> Row:
        """Take step `verb`: lock the row, check the table against the status it has in the
        database, write the new status (and `fields` the caller changed on `row`), publish the
        step's event. Call inside the action's transaction; raises ActionError when refused."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Workflow.move outside a transaction")
        manager = type(row)._default_manager
        stored = manager.select_for_update().filter(pk=row.pk).values_list("status", flat=True)
        if stored.get() != row.status:  # type: ignore[attr-defined]
            raise ActionError(self.wrong_state_message(row), code="wrong_state")
        transition = self.check(verb, role, row, grant)
        old, new = row.status, self.target(transition, row)  # type: ignore[attr-defined]
        row.status = new  # type: ignore[attr-defined]
        written = ["status", *fields]
        if self.stamp and hasattr(row, self.stamp):
            setattr(row, self.stamp, timezone.now())
            written.append(self.stamp)
        row.save(update_fields=list(dict.fromkeys(written)))
        moved = {"status": [str(old), str(new)]} if old != new else {}
        changes = moved | (changes or {})
        publish(self.event(row, transition, role=role, actor=actor, changes=changes))
        return row
