from django.urls import path

from contacts import views

app_name = "contacts"

guest = "guest/<uuid:public_id>/<str:token>/"
urlpatterns = [
    path("agency/contacts/", views.contact_list, name="contacts"),
    path("agency/contacts/new/", views.contact_create, name="contact-create"),
    path("agency/contacts/<uuid:public_id>/", views.contact_detail, name="contact"),
    path("agency/contacts/<uuid:public_id>/attach/", views.contact_attach, name="contact-attach"),
    path("agency/deals/new/", views.deal_new, name="deal-new"),
    path("agency/deals/<uuid:public_id>/record/", views.record_move, name="record"),
    path("agency/deals/<uuid:public_id>/guest-link/", views.guest_link_create, name="guest-link"),
    path(
        "agency/deals/<uuid:public_id>/guest-link/revoke/",
        views.guest_link_revoke,
        name="guest-link-revoke",
    ),
    path("brand/recorded-deals/", views.brand_joined, name="brand-joined"),
    path(guest, views.guest_deal, name="guest"),
    path(guest + "counter/", views.guest_counter, name="guest-counter"),
    path(guest + "sign/", views.guest_sign, name="guest-sign"),
    path(guest + "contract.html", views.guest_contract, name="guest-contract"),
    path(
        guest + "drafts/<uuid:deliverable_id>/<int:number>/file",
        views.guest_draft_file,
        name="guest-draft-file",
    ),
]
