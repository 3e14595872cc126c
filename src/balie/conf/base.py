# SPDX-License-Identifier: EUPL-1.2
"""Settings shared by every environment; environment modules only set defaults."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from balie.conf.env import config

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent.parent

DEBUG = config("DEBUG", False)
SECRET_KEY = config("SECRET_KEY", "")
ALLOWED_HOSTS = config("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = config("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
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
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
    "django.contrib.auth.backends.ModelBackend",
    "balie.integrations.oidc.backends.OidcBackend",
]
# Lax protects staff sessions; README explains "None" for framing inside Mijn Burgerprofiel.
SESSION_COOKIE_SAMESITE = config("SESSION_COOKIE_SAMESITE", "Lax")
CSRF_COOKIE_SAMESITE = config("CSRF_COOKIE_SAMESITE", "Lax")
SESSION_COOKIE_SECURE = config("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "balie.api.schema.BalieAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "balie.api.authentication.ManageTokenAuthentication",
        "balie.api.authentication.StaffSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
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
OIDC_TOKEN_AUTH_METHOD = config("OIDC_TOKEN_AUTH_METHOD", "client_secret_basic")
OIDC_ROLE_CLAIM = config("OIDC_ROLE_CLAIM", "balie_rol_3d")
OIDC_ROLE_MAP = config("OIDC_ROLE_MAP", ["BalieBeheerder=admin", "BalieLoketmedewerker=staff"])
OIDC_API_TOKEN_CHECK = config("OIDC_API_TOKEN_CHECK", "jwt")  # or "introspection"
OIDC_API_AUDIENCES = config("OIDC_API_AUDIENCES", [])  # empty: OIDC_CLIENT_ID
OIDC_HTTP_TIMEOUT = config("OIDC_HTTP_TIMEOUT", 5)
# Mijn Burgerprofiel: who may frame the embed mode, and the header widget's script host.
EMBED_FRAME_ANCESTORS = config(
    "EMBED_FRAME_ANCESTORS", ["https://*.burgerprofiel.be", "https://admin.vlaanderen.be"]
)
BURGERPROFIEL_WIDGET_BASE_URL = config(
    "BURGERPROFIEL_WIDGET_BASE_URL", "https://prod.widgets.burgerprofiel.vlaanderen.be"
)

# Holds per client address and minute; BALIE_RATE_LIMITS=off switches every limit off.
BALIE_RATE_LIMITS = config("BALIE_RATE_LIMITS", True)
BALIE_HOLD_RATE_PER_MINUTE = config("BALIE_HOLD_RATE_PER_MINUTE", 30)

# A call display's server-sent events stream ends after this many seconds and reconnects,
# so it never holds a web worker for good (run gunicorn with threads: README).
BALIE_DISPLAY_STREAM_SECONDS = config("BALIE_DISPLAY_STREAM_SECONDS", 55)

# Rate-limit counters live in the cache: per process by default, shared with REDIS_URL.
REDIS_URL = config("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Celery: a Redis broker at scale; without one, tasks run in process (the embedded default).
CELERY_BROKER_URL = config("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = config("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": config("LOG_LEVEL", "INFO")},
}
