from money.views import invoices, settings

app_name = "money"

# The earnings views (money.views.earnings) add their patterns here too.
urlpatterns = [*invoices.urlpatterns, *settings.urlpatterns]
