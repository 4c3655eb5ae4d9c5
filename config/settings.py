"""Settings, all from the environment.

With no DATABASE_URL and no REDIS_URL the project runs on its embedded default: SQLite,
Celery tasks run inline, an in-process cache and e-mail printed to the console. Production
sets DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and EMAIL_URL-style
SMTP settings.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab

from config.schema_enums import ENUM_NAME_OVERRIDES

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The development key signs nothing that matters: `make run` writes a random key of its own
# into `.secret_key` (ignored by git), and production must set SECRET_KEY — `check --deploy`,
# which the production entry point runs first, refuses to start with this one (core.checks).
DEVELOPMENT_SECRET_KEY = "insecure-embedded-default-key-change-me-in-production"
_LOCAL_KEY_FILE = BASE_DIR / ".secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    _LOCAL_KEY_FILE.read_text().strip() if _LOCAL_KEY_FILE.is_file() else DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.microsoft",
    "core",
    "accounts",
    "schools",
    "partnerships",
    "categorisation",
    "funding",
    "support",
    "boards",
    "demo",
    "rules",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.strip_nul_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Every form's default "This field is required." names its field (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.tenancy",
                "schools.context_processors.own_school",
            ],
            # `{% url %}` remembering its answers (a list page asks it once or twice a row).
            "builtins": ["core.templatetags.urls"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# PostgreSQL's default cost of a random page read (4) is a spinning disk's. With planner
# statistics it then reads a council's 1,000 schools' establishments by scanning all 26,000
# (6 ms) rather than by primary key (1 ms), and several list pages took twice as long
# (bench/README.md). The register fits in memory or on SSD, for which 1.1 is the usual
# setting; DB_RANDOM_PAGE_COST="" leaves the server's own.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and os.environ.get(
        "DB_RANDOM_PAGE_COST", "1.1"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={float(os.environ.get('DB_RANDOM_PAGE_COST', '1.1'))}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Object-level rights (core.grants): user.has_perm("hub.manage", hub).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# An upload is read into memory up to this size; GIAS's national file is about 60 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
GIAS_UPLOAD_MAX_BYTES = int(os.environ.get("GIAS_UPLOAD_MAX_BYTES", 100 * 1024 * 1024))
# With tasks inline (no broker), an upload's check and its apply are done a chunk of rows per
# request — the upload, then each poll of its page — so the progress bar is seen
# (core.file_imports); a worker does the whole file at once.
FILE_IMPORT_CHUNK_ROWS = int(os.environ.get("FILE_IMPORT_CHUNK_ROWS", 5000))
# A board paper (PDF or Word) is refused above this size.
BOARD_PAPER_MAX_BYTES = int(os.environ.get("BOARD_PAPER_MAX_BYTES", 20 * 1024 * 1024))

# --- Background work -------------------------------------------------------------------------


def redis_database(url: str, number: int) -> str:
    """The same Redis server, another logical database: clearing the cache must never touch
    Celery's queues."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


REDIS_URL = os.environ.get("REDIS_URL", "")
# The test suite runs in several pytest-xdist processes ("gw0", "gw1", ...): each takes its own
# pair of Redis databases (queue 2n, cache 2n+1), so one process's cache.clear() or queued task
# never reaches another's. Outside the test suite the variable is unset and nothing changes.
_TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "")
REDIS_DATABASE = 2 * int(_TEST_PROCESS.removeprefix("gw")) if _TEST_PROCESS.startswith("gw") else 0
if REDIS_URL and REDIS_DATABASE:
    REDIS_URL = redis_database(REDIS_URL, REDIS_DATABASE)
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
# No broker configured: run tasks inline so the first run needs nothing but Python.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 60 * 30
CELERY_TASK_SOFT_TIME_LIMIT = 60 * 25
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Nightly: re-enqueue what a lost task or a broker outage left behind (categorisation.recompute).
CELERY_BEAT_SCHEDULE = {
    "categorisation-recompute-sweep": {
        "task": "categorisation.tasks.recompute_sweep",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 60 * 60 * 6},
    },
    "boards-hubs-sync": {
        "task": "boards.tasks.hubs_sync_sweep",
        "schedule": crontab(hour=2, minute=0),
        "options": {"expires": 60 * 60 * 6},
    },
    "support-notes-retention": {
        "task": "support.tasks.notes_retention_sweep",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 60 * 60 * 6},
    },
    # Uploads whose check was left running (core.tasks.file_imports_sweep).
    "core-file-imports-sweep": {
        "task": "core.tasks.file_imports_sweep",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 60 * 10},
    },
    "core-weekly-digest": {
        "task": "core.tasks.weekly_digest",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
        "options": {"expires": 60 * 60 * 12},
    },
}



if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": (os.environ.get("REDIS_CACHE_URL")
                     or redis_database(REDIS_URL, REDIS_DATABASE + 1)),
    }}
    # Sessions are read on every request: keep them in the cache, written through to the DB.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
# Where the accessibility statement asks people to report a problem (besides their council).
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "School improvement <noreply@localhost>")

# --- Sign-in (django-allauth) ----------------------------------------------------------------
ACCOUNT_ADAPTER = "accounts.adapters.InvitationOnlyAccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.KnownUserSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Invitations prove the address, so no separate verification step.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A reset asked for an unknown address sends nothing (allauth would mail a sign-up link, and
# accounts here are made only by invitation).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# A council's staff sign in from behind one NAT address, so nothing that one person (or an
# attacker) does from that address may lock the others out: failures are limited per account
# only (five in five minutes), and sign-ins per address generously (a whole office at nine
# o'clock). The client's address comes from the trusted proxy's X-Forwarded-For
# (TRUSTED_PROXY_COUNT: how many proxies of ours are in front; 0 reads REMOTE_ADDR).
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("LOGIN_RATE_LIMIT", "600/m/ip"),
    "login_failed": os.environ.get("LOGIN_FAILED_RATE_LIMIT", "5/5m/key"),
    "reset_password": "20/m/ip,5/m/key",
}
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Authenticator secrets are encrypted at rest with this key (default: derived from SECRET_KEY;
# set it to rotate SECRET_KEY without losing everyone's authenticator).
MFA_ADAPTER = "accounts.adapters.EncryptedSecretsMFAAdapter"
MFA_ENCRYPTION_KEY = os.environ.get("MFA_ENCRYPTION_KEY", "")
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "School improvement")
# Accept the code of the previous or next 30-second period too: phone clocks drift, and a code
# typed at the end of its period arrives in the next (RFC 6238 section 5.2).
MFA_TOTP_TOLERANCE = 1
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False

# Microsoft Entra ID single sign-on, switched on by giving the app registration's details.


def entra_provider(*, client_id: str, secret: str, directory: str) -> dict:
    return {
        "APPS": [{"client_id": client_id, "secret": secret, "settings": {"tenant": directory}}],
        # openid: Entra's token response then carries an ID token, whose `amr` claim says
        # whether Entra asked for a second factor (accounts/entra.py).
        "SCOPE": ["openid", "User.Read"],
    }


ENTRA_CLIENT_ID = os.environ.get("ENTRA_CLIENT_ID", "")
SOCIALACCOUNT_PROVIDERS: dict = {}
if ENTRA_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["microsoft"] = entra_provider(
        client_id=ENTRA_CLIENT_ID, secret=os.environ.get("ENTRA_CLIENT_SECRET", ""),
        directory=os.environ.get("ENTRA_TENANT_ID", "organizations"))

# --- API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: DRF answers 401 with `WWW-Authenticate: Token` (not 403) to a caller without
    # valid credentials when the first class names a challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # JSON only: the browsable API renders its forms outside the tenant scope. Developers read
    # the endpoints in /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The API's throttles see the same client address as sign-in (the trusted proxies).
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # A service's refusal is a 400 in one shape on every endpoint (core.api.REFUSAL_SHAPE).
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "School improvement partnerships API",
    "DESCRIPTION": "Tenant-scoped API. Every path under /api/t/{tenant}/ needs a membership of "
                   "that tenant; authenticate with a session or `Authorization: Token <key>`. "
                   "A refusal is a 400 whose body maps each field of the request it concerns "
                   "to a list of reasons, or `non_field_errors` to reasons about the request as "
                   "a whole (the Refusal schema); 403 and 404 carry `detail`.",
    "VERSION": "1.0.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.document_refusals",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `status`; name each choice set so the schema's enums stay stable.
    "ENUM_NAME_OVERRIDES": ENUM_NAME_OVERRIDES,
}

# --- Security --------------------------------------------------------------------------------
# Behind the TLS-terminating proxy (SECURE_COOKIES=true, as docker-compose sets it): cookies
# only over HTTPS, plain HTTP redirected, and HSTS. The proxy must set X-Forwarded-Proto (and
# strip it from clients). The health check, on plain HTTP inside the container, is not redirected.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get(
    "SECURE_HSTS_SECONDS", 31_536_000 if SESSION_COOKIE_SECURE else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only —
# no inline script anywhere (the pages' scripts are files in static/js). Style *attributes*
# are allowed for the bar charts' computed widths; style elements and inline scripts are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Who imported which national file (core.national_imports): the audit trail of actions no
    # tenant owns, so kept whatever LOG_LEVEL says.
    "loggers": {"platform.audit": {"level": "INFO"}},
}
