"""The one settings module. Every value that differs between machines comes from the environment
(see `.env.example` and the README); the defaults give a working local portal on SQLite."""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from access.keys import audit_keys
from talentdesk.lib.client_ip import parse_trusted_proxies
from talentdesk.lib.env import (
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    storage_settings,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TALENTDESK_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", VAR_DIR / "secret_key")
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", LOOPBACK_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "django_countries",  # ISO 3166 names in English and French (imports, profiles)
    "allauth",  # every account flow (docs/accounts.md)
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",  # "Verify with TikTok" only: no sign-in or sign-up through it
    "allauth.socialaccount.providers.tiktok",
    "ninja",  # its bundled Swagger UI, served from our own static files (no CDN)
    "talentdesk",
    "accounts",
    "agencies",
    "brands",
    "creators",
    "access",
    "campaigns",
    "messaging",
    "deliverables",
    "money",
    "results",
    "contacts",  # brand contacts off talentdesk, their guest links (issue 20)
    "api",
    # Offer rules, notes and tasks, rate benchmarks (issue 20). Last of the apps: its rules answer
    # an offer only after every other subscriber (audit, notifications, webhooks) saw it arrive.
    "pipeline",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "access.audit.AuditOriginMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "access.middleware.ActiveRoleMiddleware",
    "access.middleware.RefusalLogMiddleware",
    "api.idempotency.IdempotencyMiddleware",
    "talentdesk.middleware.NoStoreForUsersMiddleware",
]

ROOT_URLCONF = "talentdesk.urls"
# Form widgets render through the project's template engine, so templates/ can override them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "talentdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "access.context_processors.active_role",
            ],
        },
    }
]

# --- Database: SQLite file under var/ by default, PostgreSQL through DATABASE_URL -------------
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'talentdesk.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or DEFAULT_SQLITE,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions: the web workers and the task worker write without
    # "database is locked" errors (see STACK.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if env_bool("SQLITE_TEST_FILE", False):
        # Browser tests on SQLite: a file lets each live-server thread open its own connection
        # (the default in-memory test database is one connection shared across threads).
        DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-browser.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: it compiles for ~20 ms whenever the planner over-estimates a page's query (the
    # inbox at 2,000 creators), far more than it saves on the short queries of a web app.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared by every process (Redis when REDIS_URL is set; else beside the database) ---
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # On SQLite the cache lives in its own SQLite files (diskcache, sharded): the rate-limit
    # counters every API request and sign-in writes never wait for the main database's one
    # write lock. Every process on the machine shares the directory.
    CACHES = {
        "default": {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": env_str("CACHE_DIR") or str(VAR_DIR / "cache"),
            "SHARDS": 4,
            "DATABASE_TIMEOUT": 1.0,
            "OPTIONS": {"size_limit": 2**28},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "talentdesk_cache",
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Background tasks: a database queue every worker process shares (`talentdesk db_worker`) ---
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Uploads: refused above this size while streaming (SPEC §9 default 50 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
DRAFT_MAX_BYTES = env_int("DRAFT_MAX_BYTES", 200 * 1024 * 1024)
# The largest body any upload may stream in; checked chunk by chunk (talentdesk/lib/uploads.py).
MAX_UPLOAD_BYTES = max(IMPORT_MAX_BYTES, DRAFT_MAX_BYTES)
FILE_UPLOAD_HANDLERS = [
    "talentdesk.lib.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Days the brand has to review a draft before it is deemed approved (TikTok One's default).
DRAFT_REVIEW_DAYS = env_int("DRAFT_REVIEW_DAYS", 14)

# --- Accounts (django-allauth; docs/accounts.md) ----------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 14)
DATA_EXPORT_DAYS = env_int("DATA_EXPORT_DAYS", 7)  # a "download my data" link works this long
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14)
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.signup_form.SignupDetailsForm"  # adds the full name
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # one address; a new one applies once verified
ACCOUNT_EMAIL_NOTIFICATIONS = True  # the old address is told of a change (and of a new password)
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # no mail to addresses without an account (as before)
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # changing the e-mail address asks for the password
ACCOUNT_REAUTHENTICATION_METHODS = [
    "password",
    "mfa",
]  # no e-mailed code: the mailbox is not a factor here
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "talentdesk: "
# Failed sign-ins allowed per address and per IP within LOGIN_WINDOW seconds, counted by allauth
# in the shared cache (CACHES below), so every worker sees the same figures.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 10)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 50)
LOGIN_WINDOW = env_int("LOGIN_WINDOW", 15 * 60)


def login_rate_limits(per_account: int, per_ip: int, window: int) -> dict[str, str]:
    """allauth's rate limits with our sign-in caps (tests call it with smaller figures): failed
    sign-ins are counted, per address and per IP; a successful one costs nothing."""
    return {"login": None, "login_failed": f"{per_ip}/{window}s/ip,{per_account}/{window}s/key"}


ACCOUNT_RATE_LIMITS = login_rate_limits(
    LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP, LOGIN_WINDOW
)
# Second factor: TOTP with recovery codes, and passkeys (WebAuthn), which also sign in without
# a password; required for agency owners/admins and platform admins (accounts/middleware.py),
# optional for everyone else. Secrets are encrypted at rest (accounts/mfa_secrets.py).
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_SECRET_KEY = env_str("MFA_SECRET_KEY", "")
MFA_SECRET_KEY_FALLBACKS = env_list("MFA_SECRET_KEY_FALLBACKS", [])
MFA_TOTP_ISSUER = "talentdesk"
USERSESSIONS_ADAPTER = "accounts.adapter.UserSessionsAdapter"
USERSESSIONS_TRACK_ACTIVITY = False
# "Verify with TikTok" (creators/social.py): a creator proves she owns her handle with TikTok's
# Login Kit. Without a client key the verification page says it is not set up; nothing else
# needs it. Nobody signs in or up with TikTok, and no TikTok token is kept.
SOCIALACCOUNT_ADAPTER = "creators.social.SocialAccountAdapter"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False


def tiktok_provider(client_key: str, secret: str) -> dict:
    """allauth's TikTok provider: the app from the environment (none without a key); the
    username needs user.info.profile on top of user.info.basic."""
    apps = [{"client_id": client_key, "secret": secret}] if client_key and secret else []
    return {"APPS": apps, "SCOPE": ["user.info.basic", "user.info.profile"]}


SOCIALACCOUNT_PROVIDERS = {
    "tiktok": tiktok_provider(env_str("TIKTOK_CLIENT_KEY"), env_str("TIKTOK_CLIENT_SECRET"))
}

# --- API and webhooks (api/) ----------
# Requests per caller (token, or signed-in user) in a sliding window, counted in the shared cache.
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/min")
IDEMPOTENCY_HOURS = env_int("IDEMPOTENCY_HOURS", 24)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
# A short, idempotent task (an e-mail, a webhook) still RUNNING after this long lost its worker
# (killed, or the machine died): the tick puts it back in the queue (requeue-stalled-tasks).
TASK_STALLED_SECONDS = env_int("TASK_STALLED_SECONDS", 120)
# Let webhooks reach http:// and private/loopback addresses (a receiver inside your network).
WEBHOOK_ALLOW_PRIVATE = env_bool("WEBHOOK_ALLOW_PRIVATE", False)

# --- Internationalisation and time ----------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files ----------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Drafts and attachments: var/media, or a private S3-compatible bucket when S3_BUCKET is set.
    "default": storage_settings(),
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- E-mail ----------
vars().update(email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "talentdesk <no-reply@talentdesk.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers ----------
# HTTPS-only settings are on unless every allowed host is the loopback interface, so `make run`
# serves plain HTTP on 127.0.0.1 while a production host name turns them on (SPEC §9).
LOCAL_ONLY = all(host in LOOPBACK_HOSTS for host in ALLOWED_HOSTS)
HTTPS_ONLY = env_bool("HTTPS_ONLY", not (DEBUG or LOCAL_ONLY))
SECURE_SSL_REDIRECT = HTTPS_ONLY
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS_ONLY else "http"  # links in e-mails
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = 31536000 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS_ONLY else None
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; empty: none.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
parse_trusted_proxies(TRUSTED_PROXIES)  # a typo stops start-up (talentdesk/lib/client_ip.py)
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS_ONLY else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS_ONLY else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts or styles anywhere: everything comes from /static/ (htmx through its nonce).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Audit log: its MAC key and its anchors outside the database (access/keys.py, anchors.py) ---
AUDIT_KEY, AUDIT_KEY_FALLBACKS = audit_keys(
    fallback_file=VAR_DIR / "audit_key", production=not (DEBUG or LOCAL_ONLY)
)
AUDIT_ANCHOR_FILE = Path(env_str("AUDIT_ANCHOR_FILE") or VAR_DIR / "audit-anchors.jsonl")
AUDIT_ANCHOR_WEBHOOK_URL = env_str("AUDIT_ANCHOR_WEBHOOK_URL")
AUDIT_ANCHOR_MINUTES = env_int("AUDIT_ANCHOR_MINUTES", 10)  # how often `talentdesk tick` anchors

# `make bench` serves a bare view at /bench/floor to measure the framework floor (bench/).
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
