"""Settings of the network platform, read from environment variables.

Safe local defaults (SQLite beside the checkout, DEBUG on, console mail); production mode
(``DJANGO_PRODUCTION=1``) refuses to start with the default secret or with DEBUG on.
"""

from __future__ import annotations

import os
import tempfile
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
    "vocabulary",
    "accounts",
    "audit",
    "registry",
    "bodies",
    "measures",
    "portal",
    "api",
    "demonetz",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Production set-up (web-ops): static files before sessions and locale, so they cost nothing.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole public pages for anonymous visitors (plattform.page_cache): a hit skips everything
    # below; a stored page already carries the headers the middleware below adds.
    "plattform.page_cache.PageCacheMiddleware",
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
            # The site frame's tags (templates/base.html); plattform is no installed app.
            "libraries": {"site_frame": "plattform.site_frame"},
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

# Mail through Django 6.1's MAILERS (the EMAIL_* settings are deprecated): the console by
# default, SMTP when DJANGO_EMAIL_HOST is set, any backend by DJANGO_EMAIL_BACKEND.
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "geschaeftsstelle@localhost")
if os.environ.get("DJANGO_EMAIL_HOST"):
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ["DJANGO_EMAIL_HOST"],
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": _flag("DJANGO_EMAIL_USE_TLS", True),
        },
    }
else:
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
if os.environ.get("DJANGO_EMAIL_BACKEND"):
    _mailer["BACKEND"] = os.environ["DJANGO_EMAIL_BACKEND"]
MAILERS = {"default": _mailer}

# --- Accounts: shared cache, throttles, client address (owner: accounts) -----------------------
# Login, password and API counters must be shared by all worker processes and survive a restart,
# so the cache is never process-local: Redis with CACHE_URL or REDIS_URL (redis://…), otherwise
# a table in the platform's database (created by the migration accounts 0002, or by
# ``manage.py createcachetable``). See docs/betrieb.md, "Drosselung und Client-Adresse".
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
# The public pages (plattform.page_cache) live in the same store under their own prefix or
# table, so that many pages can never push a login counter out of the database cache.
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "seiten",
        },
    }
elif CACHE_URL in {"", "db://"}:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "plattform_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "plattform_page_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL={CACHE_URL!r} wird nicht unterstützt: redis://host:6379/0 für Redis angeben "
        "oder die Variable weglassen (dann zählt die Datenbank)."
    )
#: Seconds a public page stays in the page cache at most (it is replaced at once after any
#: change in the database); 0 switches the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "300"))
#: Header a trusted reverse proxy sets with the visitor's address (e.g. X-Forwarded-For), and
#: how many proxies stand in front of the platform; empty: REMOTE_ADDR only, headers ignored.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "").strip()
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1"))
#: Failed logins (and wrong old passwords) per account and per client address before a pause
#: of LOGIN_ATTEMPTS_WINDOW seconds; an address is shared by a clinic behind one NAT gateway.
LOGIN_ATTEMPTS_LIMIT = int(os.environ.get("DJANGO_LOGIN_ATTEMPTS_LIMIT", "5"))
LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS = int(
    os.environ.get("DJANGO_LOGIN_ATTEMPTS_LIMIT_PER_ADDRESS", "20")
)
LOGIN_ATTEMPTS_WINDOW = int(os.environ.get("DJANGO_LOGIN_ATTEMPTS_WINDOW", "900"))
#: Password reset mails per e-mail address and per client address within the window (seconds).
PASSWORD_RESET_LIMIT = int(os.environ.get("DJANGO_PASSWORD_RESET_LIMIT", "3"))
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(
    os.environ.get("DJANGO_PASSWORD_RESET_LIMIT_PER_ADDRESS", "10")
)
PASSWORD_RESET_WINDOW = int(os.environ.get("DJANGO_PASSWORD_RESET_WINDOW", "3600"))


def _rate(name: str, default: str) -> str:
    """An API rate in Django REST framework's form (120/min, 10/s, 5000/day)."""
    value = os.environ.get(name, default).strip()
    number, _slash, period = value.partition("/")
    if not (number.isdigit() and period[:1] in {"s", "m", "h", "d"}):
        raise ImproperlyConfigured(
            f"{name}={value!r}: Erwartet wird Anzahl/Zeitraum, z. B. 120/min, 10/s oder 5000/day."
        )
    return value


#: API requests per client address (anonymous) and per account (see api/throttling.py).
API_RATE_ANON = _rate("DJANGO_API_RATE_ANON", "120/min")
API_RATE_USER = _rate("DJANGO_API_RATE_USER", "600/min")
# --- end of the accounts block ------------------------------------------------------------------

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
    # Counted per trusted client address (accounts.throttle.client_ip) in the shared cache.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_RATE_ANON, "user": API_RATE_USER},
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

# Sitzungs-E-Mails (bodies.mails): die Adresse der Plattform für Links in E-Mails, die ohne
# Anfrage entstehen (Befehl sitzungen_erinnern), und wie viele Tage vor einer Sitzung erinnert
# wird (docs/betrieb.md).
SITE_URL = os.environ.get("GESUNDHEITSREGION_URL", "http://127.0.0.1:8000")
MEETING_REMINDER_DAYS = int(os.environ.get("GESUNDHEITSREGION_ERINNERUNG_TAGE", "2"))

# --- Import of tables (plattform.importing; registry and measures) ---------------------------
# Limits are checked before a file is parsed, so a small file cannot keep a worker busy or fill
# its memory (a declared A1:XFD1048576 sheet, a zip bomb). Bigger imports move to the background
# worker of the next release.
#: Largest uploaded table in bytes.
IMPORT_MAX_BYTES = int(os.environ.get("PLATTFORM_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
#: Most data rows per file (CSV lines, XLSX rows).
IMPORT_MAX_ROWS = int(os.environ.get("PLATTFORM_IMPORT_MAX_ROWS", "10000"))
#: Most cells an XLSX sheet may declare (rows × columns of its dimension).
IMPORT_MAX_CELLS = int(os.environ.get("PLATTFORM_IMPORT_MAX_CELLS", "500000"))
#: Largest uncompressed size of an XLSX (sum of its zip members) in bytes.
IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("PLATTFORM_IMPORT_MAX_UNPACKED_BYTES", str(60 * 1024 * 1024))
)
#: Seconds an unconfirmed upload is kept for its confirmation; older ones are deleted.
IMPORT_UPLOAD_MAX_AGE = int(os.environ.get("PLATTFORM_IMPORT_UPLOAD_MAX_AGE", "3600"))
#: Folder of the unconfirmed uploads (one private subfolder per upload).
IMPORT_UPLOAD_ROOT = Path(
    os.environ.get(
        "PLATTFORM_IMPORT_UPLOAD_ROOT",
        str(Path(tempfile.gettempdir()) / "gesundheitsregion-import"),
    )
)
#: The shared import mechanism (no models): upload, dry run, confirm; exports.
INSTALLED_APPS += ["imports"]
#: The project package (no models): watches database writes for the page cache.
INSTALLED_APPS += ["plattform"]
#: Operator named in Impressum, Datenschutz and Kontakt (portal.context_processors.operator):
#: PLATTFORM_BETREIBER_NAME, _ADRESSE and _EMAIL (the older SITE_OPERATOR* names still work);
#: what they leave empty comes from the organisation the office marks as "Betreiber der
#: Plattform" in the registry, never from an organisation's kind.
SITE_OPERATOR = os.environ.get("PLATTFORM_BETREIBER_NAME", os.environ.get("SITE_OPERATOR", ""))
SITE_OPERATOR_ADDRESS = os.environ.get("PLATTFORM_BETREIBER_ADRESSE", SITE_OPERATOR_ADDRESS)
SITE_CONTACT_EMAIL = os.environ.get("PLATTFORM_BETREIBER_EMAIL", SITE_CONTACT_EMAIL)
SITE_PRIVACY_CONTACT = os.environ.get("SITE_PRIVACY_CONTACT", SITE_CONTACT_EMAIL)
