"""The money pages: invoices (money.views.invoices) and billing and commission settings
(money.views.settings); the earnings pages add their own module here."""
