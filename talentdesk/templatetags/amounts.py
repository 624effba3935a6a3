"""The one way the product writes money and percentages, for every page: `{% load amounts %}`,
then `{{ price|amount:currency }}` ("1,050.00 EUR", « 1 050,00 EUR », JPY without decimals) and
`{{ share|pct }}`. The filters live with the money app, which owns the currencies' decimals."""

from django import template

from money.templatetags.invoices import amount, pct

register = template.Library()
register.filter("amount", amount)
register.filter("pct", pct)
