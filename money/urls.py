from money.views import earnings, invoices, settings

app_name = "money"

# The earnings views (money.views.earnings) add their patterns here too.
urlpatterns = [*invoices.urlpatterns, *settings.urlpatterns, *earnings.urlpatterns]
