"""The permission matrix: every URL pattern and every OpenAPI operation, as every role of the
cast, with each scope of Maya's grant to Northstar withdrawn in turn (AZ-1, DG-1).

The expected status of each case is written out below — it is the specification, never read from
the code under test. Each request runs in a savepoint rolled back afterwards, so every case
starts from the same world; a refused write must change nothing and write no audit row (AZ-7).
A new URL pattern or API operation without a row fails the test.

Roles (columns, in this order):
  O   Hannah, Northstar's owner            L   Marco, Maya's lead manager at Northstar
  U   Aisha, a Northstar manager not assigned to Maya
  A   Tom, Northstar assistant on Maya's team (read-only)
  X   the owner of Orbit, an agency that never represented her
  R   Juliette, Lumen's owner (Maya revoked Lumen)
  C   Maya, the creator                    C2  Leo, another creator
  B   Camille, GlowSkin (these deals' brand)
  B2  Ruben, Volt Bikes (a brand, not of these deals)
  N   an anonymous visitor
"""

import copy
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from access import actions as access_actions
from access.actions import creator_invitation_token
from access.hats import roles_for
from access.models import AuditEvent, CreatorInvitation, Representation
from access.permissions import decide
from access.roles import SESSION_KEY
from access.scopes import ALL_SCOPES
from accounts.actions import invitation_token
from accounts.models import DataExport, DataExportStatus, Invitation, User
from agencies.models import Agency, AgencyMembership, AgencyRole
from api import actions as api_actions
from api.main import api
from api.models import ApiToken, WebhookDelivery
from campaigns import actions as offer_actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract, Offer, Signature
from contacts import actions as contact_actions
from creators.models import ImportJob, MediaKit, Rate
from deliverables import actions as work
from deliverables.models import Deliverable, Draft
from messaging import actions as messaging
from messaging.models import Message, Notification
from money import actions as money
from money.models import Invoice, Payment
from pipeline import actions as pipeline_actions  # issue 20 (G)
from pipeline.models import Note, OfferRules, Task
from tests.api.test_deal_flow import terms_json
from tests.campaigns.conftest import role_of, terms
from tests.campaigns.test_pages import terms_post
from tests.contacts.conftest import EML

pytestmark = pytest.mark.django_db
ROLES = ["O", "L", "U", "A", "X", "R", "C", "C2", "B", "B2", "N"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# The table. One row per route and method; a row's path names the world's objects by {id}.
# Columns after the path: the expected status for O L U A X R C C2 B B2 N.
# issue 19 (E): the results:* rows (after deliverables:deliverable); the matrix campaign has
# no deal, so only its brand sees its results; a signed deal's, each party of it.
PAGES = """
home                            GET    /                                                 200 200 200 200 200 200 200 200 200 200 302
healthz                         GET    /healthz                                          200 200 200 200 200 200 200 200 200 200 200
account_login                   GET    /accounts/login/                                  302 302 302 302 302 302 302 302 302 302 200
account_logout                  GET    /accounts/logout/                                 200 200 200 200 200 200 200 200 200 200 302
account_logout                  POST   /accounts/logout/                                 302 302 302 302 302 302 302 302 302 302 302
account_inactive                GET    /accounts/inactive/                               200 200 200 200 200 200 200 200 200 200 200
account_signup                  GET    /accounts/signup/                                 302 302 302 302 302 302 302 302 302 302 200
account_reauthenticate          GET    /accounts/reauthenticate/                         200 200 200 200 200 200 200 200 200 200 302
account_request_reauthentication_code GET   /accounts/reauthenticate/code/                    403 403 403 403 403 403 403 403 403 403 302
account_confirm_reauthentication_code GET   /accounts/reauthenticate/code/confirm/            403 403 403 403 403 403 403 403 403 403 302
account_email                   GET    /accounts/email/                                  200 200 200 200 200 200 200 200 200 200 302
account_email_verification_sent GET    /accounts/confirm-email/                          200 200 200 200 200 200 200 200 200 200 200
account_confirm_email           GET    /accounts/confirm-email/bad-key/                  200 200 200 200 200 200 200 200 200 200 200
account_change_password         GET    /accounts/password/change/                        200 200 200 200 200 200 200 200 200 200 302
account_set_password            GET    /accounts/password/set/                           302 302 302 302 302 302 302 302 302 302 302
account_reset_password          GET    /accounts/password/reset/                         200 200 200 200 200 200 200 200 200 200 200
account_reset_password_done     GET    /accounts/password/reset/done/                    200 200 200 200 200 200 200 200 200 200 200
account_reset_password_from_key GET    /accounts/password/reset/key/1-bad/               200 200 200 200 200 200 200 200 200 200 200
account_reset_password_from_key_done GET   /accounts/password/reset/key/done/                200 200 200 200 200 200 200 200 200 200 200
account_confirm_login_code      GET    /accounts/login/code/confirm/                     302 302 302 302 302 302 302 302 302 302 302
mfa_index                       GET    /accounts/2fa/                                    200 200 200 200 200 200 200 200 200 200 302
mfa_authenticate                GET    /accounts/2fa/authenticate/                       302 302 302 302 302 302 302 302 302 302 302
mfa_reauthenticate              GET    /accounts/2fa/reauthenticate/                     302 302 302 302 200 302 302 302 302 302 302
mfa_activate_totp               GET    /accounts/2fa/totp/activate/                      302 302 302 302 302 302 302 302 302 302 302
mfa_deactivate_totp             GET    /accounts/2fa/totp/deactivate/                    404 404 404 404 302 404 404 404 404 404 302
mfa_view_recovery_codes         GET    /accounts/2fa/recovery-codes/                     404 404 404 404 404 404 404 404 404 404 302
mfa_generate_recovery_codes     GET    /accounts/2fa/recovery-codes/generate/            302 302 302 302 302 302 302 302 302 302 302
mfa_download_recovery_codes     GET    /accounts/2fa/recovery-codes/download/            404 404 404 404 404 404 404 404 404 404 302
mfa_list_webauthn               GET    /accounts/2fa/webauthn/                           200 200 200 200 200 200 200 200 200 200 302
mfa_add_webauthn                GET    /accounts/2fa/webauthn/add/                       302 302 302 302 302 302 302 302 302 302 302
mfa_reauthenticate_webauthn     GET    /accounts/2fa/webauthn/reauthenticate/            302 302 302 302 302 302 302 302 302 302 302
mfa_remove_webauthn             GET    /accounts/2fa/webauthn/keys/999999/remove/        302 302 302 302 302 302 302 302 302 302 302
mfa_edit_webauthn               GET    /accounts/2fa/webauthn/keys/999999/edit/          302 302 302 302 302 302 302 302 302 302 302
mfa_login_webauthn              GET    /accounts/2fa/webauthn/login/                     302 302 302 302 302 302 302 302 302 302 302
usersessions_list               GET    /accounts/sessions/                               200 200 200 200 200 200 200 200 200 200 302
usersessions_list               POST   /accounts/sessions/                               302 302 302 302 302 302 302 302 302 302 302
socialaccount_login_cancelled   GET    /accounts/3rdparty/login/cancelled/               200 200 200 200 200 200 200 200 200 200 302
socialaccount_login_error       GET    /accounts/3rdparty/login/error/                   401 401 401 401 401 401 401 401 401 401 302
socialaccount_signup            GET    /accounts/3rdparty/signup/                        302 302 302 302 302 302 302 302 302 302 302
socialaccount_connections       GET    /accounts/3rdparty/                               200 200 200 200 200 200 200 200 200 200 302
tiktok_login                    GET    /accounts/tiktok/login/                           302 302 302 302 302 302 302 302 302 302 302
tiktok_login                    POST   /accounts/tiktok/login/                           302 302 302 302 302 302 302 302 302 302 302
tiktok_callback                 GET    /accounts/tiktok/login/callback/                  302 302 302 302 302 302 302 302 302 302 302
accounts:profile                GET    /accounts/profile/                                200 200 200 200 200 200 200 200 200 200 302
accounts:language               GET    /accounts/language/                               405 405 405 405 405 405 405 405 405 405 405
accounts:language               POST   /accounts/language/                               302 302 302 302 302 302 302 302 302 302 302
accounts:invitation             GET    /accounts/invitation/{invitation}/                200 200 200 200 200 200 200 200 200 200 200
accounts:team                   GET    /accounts/team/                                   200 200 200 200 200 200 404 404 200 200 302
accounts:team                   POST   /accounts/team/                                   302 403 403 403 302 302 404 404 200 200 302
lifecycle:data-export            GET    /accounts/data/                                   405 405 405 405 405 405 405 405 405 405 302
lifecycle:data-export            POST   /accounts/data/                                   302 302 302 302 302 302 302 302 302 302 302
lifecycle:data-download          GET    /accounts/data/{export}/                          404 404 404 404 404 404 200 404 404 404 302
lifecycle:close                  GET    /accounts/close/                                  409 200 200 200 409 409 409 200 409 409 302
lifecycle:close                  POST   /accounts/close/                                  409 200 200 200 409 409 409 200 409 409 302
accounts:member-role            POST   /accounts/team/members/{assistant}/role/          302 403 403 403 404 404 404 404 404 404 302
accounts:member-remove          GET    /accounts/team/members/{assistant}/remove/        200 403 403 403 404 404 404 404 404 404 302
accounts:member-remove          POST   /accounts/team/members/{assistant}/remove/        302 403 403 403 404 404 404 404 404 404 302
accounts:invitation-revoke      POST   /accounts/team/invitations/{staff_invite}/revoke/ 302 403 403 403 404 404 404 404 404 404 302
agencies:agency-create          GET    /agency/new/                                      200 200 200 200 200 200 200 200 200 200 302
agencies:roster                 GET    /agency/roster/                                   200 200 200 200 200 200 404 404 404 404 302
agencies:imports                GET    /agency/imports/                                  200 200 200 403 200 200 404 404 404 404 302
agencies:import                 GET    /agency/imports/{job}/                            200 200 200 200 404 404 404 404 404 404 302
agencies:import                 POST   /agency/imports/{job}/                            403 302 403 403 404 404 404 404 404 404 302
agencies:import-sample          GET    /agency/imports/sample/creators/                  200 200 200 200 200 200 404 404 404 404 302
agencies:assistant-permission   GET    /agency/team/{assistant}/assistant/               405 403 403 403 405 405 404 404 404 404 302
agencies:assistant-permission   POST   /agency/team/{assistant}/assistant/               302 403 403 403 404 404 404 404 404 404 302
agencies:creator-invite         GET    /agency/roster/invite/                            200 200 200 403 200 200 404 404 404 404 302
agencies:creator-invite         POST   /agency/roster/invite/                            302 302 302 403 302 302 404 404 404 404 302
agencies:creator-invitation-revoke POST /agency/roster/invitations/{creator_invite}/revoke/ 302 302 404 404 404 404 404 404 404 404 302
agencies:creator-remove         GET    /agency/representations/{rep}/remove/             200 403 404 403 404 404 404 404 404 404 302
agencies:creator-remove         POST   /agency/representations/{rep}/remove/             302 403 404 403 404 404 404 404 404 404 302
# issue 19 (C)
agencies:contract-clauses       GET    /agency/settings/contract-clauses/                200 403 403 403 200 200 404 404 404 404 302
agencies:contract-clauses       POST   /agency/settings/contract-clauses/                302 403 403 403 302 302 404 404 404 404 302
agencies:creator-team           GET    /agency/representations/{rep}/team/               200 403 404 403 404 404 404 404 404 404 302
agencies:creator-team           POST   /agency/representations/{rep}/team/               302 403 404 403 404 404 404 404 404 404 302
agencies:proposal-answer        GET    /agency/proposals/{proposal}/withdraw/            405 405 405 405 405 405 404 404 404 404 302
agencies:proposal-answer        POST   /agency/proposals/{proposal}/withdraw/            302 302 404 404 404 404 404 404 404 404 302
brands:brand-create             GET    /brand/new/                                       200 200 200 200 200 200 200 200 200 200 302
creators:profile-create         GET    /creator/new/                                     200 200 200 200 200 200 200 200 200 200 302
creators:profile-edit           GET    /creator/profile/                                 404 404 404 404 404 404 200 200 404 404 302
creators:handle-verify          GET    /creator/verify/                                  404 404 404 404 404 404 200 200 404 404 302
creators:creator                GET    /creator/{maya}/                                  200 200 404 200 404 404 404 404 404 404 302
creators:creator-rate           GET    /creator/{maya}/rates/                            405 405 405 405 405 405 404 404 404 404 302
creators:creator-rate           POST   /creator/{maya}/rates/                            302 302 404 403 404 404 404 404 404 404 302
creators:creator-chart          GET    /creator/{maya}/charts/followers.svg              200 200 404 200 404 404 200 404 404 404 302
access:role-switch              GET    /access/switch/                                   405 405 405 405 405 405 405 405 405 405 302
access:role-switch              POST   /access/switch/                                   302 302 302 302 302 302 302 302 302 302 302
access:my-managers              GET    /access/managers/                                 404 404 404 404 404 404 200 200 404 404 302
access:request-agency           GET    /access/managers/request/                         404 404 404 404 404 404 200 200 404 404 302
access:consent                  GET    /access/managers/{rep}/consent/                   404 404 404 404 404 404 302 404 404 404 302
access:consent                  POST   /access/managers/{rep}/consent/                   404 404 404 404 404 404 302 404 404 404 302
access:scopes-change            GET    /access/managers/{rep}/scopes/                    404 404 404 404 404 404 405 405 404 404 302
access:scopes-change            POST   /access/managers/{rep}/scopes/                    404 404 404 404 404 404 302 404 404 404 302
access:revoke                   GET    /access/managers/{rep}/revoke/                    404 404 404 404 404 404 200 404 404 404 302
access:revoke                   POST   /access/managers/{rep}/revoke/                    404 404 404 404 404 404 302 404 404 404 302
access:proposal-answer          GET    /access/managers/{rep}/decline/                   404 404 404 404 404 404 405 405 404 404 302
access:proposal-answer          POST   /access/managers/{rep}/decline/                   404 404 404 404 404 404 302 404 404 404 302
access:creator-invitation       GET    /access/invitations/{creator_token}/              400 400 400 400 400 400 400 400 400 400 200
access:activity                 GET    /access/activity/                                 200 403 403 403 200 200 200 200 404 404 302
campaigns:campaigns             GET    /campaigns/                                       404 404 404 404 404 404 404 404 200 200 302
campaigns:campaign-create       GET    /campaigns/new/                                   404 404 404 404 404 404 404 404 200 200 302
campaigns:campaign              GET    /campaigns/{campaign}/                            404 404 404 404 404 404 404 404 200 404 302
campaigns:campaign              POST   /campaigns/{campaign}/                            404 404 404 404 404 404 404 404 302 404 302
campaigns:offers                GET    /offers/                                          200 200 200 200 200 200 200 200 200 200 302
campaigns:offer                 GET    /offers/{offer}/                                  200 200 404 200 404 404 200 404 200 404 302
campaigns:offer                 POST   /offers/{offer}/                                  302 302 404 403 404 404 302 404 403 404 302
campaigns:contract              GET    /offers/{accepted}/contract/                      200 200 404 200 404 404 200 404 200 404 302
campaigns:contract              POST   /offers/{accepted}/contract/                      302 302 404 403 404 404 302 404 302 404 302
campaigns:renew                 GET    /offers/{signed}/renewal/                         405 405 404 405 404 404 405 404 404 404 302
campaigns:renew                 POST   /offers/{signed}/renewal/                         302 302 404 403 404 404 302 404 404 404 302
campaigns:contract-document     GET    /offers/{accepted}/contract.html                  200 200 404 200 404 404 200 404 200 404 302
money:invoices                  GET    /invoices/                                        200 200 200 200 200 200 200 200 200 200 302
money:invoice                   GET    /invoices/{invoice}/                              200 200 404 200 404 404 200 404 200 404 302
money:invoice                   POST   /invoices/{invoice}/                              302 302 404 403 404 404 403 404 403 404 302
money:invoice-pdf               GET    /invoices/{invoice}/pdf/                          200 200 404 200 404 404 200 404 200 404 302
money:offer-brand-record        GET    /offers/{offer}/brand-record/                     200 200 404 200 404 404 200 404 404 404 302
money:invoice-draft             GET    /offers/{deal}/invoices/                          200 200 404 403 404 404 403 404 403 404 302
money:invoice-draft             POST   /offers/{deal}/invoices/                          302 302 404 403 404 404 403 404 403 404 302
money:deal-commission           GET    /offers/{offer}/commission/                       200 403 404 403 404 404 404 404 404 404 302
money:deal-commission           POST   /offers/{offer}/commission/                       302 403 404 403 404 404 404 404 404 404 302
money:billing                   GET    /invoices/billing/                                200 403 403 403 200 200 200 200 200 200 302
money:billing                   POST   /invoices/billing/                                302 403 403 403 302 302 302 302 302 302 302
money:commission                GET    /invoices/representations/{rep}/commission/       200 403 404 403 404 404 404 404 404 404 302
money:commission                POST   /invoices/representations/{rep}/commission/       302 403 404 403 404 404 404 404 404 404 302
money:earnings                  GET    /earnings/                                        200 200 200 200 403 200 200 200 404 404 302
money:creator-earnings          GET    /earnings/creators/{maya}/                        200 200 404 200 404 404 404 404 404 404 302
money:earnings-chart            GET    /earnings/chart.svg                               200 200 200 200 403 200 200 200 404 404 302
money:earnings-export           GET    /earnings/export.csv                              200 200 200 200 403 200 200 200 404 404 302
money:earnings-export           GET    /earnings/export.xlsx                             200 200 200 200 403 200 200 200 404 404 302
messaging:notifications         GET    /notifications/                                   200 200 200 200 200 200 200 200 200 200 302
messaging:mark-read             GET    /notifications/read/                              405 405 405 405 405 405 405 405 405 405 302
messaging:mark-read             POST   /notifications/read/                              302 302 302 302 302 302 302 302 302 302 302
messaging:preferences           GET    /notifications/preferences/                       200 200 200 200 200 200 200 200 200 200 302
messaging:inbox                 GET    /notifications/inbox/                             200 200 200 200 200 200 200 200 200 200 302
messaging:calendar              GET    /notifications/calendar/                          200 200 200 200 200 200 200 200 200 200 302
messaging:calendar              POST   /notifications/calendar/                          200 200 200 200 200 200 200 200 200 200 302
messaging:feed                  GET    /notifications/calendar/{feed}.ics                200 200 200 200 200 200 200 200 200 200 200
messaging:thread                GET    /notifications/offers/{offer}/                    200 200 404 200 404 404 200 404 200 404 302
messaging:thread                POST   /notifications/offers/{offer}/                    302 302 404 403 404 404 302 404 302 404 302
messaging:unread                GET    /notifications/offers/{offer}/unread              200 200 404 200 404 404 200 404 200 404 302
messaging:thread-read           GET    /notifications/offers/{offer}/read                405 405 405 405 405 405 405 405 405 405 302
messaging:thread-read           POST   /notifications/offers/{offer}/read                204 204 404 204 404 404 204 404 204 404 302
messaging:attachment            GET    /notifications/offers/{offer}/attachments/{message} 200 200 404 200 404 404 200 404 200 404 302
deliverables:deliverable        GET    /deliverables/{d1}/                               200 200 404 200 404 404 200 404 200 404 302
deliverables:deliverable        POST   /deliverables/{d1}/                               403 403 404 403 404 404 403 404 302 404 302
deliverables:deliverable        POST   /deliverables/{d2}/                               302 302 404 403 404 404 302 404 403 404 302
results:campaign                GET    /campaigns/{campaign}/results/                    404 404 404 404 404 404 404 404 200 404 302
results:chart                   GET    /campaigns/{campaign}/results/chart.svg           404 404 404 404 404 404 404 404 200 404 302
results:campaign-export         GET    /campaigns/{campaign}/results.xlsx                404 404 404 404 404 404 404 404 200 404 302
results:deal                    GET    /offers/{signed}/results/                         200 200 404 200 404 404 200 404 200 404 302
results:deal-export             GET    /offers/{signed}/results.xlsx                     200 200 404 200 404 404 200 404 200 404 302
deliverables:draft-file         GET    /deliverables/{d1}/drafts/1/file                  200 200 404 200 404 404 200 404 200 404 302
integrations:tokens             GET    /settings/tokens/                                 200 200 200 200 200 200 200 200 200 200 302
integrations:tokens             POST   /settings/tokens/                                 302 302 302 302 302 302 302 302 302 302 302
integrations:token-revoke       GET    /settings/tokens/{token}/revoke/                  405 405 405 405 405 405 405 405 405 405 302
integrations:token-revoke       POST   /settings/tokens/{token}/revoke/                  302 404 404 404 404 404 404 404 404 404 302
integrations:webhooks           GET    /settings/webhooks/                               200 403 403 403 200 200 404 404 200 200 302
integrations:webhook            GET    /settings/webhooks/{endpoint}/                    404 403 403 403 404 404 404 404 200 404 302
integrations:webhook-delete     GET    /settings/webhooks/{endpoint}/delete/             405 403 403 403 405 405 404 404 405 405 302
integrations:webhook-delete     POST   /settings/webhooks/{endpoint}/delete/             404 403 403 403 404 404 404 404 302 404 302
integrations:webhook-resend     GET    /settings/webhooks/{endpoint}/deliveries/{delivery}/resend/ 405 403 403 403 405 405 404 404 405 405 302
integrations:webhook-resend     POST   /settings/webhooks/{endpoint}/deliveries/{delivery}/resend/ 404 403 403 403 404 404 404 404 302 404 302
# issue 19 (D): My numbers, media kits (settings, public page, PDF, a brand's ask), the brand's
# consent to be named in them, and the roster and offers exports
creators:my-numbers             GET    /creator/numbers/                                 404 404 404 404 404 404 200 200 404 404 302
media_kit:settings              GET    /kit/creators/{maya}/                             200 200 404 403 404 404 200 404 404 404 302
media_kit:settings              POST   /kit/creators/{maya}/                             302 302 404 403 404 404 302 404 404 404 302
media_kit:kit                   GET    /kit/{kit}/                                       200 200 200 200 200 200 200 200 200 200 200
media_kit:kit-pdf               GET    /kit/{kit}/pdf/                                   200 200 200 200 200 200 200 200 200 200 200
media_kit:ask                   GET    /kit/{kit}/ask/                                   404 404 404 404 404 404 404 404 200 200 302
brands:media-kit-consent        GET    /brand/media-kits/                                404 404 404 404 404 404 404 404 405 405 302
brands:media-kit-consent        POST   /brand/media-kits/                                404 404 404 404 404 404 404 404 302 302 302
agencies:roster-export          GET    /agency/roster/export.csv                         200 200 200 200 200 200 404 404 404 404 302
campaigns:offers-export         GET    /offers/export.csv                                200 200 200 200 200 200 404 404 404 404 302
# issue 20 (G): offer rules, notes and tasks, rate benchmarks
pipeline:rules                  GET    /pipeline/creator/{maya}/rules/                   200 200 404 200 404 404 200 404 404 404 302
pipeline:rules                  POST   /pipeline/creator/{maya}/rules/                   302 302 404 403 404 404 302 404 404 404 302
pipeline:creator-notes          GET    /pipeline/creator/{maya}/notes/                   200 200 404 200 404 404 200 404 404 404 302
pipeline:creator-notes          POST   /pipeline/creator/{maya}/notes/                   302 302 404 403 404 404 403 404 404 404 302
pipeline:benchmarks             GET    /pipeline/creator/{maya}/benchmarks/              200 200 404 200 404 404 404 404 404 404 302
pipeline:offer-notes            GET    /pipeline/offers/{offer}/notes/                   200 200 404 200 404 404 200 404 404 404 302
pipeline:offer-notes            POST   /pipeline/offers/{offer}/notes/                   302 302 404 403 404 404 403 404 404 404 302
pipeline:task-done              GET    /pipeline/tasks/{task}/done/                      405 405 405 405 405 405 404 404 404 404 302
pipeline:task-done              POST   /pipeline/tasks/{task}/done/                      302 302 404 403 404 404 404 404 404 404 302
# issue 20 (F): brand contacts, off-platform deals, guest links. {xdeal} is Maya's deal with
# Northstar's contact at GlowSkin's domain (before GlowSkin "joined"); {guest} its live token.
contacts:contacts               GET    /agency/contacts/                                 200 200 200 200 200 200 404 404 404 404 302
contacts:contact-create         GET    /agency/contacts/new/                             200 200 200 200 200 200 404 404 404 404 302
contacts:contact-create         POST   /agency/contacts/new/                             302 302 302 403 302 302 404 404 404 404 302
contacts:contact                GET    /agency/contacts/{contact}/                       200 200 200 200 404 404 404 404 404 404 302
contacts:contact-attach         GET    /agency/contacts/{contact}/attach/                302 302 302 302 404 404 404 404 404 404 302
contacts:contact-attach         POST   /agency/contacts/{contact}/attach/                302 403 403 403 404 404 404 404 404 404 302
contacts:deal-new               GET    /agency/deals/new/                                200 200 200 200 200 200 404 404 404 404 302
contacts:deal-new               POST   /agency/deals/new/                                302 302 422 403 422 422 404 404 404 404 302
contacts:record                 GET    /agency/deals/{xdeal}/record/                     200 200 404 200 404 404 404 404 404 404 302
contacts:record                 POST   /agency/deals/{xdeal}/record/                     302 302 404 403 404 404 404 404 404 404 302
contacts:guest-link             GET    /agency/deals/{xdeal}/guest-link/                 302 302 404 302 404 404 404 404 404 404 302
contacts:guest-link             POST   /agency/deals/{xdeal}/guest-link/                 200 200 404 403 404 404 404 404 404 404 302
contacts:guest-link-revoke      GET    /agency/deals/{xdeal}/guest-link/revoke/          302 302 404 302 404 404 404 404 404 404 302
contacts:guest-link-revoke      POST   /agency/deals/{xdeal}/guest-link/revoke/          302 302 404 403 404 404 404 404 404 404 302
contacts:brand-joined           GET    /brand/recorded-deals/                            404 404 404 404 404 404 404 404 200 200 302
contacts:brand-joined           POST   /brand/recorded-deals/                            404 404 404 404 404 404 404 404 302 404 302
contacts:guest                  GET    /guest/{xdeal}/{guest}/                           200 200 200 200 200 200 200 200 200 200 200
contacts:guest                  POST   /guest/{xdeal}/{guest}/                           302 302 302 302 302 302 302 302 302 302 302
contacts:guest                  GET    /guest/{xdeal}/{badguest}/                        404 404 404 404 404 404 404 404 404 404 404
contacts:guest                  GET    /guest/{offer}/{guest}/                           404 404 404 404 404 404 404 404 404 404 404
contacts:guest-counter          GET    /guest/{xdeal}/{guest}/counter/                   200 200 200 200 200 200 200 200 200 200 200
contacts:guest-counter          POST   /guest/{xdeal}/{guest}/counter/                   422 422 422 422 422 422 422 422 422 422 422
contacts:guest-counter          POST   /guest/{offer}/{guest}/counter/                   404 404 404 404 404 404 404 404 404 404 404
contacts:guest-sign             GET    /guest/{xdeal}/{guest}/sign/                      404 404 404 404 404 404 404 404 404 404 404
contacts:guest-sign             POST   /guest/{xdeal}/{badguest}/sign/                   404 404 404 404 404 404 404 404 404 404 404
contacts:guest-contract         GET    /guest/{xdeal}/{guest}/contract.html              404 404 404 404 404 404 404 404 404 404 404
contacts:guest-draft-file       GET    /guest/{xdeal}/{guest}/drafts/{d1}/1/file         404 404 404 404 404 404 404 404 404 404 404
api:api-root                    GET    /api/v1/                                          404 404 404 404 404 404 404 404 404 404 404
api:openapi-json                GET    /api/v1/openapi.json                              200 200 200 200 200 200 200 200 200 200 302
api:openapi-view                GET    /api/v1/docs                                      200 200 200 200 200 200 200 200 200 200 302
"""

# The API: every OpenAPI operation, with a bearer token for each role (anonymous: none, 401).
# Maya's matrix offer is `offered`: her side may counter, accept and decline; the brand's own
# steps start from other statuses (409), the creator's steps are not the brand's (403).
OPERATIONS = """
GET    /api/v1/representations                                      200 200 200 200 200 200 200 200 200 200 401
GET    /api/v1/representations/{rep}                                200 200 404 200 404 404 200 404 404 404 401
PUT    /api/v1/representations/{rep}/scopes                         403 403 404 403 404 404 200 404 404 404 401
GET    /api/v1/creators                                             200 200 200 200 200 200 200 200 200 200 401
GET    /api/v1/creators/{maya}                                      200 200 404 200 404 404 200 404 200 200 401
GET    /api/v1/creators/{maya}/metrics                              200 200 404 200 404 404 200 404 200 200 401
GET    /api/v1/creators/{maya}/audience                             200 200 404 200 404 404 200 404 200 200 401
GET    /api/v1/campaigns                                            200 200 200 200 200 200 200 200 200 200 401
POST   /api/v1/campaigns                                            403 403 403 403 403 403 403 403 201 201 401
GET    /api/v1/campaigns/{campaign}                                 404 404 404 404 404 404 404 404 200 404 401
GET    /api/v1/offers                                               200 200 200 200 200 200 200 200 200 200 401
GET    /api/v1/offers/{offer}                                       200 200 404 200 404 404 200 404 200 404 401
GET    /api/v1/offers/{offer}/versions                              200 200 404 200 404 404 200 404 200 404 401
POST   /api/v1/campaigns/{campaign}/offers                          404 404 404 404 404 404 404 404 201 404 401
POST   /api/v1/offers/{offer}/counter                               200 200 404 403 404 404 200 404 409 404 401
POST   /api/v1/offers/{offer}/accept                                200 200 404 403 404 404 200 404 409 404 401
POST   /api/v1/offers/{offer}/decline                               200 200 404 403 404 404 200 404 409 404 401
POST   /api/v1/offers/{offer}/withdraw                              403 403 404 403 404 404 403 404 200 404 401
POST   /api/v1/offers/{offer}/cancel                                409 409 404 409 404 404 409 404 409 404 401
POST   /api/v1/offers/{offer}/approve                               409 409 404 409 404 404 409 404 403 404 401
POST   /api/v1/offers/{signed}/renewal                              201 201 404 403 404 404 201 404 403 404 401
POST   /api/v1/offers/{offer}/send-back                             409 409 404 409 404 404 409 404 403 404 401
GET    /api/v1/offers/{accepted}/contract                           200 200 404 200 404 404 200 404 200 404 401
POST   /api/v1/offers/{accepted}/contract/sign                      200 200 404 403 404 404 200 404 200 404 401
GET    /api/v1/offers/{offer}/deliverables                          200 200 404 200 404 404 200 404 200 404 401
GET    /api/v1/deliverables/{d1}                                    200 200 404 200 404 404 200 404 200 404 401
POST   /api/v1/deliverables/{d2}/drafts                             201 201 404 403 404 404 201 404 403 404 401
POST   /api/v1/deliverables/{d2}/drafts/upload                      201 201 404 403 404 404 201 404 403 404 401
POST   /api/v1/deliverables/{d1}/feedback                           403 403 404 403 404 404 403 404 200 404 401
POST   /api/v1/deliverables/{d1}/posted                             409 409 404 409 404 404 409 404 409 404 401
POST   /api/v1/deliverables/{d1}/verify                             409 409 404 409 404 404 409 404 409 404 401
GET    /api/v1/offers/{offer}/messages                              200 200 404 200 404 404 200 404 200 404 401
POST   /api/v1/offers/{offer}/messages                              201 201 404 403 404 404 201 404 201 404 401
GET    /api/v1/notifications                                        200 200 200 200 200 200 200 200 200 200 401
POST   /api/v1/notifications/read                                   200 200 200 200 200 200 200 200 200 200 401
GET    /api/v1/audit-events                                         200 403 403 403 200 200 200 200 403 403 401
GET    /api/v1/webhooks                                             200 403 403 403 200 200 403 403 200 200 401
POST   /api/v1/webhooks                                             201 403 403 403 201 201 403 403 201 201 401
DELETE /api/v1/webhooks/{endpoint}                                  404 403 403 403 404 404 403 403 204 404 401
GET    /api/v1/webhooks/{endpoint}/deliveries                       404 403 403 403 404 404 403 403 200 404 401
POST   /api/v1/webhooks/{endpoint}/deliveries/{delivery}/resend     404 403 403 403 404 404 403 403 200 404 401
GET    /api/v1/imports                                              200 200 200 200 200 200 403 403 403 403 401
POST   /api/v1/imports                                              202 202 422 403 422 422 403 403 403 403 401
GET    /api/v1/imports/{job}                                        200 200 200 200 404 404 404 404 404 404 401
GET    /api/v1/invoices                                             200 200 200 200 200 200 200 200 200 200 401
GET    /api/v1/invoices/{invoice}                                   200 200 404 200 404 404 200 404 200 404 401
GET    /api/v1/offers/{deal}/milestones                             200 200 404 200 404 404 200 404 200 404 401
POST   /api/v1/offers/{deal}/invoices                               201 201 404 403 404 404 403 404 403 404 401
POST   /api/v1/invoices/{invoice}/issue                             409 409 404 403 404 404 403 404 403 404 401
POST   /api/v1/invoices/{invoice}/payments                          201 201 404 403 404 404 403 404 201 404 401
POST   /api/v1/invoices/{invoice}/void                              200 200 404 403 404 404 403 404 403 404 401
GET    /api/v1/earnings                                             200 200 200 200 403 200 200 200 403 403 401
"""


def sign_body(world, who):
    return {"full_name": world.users[who].name if who != "N" else "Nobody Known"}


def token_body(world, who):
    key = world.keys.get(who, "creator")
    return {"name": "matrix", "role_key": key, "scope": "read", "days": "30"}


# What each write sends (a dict, or a function of the world and the role letter).
BODIES = {
    "POST /kit/creators/{maya}/": {"is_on": "on", "metrics": ["followers"]},  # issue 19 (D)
    "POST /brand/media-kits/": {"shown": "1"},  # issue 19 (D)
    # issue 20 (G)
    "POST /pipeline/creator/{maya}/rules/": {"floor_currency": "EUR", "answer": "flag"},
    "POST /pipeline/creator/{maya}/notes/": {"kind": "note", "body": "Matrix note"},
    "POST /pipeline/offers/{offer}/notes/": {"kind": "note", "body": "Matrix note"},
    "POST /accounts/language/": {"language": "fr"},
    "POST /accounts/team/": {"email": "new.person@matrix.example", "role": "admin"},
    "POST /accounts/close/": {"password": "not-the-password", "confirm": "on"},
    "POST /agency/team/{assistant}/assistant/": {"can_act": "1"},
    "POST /accounts/team/members/{assistant}/role/": {"role": "manager"},
    "POST /agency/roster/invite/": {"identifier": "@somebody.new", "message": ""},
    "POST /agency/representations/{rep}/team/": lambda w, who: {"lead_manager": w.users["L"].pk},
    "POST /creator/{maya}/rates/": {"deliverable": "live", "amount": "640.00", "currency": "EUR"},
    "POST /access/switch/": {"role": "creator"},
    "POST /access/managers/{rep}/scopes/": lambda w, who: {
        f"{str(w.rep.public_id)[:8]}-scopes": ["view_insights"]
    },
    "POST /campaigns/{campaign}/": lambda w, who: terms_post(creator="sofiaglow"),
    "POST /offers/{offer}/": {"verb": "accept_creator", "version": "1", "confirmed": "on"},
    "POST /offers/{accepted}/contract/": sign_body,
    "POST /offers/{signed}/renewal/": {"price": "1500.00"},
    "POST /notifications/offers/{offer}/": {"body": "Hello from the matrix"},
    "POST /deliverables/{d1}/": {"step": "feedback", "kind": "comment", "body": "Lovely"},
    "POST /deliverables/{d2}/": {"step": "draft", "link": "https://drive.example.com/matrix"},
    "POST /invoices/{invoice}/": lambda w, who: {
        "verb": "pay",
        "amount": "100.00",
        "paid_on": today().isoformat(),
        "reference": "matrix",
    },
    "POST /offers/{deal}/invoices/": lambda w, who: {"milestones": [str(w.deal_upfront.public_id)]},
    "POST /offers/{offer}/commission/": {"commission_pct": "15"},
    "POST /invoices/billing/": {
        "legal_name": "Matrix Ltd",
        "billing_address": "1 Matrix Road",
        "vat_number": "FR 1",
        "invoice_prefix": "MTX",
        "default_commission_pct": "20",
    },
    # issue 19 (C)
    "POST /agency/settings/contract-clauses/": {
        "kill_fee_pct": "40",
        "cancellation_en": "Matrix cancellation.",
        "cancellation_fr": "Annulation matrice.",
        "governing_law_en": "Matrix law.",
        "governing_law_fr": "Droit matrice.",
        "disclosure_en": "Matrix disclosure.",
        "disclosure_fr": "Mention matrice.",
    },
    "POST /invoices/representations/{rep}/commission/": {
        "commission_pct": "15",
        "commission_split_pct": "0",
        "invoice_issuer": "agency",
    },
    "POST /settings/tokens/": token_body,
    # issue 20 (F)
    "POST /agency/contacts/new/": {
        "company": "Matrix Co",
        "name": "Mo Trix",
        "email": "mo@m.example",
    },
    "POST /agency/contacts/{contact}/attach/": lambda w, who: {"brand": str(w.glowskin.public_id)},
    "POST /agency/deals/new/": lambda w, who: (
        terms_post(creator="mayamoves")
        | {
            "contact": str(w.contact.public_id),
            "campaign_name": "Matrix e-mail",
            "received_on": today().isoformat(),
        }
    ),
    "POST /agency/deals/{xdeal}/record/": lambda w, who: {
        "verb": "withdraw",
        "received_on": today().isoformat(),
        "reason": "By e-mail",
        "evidence": SimpleUploadedFile("w.eml", EML, "message/rfc822"),
    },
    "POST /brand/recorded-deals/": lambda w, who: {"contact": str(w.contact.public_id)},
    "POST /guest/{xdeal}/{guest}/": {"verb": "decline_brand", "version": "1"},
    "PUT /api/v1/representations/{rep}/scopes": {"scopes": ["view_insights"]},
    "POST /api/v1/campaigns": lambda w, who: {
        "name": "Matrix",
        "budget": "100.00",
        "currency": "EUR",
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=9)).isoformat(),
    },
    "POST /api/v1/campaigns/{campaign}/offers": lambda w, who: {
        "creator": str(w.sofia.public_id),
        "terms": terms_json(),
    },
    "POST /api/v1/offers/{offer}/counter": {"seen_version": 1, "terms": terms_json("1700.00")},
    "POST /api/v1/offers/{offer}/accept": {"seen_version": 1},
    "POST /api/v1/offers/{offer}/decline": {"reason": "Not for me"},
    "POST /api/v1/offers/{offer}/withdraw": {"reason": "Budget cut"},
    "POST /api/v1/offers/{offer}/cancel": {"reason": "Dates moved"},
    "POST /api/v1/offers/{offer}/send-back": {"reason": "No", "seen_version": 1},
    "POST /api/v1/offers/{offer}/approve": {"seen_version": 1},
    "POST /api/v1/offers/{signed}/renewal": {"price": "1400.00", "note": "Another 30 days"},
    "POST /api/v1/offers/{accepted}/contract/sign": sign_body,
    "POST /api/v1/deliverables/{d2}/drafts": {"link": "https://drive.example.com/api"},
    "POST /api/v1/deliverables/{d2}/drafts/upload": "upload",
    "POST /api/v1/deliverables/{d1}/feedback": {"kind": "comment", "body": "Nice"},
    "POST /api/v1/deliverables/{d1}/posted": {
        "url": "https://www.tiktok.com/@mayamoves/video/7312345678901234567"
    },
    "POST /api/v1/offers/{offer}/messages": {"body": "Hello"},
    "POST /api/v1/webhooks": {"url": "http://127.0.0.1:9/matrix", "events": ["offer.accepted"]},
    "POST /api/v1/imports": "import",
    "POST /api/v1/offers/{deal}/invoices": lambda w, who: {
        "milestones": [str(w.deal_upfront.public_id)]
    },
    "POST /api/v1/invoices/{invoice}/payments": {"amount": "100.00", "reference": "matrix"},
    "POST /api/v1/invoices/{invoice}/void": {"reason": "Wrong purchase order"},
}

# What withdrawing one scope changes: for Northstar's staff who could use it, a 403 with the
# reason; every other role of every other row stays as it is.
SCOPES = {
    # issue 19 (D): her media kit's settings are her rate managers'.
    "GET /kit/creators/{maya}/": {"manage_rates": "O L:403"},
    "POST /kit/creators/{maya}/": {"manage_rates": "O L:403"},
    "POST /pipeline/creator/{maya}/rules/": {"negotiate": "O L:403"},  # issue 20 (G)
    "POST /creator/{maya}/rates/": {"manage_rates": "O L:403"},
    "GET /creator/{maya}/charts/followers.svg": {"view_insights": "O L A:403"},
    "POST /offers/{offer}/": {"accept_offers": "O L:403"},
    "POST /offers/{accepted}/contract/": {"accept_offers": "O L:403"},
    "POST /offers/{signed}/renewal/": {"negotiate": "O L:403"},
    "POST /api/v1/offers/{signed}/renewal": {"negotiate": "O L:403"},
    "POST /notifications/offers/{offer}/": {"message_brands": "O L:403"},
    "POST /deliverables/{d2}/": {"manage_content": "O L:403"},
    # Money beyond the price: her invoices, their PDF and drafting one need her view_earnings.
    "GET /invoices/{invoice}/": {"view_earnings": "O L A:403"},
    "POST /invoices/{invoice}/": {"view_earnings": "O L A:403"},
    "GET /invoices/{invoice}/pdf/": {"view_earnings": "O L A:403"},
    "GET /offers/{deal}/invoices/": {"view_earnings": "O L A:403"},
    "POST /offers/{deal}/invoices/": {"view_earnings": "O L A:403"},
    # Her statement: 403 once she withdraws view_earnings. The agency-wide pages stay 200 for
    # Northstar's staff (other creators of theirs share), without her figures (tests/money).
    "GET /earnings/creators/{maya}/": {"view_earnings": "O L A:403"},
    "GET /api/v1/creators/{maya}/metrics": {"view_insights": "O L A:403"},
    "GET /api/v1/creators/{maya}/audience": {"view_insights": "O L A:403"},
    "POST /api/v1/offers/{offer}/counter": {"negotiate": "O L:403"},
    "POST /api/v1/offers/{offer}/accept": {"accept_offers": "O L:403"},
    "POST /api/v1/offers/{offer}/decline": {"negotiate": "O L:403"},
    "POST /api/v1/offers/{accepted}/contract/sign": {"accept_offers": "O L:403"},
    "POST /api/v1/deliverables/{d2}/drafts": {"manage_content": "O L:403"},
    "POST /api/v1/deliverables/{d2}/drafts/upload": {"manage_content": "O L:403"},
    "POST /api/v1/offers/{offer}/messages": {"message_brands": "O L:403"},
    # A file of Maya's figures: her statistics are written only with her view_insights.
    "POST /api/v1/imports": {"view_insights": "O L:422"},
    # Her deals' money beyond the price: invoices, milestones, every step on them.
    "GET /api/v1/invoices/{invoice}": {"view_earnings": "O L A:403"},
    "GET /api/v1/offers/{deal}/milestones": {"view_earnings": "O L A:403"},
    "POST /api/v1/offers/{deal}/invoices": {"view_earnings": "O L A:403"},
    "POST /api/v1/invoices/{invoice}/issue": {"view_earnings": "O L A:403"},
    "POST /api/v1/invoices/{invoice}/payments": {"view_earnings": "O L A:403"},
    "POST /api/v1/invoices/{invoice}/void": {"view_earnings": "O L A:403"},
    # issue 20 (F): recording a contact's deal and answers, and her guest links, need negotiate.
    "POST /agency/deals/new/": {"negotiate": "O L:403"},
    "POST /agency/deals/{xdeal}/record/": {"negotiate": "O L:403"},
    "POST /agency/deals/{xdeal}/guest-link/": {"negotiate": "O L:403"},
    "POST /agency/deals/{xdeal}/guest-link/revoke/": {"negotiate": "O L:403"},
}


@dataclass
class Case:
    name: str  # URL name, or "api" for an API operation
    method: str
    path: str  # with {ids} of the world
    statuses: dict
    api: bool = False

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def body(self):
        return BODIES.get(self.key)

    def expected(self, scope=None) -> dict[str, int]:
        statuses = dict(self.statuses)
        change = SCOPES.get(self.key, {}).get(scope)
        if change:
            *roles, status = re.split(r"[ :]+", change)
            statuses |= dict.fromkeys(roles, int(status))
        return statuses


def parse(table: str, *, api: bool) -> list[Case]:
    cases = []
    for line in table.strip().splitlines():
        if line.startswith("#"):  # a comment naming the issue that added the rows below it
            continue
        *head, codes = re.split(r"\s+(?=(?:\d{3}\s+){10}\d{3}$)", line, maxsplit=1)
        parts = head[0].split()
        name, method, path = ("api", *parts) if api else parts
        statuses = dict(zip(ROLES, map(int, codes.split()), strict=True))
        cases.append(Case(name, method, path, statuses, api=api))
    return cases


PAGE_CASES = parse(PAGES, api=False)
API_CASES = parse(OPERATIONS, api=True)


class World:
    """The objects every path names, built once per test in the rolled-back test transaction."""

    def __init__(self, cast, tmp_path, settings):
        settings.MEDIA_ROOT = tmp_path
        settings.WEBHOOK_ALLOW_PRIVATE = True
        orbit = Agency.objects.create(name="Orbit Talent", slug="orbit")
        orbit_owner = User.objects.create_user("owner@orbit.example", "x", name="Olu Orbit")
        TOTP.activate(orbit_owner, generate_totp_secret())  # a real owner: a second factor
        AgencyMembership.objects.create(agency=orbit, user=orbit_owner, role=AgencyRole.OWNER)
        self.users = {
            "O": cast.owner,
            "L": cast.manager,
            "U": cast.manager2,
            "A": cast.assistant,
            "X": orbit_owner,
            "R": cast.lumen_owner,
            "C": cast.creator,
            "C2": cast.creator2,
            "B": cast.brand,
            "B2": cast.outsider_brand,
        }
        kinds = {"C": "creator", "C2": "creator", "B": "brand", "B2": "brand"}
        self.keys = {
            who: role_of(user, kinds.get(who, "agency")).key for who, user in self.users.items()
        }
        self.rep = Representation.objects.active().get(creator=cast.maya)
        self.scopes = list(self.rep.scopes)
        brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
        creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
        self.campaign = offer_actions.create_campaign(
            cast.glowskin,
            actor=cast.brand,
            name="Matrix",
            budget=20000,
            currency="EUR",
            starts_on=today(),
            ends_on=today() + timedelta(days=60),
        )
        self.offer = self._offer(cast, brand, "Matrix")
        self.accepted = self._offer(cast, brand, "Matrix accepted")
        offer_actions.accept_offer(self.accepted, seen_version=1, **creator)
        signed = self._offer(cast, brand, "Matrix signed")
        offer_actions.accept_offer(signed, seen_version=1, **creator)
        contract = Contract.objects.get(offer=signed)
        sign_contract(contract, full_name="Camille Roux", **brand)
        sign_contract(contract, full_name="Maya Okafor", **creator)
        self.d1, self.d2 = Deliverable.objects.filter(offer=signed).order_by("number")
        work.submit_draft(self.d1, upload=SimpleUploadedFile("a.png", PNG, "image/png"), **creator)
        # The signed deal's upfront share, invoiced by Northstar for Maya to GlowSkin.
        manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
        upfront = signed.milestones.get(number=1)
        self.invoice = money.draft_invoice(offer=signed, milestones=[upfront], **manager)
        money.issue_invoice(invoice=self.invoice, **manager)
        # Another signed deal, its upfront share due and not yet invoiced: for drafting one.
        self.deal = self._offer(cast, brand, "Matrix deal")
        offer_actions.accept_offer(self.deal, seen_version=1, **creator)
        contract = Contract.objects.get(offer=self.deal)
        sign_contract(contract, full_name="Camille Roux", **brand)
        sign_contract(contract, full_name="Maya Okafor", **creator)
        self.deal_upfront = self.deal.milestones.get(number=1)
        self.message = messaging.post_message(
            self.offer,
            body="The brief, attached",
            upload=SimpleUploadedFile("b.png", PNG, "image/png"),
            **brand,
        )
        self.endpoint = api_actions.create_endpoint(
            brand["role"],
            actor=cast.brand,
            url="http://127.0.0.1:9/hook",
            events=["offer.accepted"],
        )
        self.delivery = WebhookDelivery.objects.create(
            endpoint=self.endpoint, event="offer.accepted", payload={"id": "matrix"}
        )
        self.job = ImportJob.objects.create(
            agency=cast.northstar,
            kind="creators",
            filename="a.csv",
            content="handle\n",
            rows=1,
            created_by=cast.manager,  # L uploaded it: only L sees its rows and starts it
        )
        self.token, _raw = api_actions.create_token(
            cast.owner, name="owned", scope="read", role_key=self.keys["O"]
        )
        self.proposal = Representation.objects.get(creator__handle="nomadnoor", status="proposed")
        invitation = Invitation.objects.get(email="new.manager@northstar.example")
        northstar_member = next(r for r in roles_for(cast.manager) if r.kind == "agency")
        creator_invite = access_actions.invite_creator(
            northstar_member, actor=cast.manager, identifier="someone.new@matrix.example"
        )
        self.sofia = cast.maya.__class__.objects.get(handle="sofiaglow")
        self.export = DataExport.objects.create(
            user=cast.creator,
            status=DataExportStatus.READY,
            expires_at=timezone.now() + timedelta(days=7),
        )
        self.export.file.save("data.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
        # issue 20 (G): a task of Northstar's on Maya, given to her lead manager.
        self.task = pipeline_actions.add_task(
            cast.maya,
            role=role_of(cast.manager, "agency"),
            actor=cast.manager,
            grant=decide(role_of(cast.manager, "agency"), cast.maya),
            title="Matrix task",
            due_on=today() + timedelta(days=3),
            assignee=cast.manager,
            creator_visible=False,
        )
        # issue 20 (F): Northstar's contact at GlowSkin's domain, her deal with Maya, its link.
        self.glowskin = cast.glowskin
        self.contact = contact_actions.add_contact(
            company="GlowSkin Paris", name="Inès Moreau", email="ines@glowskin.example", **manager
        )
        xdeal = contact_actions.record_deal(
            contact=self.contact,
            creator=cast.maya,
            campaign_name="Matrix e-mail deal",
            terms=terms(),
            received_on=today(),
            **manager,
        )
        _link, guest = contact_actions.create_guest_link(xdeal, **manager)
        self.ids = {
            "task": self.task.public_id,
            "contact": self.contact.public_id,
            "xdeal": xdeal.public_id,
            "guest": guest,
            "badguest": "x" * len(guest),
            "rep": self.rep.public_id,
            "maya": cast.maya.public_id,
            "campaign": self.campaign.public_id,
            "offer": self.offer.public_id,
            "accepted": self.accepted.public_id,
            "signed": signed.public_id,
            "d1": self.d1.public_id,
            "d2": self.d2.public_id,
            "message": self.message.pk,
            "endpoint": self.endpoint.public_id,
            "delivery": self.delivery.public_id,
            "job": self.job.public_id,
            "token": self.token.public_id,
            "proposal": self.proposal.public_id,
            "assistant": AgencyMembership.objects.get(user=cast.assistant).pk,
            "invitation": invitation_token(invitation),
            "staff_invite": invitation.public_id,
            "creator_invite": creator_invite.public_id,
            "creator_token": creator_invitation_token(creator_invite),
            "feed": messaging.new_calendar_feed(cast.creator),
            "invoice": self.invoice.public_id,
            "deal": self.deal.public_id,
            "export": self.export.public_id,
            "kit": MediaKit.objects.create(creator=cast.maya, is_on=True).slug,  # issue 19 (D)
        }
        self.pages = {who: self._session(user, self.keys[who]) for who, user in self.users.items()}
        self.pages["N"] = Client(HTTP_HOST="127.0.0.1")
        self.api = {
            who: Client(
                HTTP_HOST="127.0.0.1",
                HTTP_AUTHORIZATION="Bearer "
                + api_actions.create_token(user, name="m", scope="write", role_key=self.keys[who])[
                    1
                ],
            )
            for who, user in self.users.items()
        }
        self.api["N"] = Client(HTTP_HOST="127.0.0.1")
        self.cookies = {
            (api, who): copy.deepcopy(client.cookies)
            for api, clients in ((False, self.pages), (True, self.api))
            for who, client in clients.items()
        }

    def _offer(self, cast, brand, name):
        campaign = offer_actions.create_campaign(
            cast.glowskin,
            actor=cast.brand,
            name=name,
            budget=20000,
            currency="EUR",
            starts_on=today(),
            ends_on=today() + timedelta(days=60),
        )
        return offer_actions.send_offer(campaign, creator=cast.maya, terms=terms(), **brand)

    @staticmethod
    def _session(user, key):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        session = client.session
        session[SESSION_KEY] = key
        session.save()
        return client

    def state(self):
        """What a refused write must leave as it was (AZ-7)."""
        creator = self.rep.creator
        return (
            AuditEvent.objects.count(),
            list(Offer.objects.filter(creator=creator).values_list("status", "version")),
            list(Representation.objects.values_list("status", "scopes", "lead_manager")),
            list(Deliverable.objects.filter(offer__creator=creator).values_list("status")),
            Message.objects.count(),
            Draft.objects.count(),
            Signature.objects.count(),
            Contract.objects.count(),
            Notification.objects.count(),
            list(Rate.objects.filter(creator=creator).values_list("amount")),
            ApiToken.objects.filter(revoked_at__isnull=True).count(),
            WebhookDelivery.objects.count(),
            list(Invoice.objects.values_list("status", "number", "paid_amount")),
            Payment.objects.count(),
            list(Representation.objects.values_list("commission_pct", "invoice_issuer")),
            list(AgencyMembership.objects.order_by("pk").values_list("role")),
            Invitation.objects.count(),
            CreatorInvitation.objects.filter(revoked_at__isnull=True).count(),
            # issue 20 (G)
            Note.objects.count(),
            Task.objects.filter(done_at__isnull=True).count(),
            list(OfferRules.objects.values_list("answer", "updated_at")),
        )


class Rollback(Exception):
    pass


def send(world, case, who):
    client = (world.api if case.api else world.pages)[who]
    client.cookies = copy.deepcopy(world.cookies[case.api, who])  # a logout or language cookie
    # of an earlier case, rolled back in the database, must not follow the client
    path = case.path.format(**world.ids)
    body = case.body(world, who) if callable(case.body) else case.body
    if case.method in ("GET", "DELETE"):
        return getattr(client, case.method.lower())(path)
    if body == "upload":
        return client.post(path, {"file": SimpleUploadedFile("c.png", PNG, "image/png")})
    if body == "import":
        csv = SimpleUploadedFile("c.csv", b"handle,followers\nmayamoves,1234\n", "text/csv")
        return client.post(path, {"kind": "creators", "file": csv})
    if case.api:
        send_with = client.put if case.method == "PUT" else client.post
        return send_with(path, body or {}, content_type="application/json")
    return client.post(path, body or {})


def run(world, case, who, *, before):
    """One request in a savepoint, rolled back; the status, and whether a refusal changed
    anything compared with `before` (every request starts from that same state)."""
    changed = False
    try:
        with transaction.atomic():
            response = send(world, case, who)
            if case.method != "GET" and response.status_code in (401, 403, 404, 405):
                changed = world.state() != before  # (GETs write nothing: test_page_crawl.py)
            raise Rollback
    except Rollback:
        pass
    return response.status_code, changed


def url_names():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_url_pattern_and_operation_has_its_row():
    """A new page or API operation without a row in the matrix fails here."""
    schema = api.get_openapi_schema()["paths"]
    operations = {
        f"{m.upper()} {re.sub(r'{\w+}', '{}', path)}"
        for path, methods in schema.items()
        for m in methods
    }
    assert {re.sub(r"{\w+}", "{}", case.key) for case in API_CASES} == operations
    api_pages = {"api:api-root", "api:openapi-json", "api:openapi-view"}
    pages = {name for name in url_names() if not name.startswith("api:")} | api_pages
    assert {case.name for case in PAGE_CASES} == pages
    assert set(BODIES) | set(SCOPES) <= {case.key for case in PAGE_CASES + API_CASES}


@pytest.mark.matrix
def test_the_permission_matrix(cast, tmp_path, settings, capsys):
    world = World(cast, tmp_path, settings)
    for case in PAGE_CASES:  # each row's path is the URL pattern it names
        assert resolve(case.path.format(**world.ids)).view_name == case.name, case.path
    cases = PAGE_CASES + API_CASES
    variants = [None, *ALL_SCOPES]
    mismatches, refusals_changed, sent = [], [], 0
    for scope in variants:
        granted = [s for s in world.scopes if s != scope]
        Representation.objects.filter(pk=world.rep.pk).update(scopes=granted)
        before = world.state()
        for case in cases:
            expected = case.expected(scope)
            for who in ROLES:
                status, changed = run(world, case, who, before=before)
                sent += 1
                if status != expected[who]:
                    mismatches.append(
                        f"{case.key} as {who}"
                        + (f" without {scope}" if scope else "")
                        + f": {status}, expected {expected[who]}"
                    )
                if changed:
                    refusals_changed.append(f"{case.key} as {who}")
    Representation.objects.filter(pk=world.rep.pk).update(scopes=world.scopes)
    with capsys.disabled():
        print(
            f"\npermission matrix: {sent} requests = ({len(PAGE_CASES)} page rows + "
            f"{len(API_CASES)} API operations) × {len(ROLES)} roles × {len(variants)} grants "
            f"(all scopes, then each withdrawn in turn); {len(mismatches)} unexpected"
        )
    assert mismatches == []
    assert refusals_changed == []
