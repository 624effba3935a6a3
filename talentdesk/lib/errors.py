class ActionError(Exception):
    """A business rule refused an action; the message is shown to the user as it is.

    `code` tells the API which status to answer: "stale_version" and "wrong_state" are
    conflicts (409), "not_allowed" is a refusal (403), anything else with a field is a
    validation error (422) and without one a conflict with the current state (409).
    """

    def __init__(self, message, *, field=None, code=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or ("invalid" if field else "conflict")


def refuse_if_not_allowed(error: ActionError) -> None:
    """For pages: a step the role may not take is a 403 with the reason, like the API's; any
    other refusal (the object moved on, a field is wrong) is shown on the page itself."""
    from django.core.exceptions import PermissionDenied

    if error.code == "not_allowed":
        raise PermissionDenied(error.message) from error
