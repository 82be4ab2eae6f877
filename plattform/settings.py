"""Settings of the network platform, read from environment variables.

Safe local defaults (SQLite beside the checkout, DEBUG on, console mail); production mode
(``DJANGO_PRODUCTION=1``) refuses to start with the default secret or with DEBUG on.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


DEFAULT_SECRET = "nur-lokal-unsicherer-schluessel-bitte-in-produktion-ersetzen"
PRODUCTION = _flag("DJANGO_PRODUCTION", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEFAULT_SECRET)
DEBUG = _flag("DJANGO_DEBUG", not PRODUCTION)

if PRODUCTION and (SECRET_KEY == DEFAULT_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "Produktionsmodus: DJANGO_SECRET_KEY muss gesetzt sein (mindestens 50 Zeichen, "
        "nicht der lokale Standardwert)."
    )
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("Produktionsmodus: DJANGO_DEBUG darf nicht eingeschaltet sein.")


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


_LOCAL_HOSTS = "localhost,127.0.0.1,[::1],testserver"
ALLOWED_HOSTS = _list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else _LOCAL_HOSTS)
CSRF_TRUSTED_ORIGINS = _list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "audit",
    "registry",
    "bodies",
    "measures",
    "portal",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Production set-up (web-ops): static files before sessions and locale, so they cost nothing.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Production set-up (web-ops): oversized bodies are refused before anything reads them; it
    # needs request.user (anonymous senders have a smaller limit).
    "plattform.limits.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "audit.middleware.CurrentUserMiddleware",
    "plattform.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "plattform.urls"
WSGI_APPLICATION = "plattform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# Production set-up (web-ops): in production a worker thread keeps its database connection for
# a minute instead of opening one per request (about 3 ms each on PostgreSQL); the health check
# replaces a connection the server has closed meanwhile.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'plattform.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
#: The model backend, refusing while an account or address has used up its login attempts
#: (accounts.throttle); this also covers HTTP Basic authentication of the API.
AUTHENTICATION_BACKENDS = ["accounts.throttle.ThrottledModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"
#: Failed logins per account and per client address before a pause (see accounts.throttle).
LOGIN_ATTEMPTS_LIMIT = int(os.environ.get("DJANGO_LOGIN_ATTEMPTS_LIMIT", "5"))
LOGIN_ATTEMPTS_WINDOW = int(os.environ.get("DJANGO_LOGIN_ATTEMPTS_WINDOW", "900"))

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
#: Uploads: allowed endings and the largest size in bytes (bodies.validators).
UPLOAD_EXTENSIONS = [
    "pdf",
    "docx",
    "xlsx",
    "odt",
    "ods",
    "pptx",
    "png",
    "jpg",
    "jpeg",
    "txt",
    "csv",
]
UPLOAD_MAX_BYTES = int(os.environ.get("DJANGO_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Production set-up (web-ops): static files and request limits (docs/betrieb.md) ---
# WhiteNoise serves the files collectstatic gathered in STATIC_ROOT; in production with hashed
# names (cached for a year by browsers and proxies) and precompressed gzip/Brotli copies.
# Elsewhere it finds them in the apps and static/ as they are, so no collectstatic is needed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_AUTOREFRESH = not PRODUCTION
WHITENOISE_USE_FINDERS = not PRODUCTION
#: Largest request body in bytes (an upload of UPLOAD_MAX_BYTES plus its form fields) and the
#: largest one without login; bigger ones get 413 before they are read (plattform.limits).
REQUEST_MAX_BYTES = int(
    os.environ.get("DJANGO_REQUEST_MAX_BYTES", str(UPLOAD_MAX_BYTES + 1024 * 1024))
)
ANONYMOUS_REQUEST_MAX_BYTES = int(
    os.environ.get("DJANGO_ANONYMOUS_REQUEST_MAX_BYTES", str(1024 * 1024))
)
#: Form data outside files that Django keeps in memory (2.5 MB, Django's value, written out),
#: files kept in memory before they go to a temporary file, and fields and files per request.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440))
)
FILE_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DJANGO_FILE_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440))
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DJANGO_DATA_UPLOAD_MAX_NUMBER_FIELDS", "1000"))
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("DJANGO_DATA_UPLOAD_MAX_NUMBER_FILES", "10"))
# --- end of the production set-up block ---

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "geschaeftsstelle@localhost")
if os.environ.get("DJANGO_EMAIL_HOST"):
    EMAIL_HOST = os.environ["DJANGO_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _flag("DJANGO_EMAIL_USE_TLS", True)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
#: Everything comes from this site: no web fonts, scripts or map tiles from elsewhere, and no
#: inline scripts (JavaScript lives in static files). Inline styles stay allowed because the
#: SVG maps of the analysis library carry their colours in style attributes.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "script-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
#: Browser features the platform never uses (plattform.middleware sends the header).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    # HSTS covers the platform's own host and its subdomains; entering the preload list is a
    # decision for the owner of the whole domain, so it is opt-in.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _flag("DJANGO_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = []
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    # Production set-up (web-ops): DJANGO_SECURE_SSL_REDIRECT=0 is the documented choice behind
    # a TLS proxy that redirects plain HTTP itself (docs/betrieb.md); the warning that the
    # platform does not redirect is then answered by the proxy, not an oversight.
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS.append("security.W008")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadPublicWriteOffice"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gesundheitsregion – Lese-API",
    "DESCRIPTION": "Organisationen, Gremien, Sitzungen, Maßnahmen und Empfehlungen des Netzwerks. "
    "Öffentliche Objekte für alle, nicht öffentliche für berechtigte Nutzer; "
    "Schreibzugriff für die Geschäftsstelle.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The validator badge would load an image from swagger.io, which the CSP forbids anyway.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

#: Name of the network shown in the portal.
SITE_NAME = os.environ.get("GESUNDHEITSREGION_NAME", "Gesundheitsregion Südwestsachsen")
#: Operator named in the Impressum and the privacy notice, with its postal address and e-mail.
#: Without an address the portal shows the address of the Geschäftsstelle in the registry.
SITE_OPERATOR = os.environ.get("SITE_OPERATOR", "Geschäftsstelle der Gesundheitsregion")
SITE_OPERATOR_ADDRESS = os.environ.get("SITE_OPERATOR_ADDRESS", "")
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
#: Person responsible for the content (§ 18 Abs. 2 MStV) and the data protection officer.
SITE_CONTENT_RESPONSIBLE = os.environ.get("SITE_CONTENT_RESPONSIBLE", "")
SITE_PRIVACY_CONTACT = os.environ.get("SITE_PRIVACY_CONTACT", SITE_CONTACT_EMAIL)
#: Days the web server keeps its access logs (stated in the privacy notice).
SITE_LOG_RETENTION_DAYS = int(os.environ.get("SITE_LOG_RETENTION_DAYS", "14"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
