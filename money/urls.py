from money.views import brand_record, earnings, invoices, settings

app_name = "money"

urlpatterns = [
    *invoices.urlpatterns,
    *settings.urlpatterns,
    *earnings.urlpatterns,
    *brand_record.urlpatterns,
]
