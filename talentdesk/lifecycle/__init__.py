""" "Download my data" and "Close my account" (docs/accounts.md).

They live at the project layer, not in `accounts`, because both reach into every app: a copy
reads the deals, messages, invoices and tokens, and a closure ends representations, declines
offers, revokes tokens and redacts contracts and invoices through those apps' own actions
(tests/talentdesk/test_architecture.py keeps imports running downwards). The export rows are
`accounts.models.DataExport`."""
