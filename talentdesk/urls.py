from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api import main as api_main
from talentdesk import views

# The admin signs in through allauth's pages, second factor included (AU-6).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("talentdesk.lifecycle.urls")),  # my data, closing my account
    path("accounts/", include("accounts.allauth_urls")),  # sign-in, sign-up, 2FA, sessions
    path("agency/", include("agencies.urls")),
    path("brand/", include("brands.urls")),
    path("creator/", include("creators.urls")),
    path("kit/", include("campaigns.media_kit_urls")),  # media kits (issue 19)
    path("access/", include("access.urls")),
    path("", include("campaigns.urls")),
    path("", include("money.urls")),  # /invoices/…, and an offer's /offers/<id>/invoices/
    path("", include("results.urls")),  # a campaign's and a deal's /…/results/ (issue 19)
    path("", include("contacts.urls")),  # brand contacts, off-platform deals, guest links
    path("notifications/", include("messaging.urls")),
    path("deliverables/", include("deliverables.urls")),
    path("pipeline/", include("pipeline.urls")),  # offer rules, notes and tasks (issue 20)
    path("admin/", admin.site.urls),
    path("api/v1/", api_main.urls()),
    path("", include("api.urls")),
]

if settings.BENCH_FLOOR:  # the benchmark's framework floor (bench/views.py), off by default
    from bench.views import floor

    urlpatterns.append(path("bench/floor", floor, name="bench-floor"))

handler400 = "talentdesk.views.bad_request"
handler403 = "talentdesk.views.permission_denied"
handler404 = "talentdesk.views.page_not_found"
handler500 = "talentdesk.views.server_error"
