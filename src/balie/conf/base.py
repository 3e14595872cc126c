# SPDX-License-Identifier: EUPL-1.2
"""Settings shared by every environment; environment modules only set defaults."""

from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from balie.conf.env import config

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent.parent

DEBUG = config("DEBUG", False)
SECRET_KEY = config("SECRET_KEY", "")
ALLOWED_HOSTS = config("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = config("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The admin site asks for a second factor (balie.desk.admin_site).
    "balie.desk.admin_apps.BalieAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "balie.core",
    "balie.tenants",
    "balie.catalog",
    "balie.portal",
    "balie.booking",
    "balie.integrations.oslo",
    "balie.integrations.oidc",
    "balie.integrations.devidp",
    "balie.notifications",
    "balie.api",
    "balie.demo",
    "balie.desk",
    "balie.ops",
    "balie.webhooks",
    "balie.audit",
    "balie.privacy",
    "balie.statistics",
    "balie.backoffice",
    "django_otp",
    "balie.desk.otp_apps.AuthenticatorAppsConfig",
    "balie.desk.otp_apps.RecoveryCodesConfig",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # First: every later log line and the response carry the request id; latency covers all.
    "balie.ops.requestid.RequestIdMiddleware",
    "balie.ops.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files without a separate web server, compressed and cached for a year.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "balie.tenants.middleware.TenantScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An empty 405 (a bookmarked POST address) becomes a branded, translated page.
    "balie.portal.errors.NotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After XFrameOptions: embedded pages swap X-Frame-Options for CSP frame-ancestors.
    "balie.integrations.oidc.embed.EmbedModeMiddleware",
    # Retention and purges between requests when no Celery beat runs (balie.privacy).
    "balie.privacy.middleware.HousekeepingMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "balie.urls"
WSGI_APPLICATION = "balie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "balie.integrations.oidc.embed.embed_context",
            ],
        },
    },
]

# SQLite is the embedded default; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        config("DATABASE_URL", f"sqlite:///{PROJECT_DIR / 'var' / 'balie.sqlite3'}"),
        conn_max_age=config("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock on an upgrade;
    # the timeout bounds how long a writer waits for it.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch (Belgium) first: it is the language of Flemish municipalities.
LANGUAGE_CODE = "nl-be"
LANGUAGES = [
    ("nl-be", _("Dutch")),
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Without collectstatic (make run, tests) WhiteNoise serves straight from the apps' folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STATIC_ROOT = config("STATIC_ROOT", str(PROJECT_DIR / "var" / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = config("MEDIA_ROOT", str(PROJECT_DIR / "var" / "media"))

# E-mail: the console by default (the embedded demo); production sets an SMTP backend.
EMAIL_BACKEND = config("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = config("EMAIL_HOST", "localhost")
EMAIL_PORT = config("EMAIL_PORT", 25)
EMAIL_USE_TLS = config("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = config("DEFAULT_FROM_EMAIL", "Balie <noreply@balie.example>")

SESSION_COOKIE_HTTPONLY = True
# Staff sessions last one working day and end with the browser: desk PCs are shared.
SESSION_COOKIE_AGE = 9 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/accounts/desk/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
OTP_TOTP_ISSUER = "Balie"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "balie.integrations.oidc.backends.OidcBackend",
]
# Lax protects staff sessions; README explains "None" for framing inside Mijn Burgerprofiel.
SESSION_COOKIE_SAMESITE = config("SESSION_COOKIE_SAMESITE", "Lax")
CSRF_COOKIE_SAMESITE = config("CSRF_COOKIE_SAMESITE", "Lax")
# A form refused for its security token gets the branded, translated 403 page, not Django's.
CSRF_FAILURE_VIEW = "balie.portal.errors.csrf_failure"
SESSION_COOKIE_SECURE = config("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Retention, purges and audit pruning run this often (minutes): between requests in any
# process (0: off, then use `manage.py run_housekeeping` or Celery beat).
HOUSEKEEPING_INTERVAL_MINUTES = config("HOUSEKEEPING_INTERVAL_MINUTES", 60)

# The audit trail (balie.audit) keeps entries this long, then prunes them (chain anchored).
AUDIT_RETENTION_DAYS = config("AUDIT_RETENTION_DAYS", 730)

# Login throttling (django-axes) on /accounts/login/ and /admin/login/: after
# LOGIN_FAILURE_LIMIT failures for one account or from one address, logins are refused for
# LOGIN_COOL_OFF_MINUTES, doubling with every further limit of failures (at most a day).
LOGIN_FAILURE_LIMIT = config("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOL_OFF_MINUTES = config("LOGIN_COOL_OFF_MINUTES", 15)
AXES_ENABLED = config("LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = "balie.desk.access.get_login_cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "desk/locked_out.html"
# REMOTE_ADDR only, like the rate limits and the audit trail: behind a proxy, have it set it.
AXES_CLIENT_IP_CALLABLE = "balie.audit.services.get_request_address"
AXES_VERBOSE = False


REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "balie.api.schema.BalieAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "balie.api.authentication.ManageTokenAuthentication",
        "balie.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": ["balie.api.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "balie.api.problems.ProblemJSONRenderer",
    ],
    "EXCEPTION_HANDLER": "balie.api.problems.handle_api_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Balie API",
    "DESCRIPTION": (
        "Appointments for Flemish municipalities.\n\n"
        "Errors are RFC 9457 problem details (application/problem+json) with a stable "
        "snake_case `code`; `type` is `https://balie.be/problems/<code>`. Titles and "
        "details follow Accept-Language (nl, fr, en, de). Datetimes are ISO 8601 with the "
        "Europe/Brussels offset. Every POST accepts an Idempotency-Key header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

# Linked-data IRIs are minted on this base, so they stay stable behind a proxy.
OSLO_BASE_URL = config("OSLO_BASE_URL", "")

# OpenID Connect login (ACM/IDM). With DEBUG it defaults to the development provider that
# runs inside the same server at /dev-idp/; README explains ACM/IDM's test environment.
DEV_IDP_ENABLED = config("DEV_IDP_ENABLED", DEBUG)
DEV_IDP_CLIENT_ID = config("DEV_IDP_CLIENT_ID", "balie-dev")
DEV_IDP_CLIENT_SECRET = config("DEV_IDP_CLIENT_SECRET", "balie-dev-secret")
OIDC_DISCOVERY_URL = config(
    "OIDC_DISCOVERY_URL",
    "http://127.0.0.1:8000/dev-idp/.well-known/openid-configuration" if DEBUG else "",
)
OIDC_CLIENT_ID = config("OIDC_CLIENT_ID", DEV_IDP_CLIENT_ID if DEBUG else "")
OIDC_CLIENT_SECRET = config("OIDC_CLIENT_SECRET", DEV_IDP_CLIENT_SECRET if DEBUG else "")
OIDC_SCOPES = config("OIDC_SCOPES", "openid profile rrn vo balie")
# client_secret_basic, client_secret_post, client_secret_jwt or private_key_jwt; the last
# signs with OIDC_PRIVATE_KEY (PEM text) or OIDC_PRIVATE_KEY_FILE, published at /auth/jwks.json.
OIDC_TOKEN_AUTH_METHOD = config("OIDC_TOKEN_AUTH_METHOD", "client_secret_basic")
OIDC_PRIVATE_KEY = config("OIDC_PRIVATE_KEY", "")
OIDC_PRIVATE_KEY_FILE = config("OIDC_PRIVATE_KEY_FILE", "")
# Assurance: acr_values asked per capacity (space-separated, empty: none asked), and how the
# acr the provider answers maps onto low, substantial or high ("acr=level" pairs).
OIDC_ACR_VALUES_CITIZEN = config("OIDC_ACR_VALUES_CITIZEN", "")
OIDC_ACR_VALUES_CIVIL_SERVANT = config("OIDC_ACR_VALUES_CIVIL_SERVANT", "")
OIDC_ACR_LEVELS = config(
    "OIDC_ACR_LEVELS",
    [
        "urn:be:vlaanderen:authmech:eid=high",
        "urn:be:vlaanderen:authmech:eidashigh=high",
        "urn:be:vlaanderen:authmech:itsme=high",
        "urn:be:vlaanderen:authmech:csamtotp=substantial",
        "urn:be:vlaanderen:authmech:csamsms=substantial",
        "urn:be:vlaanderen:authmech:eidassubstantial=substantial",
        "urn:be:vlaanderen:authmech:csampassword=low",
        "urn:be:vlaanderen:authmech:csamselfreg=low",
        "http://eidas.europa.eu/LoA/high=high",
        "http://eidas.europa.eu/LoA/substantial=substantial",
        "http://eidas.europa.eu/LoA/low=low",
    ],
)
# Staff must have authenticated at the provider this recently (seconds; 0: not asked).
OIDC_STAFF_MAX_AGE = config("OIDC_STAFF_MAX_AGE", 8 * 60 * 60)
# Claims absent from the ID token are asked at the userinfo endpoint when it exists.
OIDC_USE_USERINFO = config("OIDC_USE_USERINFO", True)
OIDC_ROLE_CLAIM = config("OIDC_ROLE_CLAIM", "balie_rol_3d")
OIDC_ROLE_MAP = config("OIDC_ROLE_MAP", ["BalieBeheerder=admin", "BalieLoketmedewerker=staff"])
OIDC_API_TOKEN_CHECK = config("OIDC_API_TOKEN_CHECK", "jwt")  # or "introspection"
OIDC_API_AUDIENCES: list[str] = config("OIDC_API_AUDIENCES", [])  # empty: OIDC_CLIENT_ID
OIDC_HTTP_TIMEOUT = config("OIDC_HTTP_TIMEOUT", 5)
# Mijn Burgerprofiel: who may frame the embed mode, and the header widget's script host.
EMBED_FRAME_ANCESTORS = config(
    "EMBED_FRAME_ANCESTORS", ["https://*.burgerprofiel.be", "https://admin.vlaanderen.be"]
)
BURGERPROFIEL_WIDGET_BASE_URL = config(
    "BURGERPROFIEL_WIDGET_BASE_URL", "https://prod.widgets.burgerprofiel.vlaanderen.be"
)

# Content-Security-Policy with a nonce per response; CSP_REPORT_ONLY=true to roll it out
# without blocking (framing stays enforced, like X-Frame-Options). Inline <script> and
# <style> carry nonce="{{ request.csp_nonce }}"; embedded pages widen frame-ancestors.
_CSP_DIRECTIVES: dict[str, Any] = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE, BURGERPROFIEL_WIDGET_BASE_URL],
    "style-src": [SELF, NONCE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF, BURGERPROFIEL_WIDGET_BASE_URL],
    "form-action": [SELF, "https:"],
    "frame-ancestors": [NONE],
    "base-uri": [NONE],
    "object-src": [NONE],
}
_csp_report_only = config("CSP_REPORT_ONLY", False)
_csp_report_uri = config("CSP_REPORT_URI", "")
if _csp_report_uri:
    _CSP_DIRECTIVES["report-uri"] = _csp_report_uri
if _csp_report_only:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"frame-ancestors": [NONE]}}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

# Holds per client address and minute (portal, embed and API alike), kiosk tickets per
# address and minute; BALIE_RATE_LIMITS=off switches every limit off.
BALIE_RATE_LIMITS = config("BALIE_RATE_LIMITS", True)
BALIE_HOLD_RATE_PER_MINUTE = config("BALIE_HOLD_RATE_PER_MINUTE", 30)
BALIE_KIOSK_RATE_PER_MINUTE = config("BALIE_KIOSK_RATE_PER_MINUTE", 10)
# Behind N reverse proxies that each append to this header, the client is the N-th address
# from the right; with 0 (the default) only REMOTE_ADDR counts.
BALIE_TRUSTED_PROXY_COUNT = config("BALIE_TRUSTED_PROXY_COUNT", 0)
BALIE_TRUSTED_PROXY_HEADER = config("BALIE_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
# How long a booking or desk write waits for a lock before it retries (then answers busy).
BALIE_LOCK_TIMEOUT_MS = config("BALIE_LOCK_TIMEOUT_MS", 3000)
# Scheme and host for links in messages sent without a request (the request's otherwise).
BALIE_SITE_URL = config("BALIE_SITE_URL", "http://127.0.0.1:8000")
# One process serves everything (make run, a small appliance): a per-process cache is
# enough for the rate limits. Production refuses a per-process cache otherwise.
BALIE_EMBEDDED = config("BALIE_EMBEDDED", False)

# Open data: a count below this (but above zero) is published empty, so that nobody can be
# singled out; rates built on such counts are left empty too.
BALIE_OPEN_DATA_MIN_COUNT = config("BALIE_OPEN_DATA_MIN_COUNT", 5)

# A call display's server-sent events stream ends after this many seconds and reconnects,
# so it never holds a web worker for good (run gunicorn with threads: README).
BALIE_DISPLAY_STREAM_SECONDS = config("BALIE_DISPLAY_STREAM_SECONDS", 55)

# Rate-limit counters live in the cache: per process by default, shared with REDIS_URL.
# How long a process may reuse a location's prepared schedule while no booking bumped its
# version (booking.schedules); 0 turns reuse off. Capped at the built-in 30 s.
BALIE_PREPARED_SCHEDULE_SECONDS = config("BALIE_PREPARED_SCHEDULE_SECONDS", 30)
REDIS_URL = config("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "balie.core.redis_cache.ReusingRedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Availability reads from a streaming replica (balie.booking.replica): a location is read
# there only once the replica has replayed its latest booking, so the positions live in
# Redis, shared by every web process.
DATABASE_REPLICA_URL = config("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs REDIS_URL: every web process must see the WAL "
            "position of every location's latest booking."
        )
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=config("DATABASE_CONN_MAX_AGE", 60)
    )
    # Tests read the replica alias as the test database itself; never migrated on its own.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["balie.booking.replica.ReplicaRouter"]
# Behind pgbouncer in transaction mode a connection's session does not outlive a
# transaction: no server-side (named) cursors for .iterator(). Prepared statements are
# never used (psycopg binds on the client by default) and every SET is SET LOCAL.
DATABASE_TRANSACTION_POOLING = config("DATABASE_TRANSACTION_POOLING", False)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_TRANSACTION_POOLING

# Celery: a Redis broker at scale; without one, tasks run in process (the embedded default).
CELERY_BROKER_URL = config("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = config("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE

# Webhooks: receivers must use HTTPS (plain HTTP only for local development); a receiver is
# cut off after this many seconds without an answer.
WEBHOOKS_ALLOW_HTTP = config("WEBHOOKS_ALLOW_HTTP", DEBUG)
WEBHOOKS_CONNECT_TIMEOUT = config("WEBHOOKS_CONNECT_TIMEOUT", 3)
WEBHOOKS_READ_TIMEOUT = config("WEBHOOKS_READ_TIMEOUT", 5)
# A worker that dies mid-delivery frees it after this lease; longer than any attempt takes.
WEBHOOKS_LEASE_SECONDS = config("WEBHOOKS_LEASE_SECONDS", 60)

# Reminders and text messages (links in them use BALIE_SITE_URL); SMS_BACKEND is one of
# balie.notifications.sms.{Console,Outbox,Http}SmsGateway.
MESSAGE_LEASE_SECONDS = config("MESSAGE_LEASE_SECONDS", 120)
SMS_BACKEND = config("SMS_BACKEND", "balie.notifications.sms.ConsoleSmsGateway")
SMS_SENDER_ID = config("SMS_SENDER_ID", "Balie")
SMS_GATEWAY_URL = config("SMS_GATEWAY_URL", "")
SMS_GATEWAY_USERNAME = config("SMS_GATEWAY_USERNAME", "")
SMS_GATEWAY_PASSWORD = config("SMS_GATEWAY_PASSWORD", "")
SMS_GATEWAY_TIMEOUT = config("SMS_GATEWAY_TIMEOUT", 10)
SMS_DELIVERY_REPORT_URL = config("SMS_DELIVERY_REPORT_URL", "")
SMS_DELIVERY_REPORT_SECRET = config("SMS_DELIVERY_REPORT_SECRET", "")
# What one SMS segment costs, for the cost log when the gateway does not say (EUR).
SMS_COST_PER_SEGMENT = config("SMS_COST_PER_SEGMENT", "0.07")

# Prometheus scrapes /metrics; with a token set it must send it as a bearer token.
BALIE_METRICS_TOKEN = config("BALIE_METRICS_TOKEN", "")

# One JSON object per line for log collectors (LOG_FORMAT=json, the production default);
# plain text for a developer's console. Every line names the request it belongs to.
LOG_FORMAT = config("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "balie.ops.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": config("LOG_LEVEL", "INFO")},
    # Lockouts are in the audit trail; axes' per-attempt lines would only repeat them.
    "loggers": {"axes": {"level": "WARNING"}},
}
