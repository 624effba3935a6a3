"""The money pages: invoices (money.views.invoices) and billing and commission settings
(money.views.settings), the earnings pages (money.views.earnings), and a brand's payment record
on its pending offers (money.views.brand_record)."""
