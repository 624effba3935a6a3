"""Form widgets the whole product shares."""

from django import forms


class DatePicker(forms.DateInput):
    """The browser's date picker. Its value is always ISO (2026-12-08) whatever the reader's
    language: `<input type="date">` reads nothing else, and a French "08/12/2026" came up empty
    (issue 18). The browser shows the date in the reader's own format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
