"""Django settings for Kansrijk: one module, every value from the environment (docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from kansrijk.core.env import env_bool, env_int, env_list, env_str, read_secret

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(env_str("KANSRIJK_BASE_DIR", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(env_str("KANSRIJK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("KANSRIJK_DEBUG", False)
# A random-looking but fixed key is only acceptable for a local run; production must set one.
_LOCAL_KEY = "local-only-insecure-key-change-me-0123456789abcdefghijklmnop"
# KANSRIJK_PRODUCTION=true removes the local fallback, so a real installation cannot start without a key.
PRODUCTION = env_bool("KANSRIJK_PRODUCTION", False)
SECRET_KEY = read_secret("KANSRIJK_SECRET_KEY", None if PRODUCTION else _LOCAL_KEY)
ALLOWED_HOSTS = env_list("KANSRIJK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("KANSRIJK_CSRF_TRUSTED_ORIGINS", [])

# Open data (CBS / PDOK). Development and CI read ../shared/data/open-data when it exists.
_default_data = BASE_DIR.parent / "shared" / "data" / "open-data"
KANSRIJK_DATA_DIR = Path(env_str("KANSRIJK_DATA_DIR", str(_default_data)))
KANSRIJK_THEME = env_str("KANSRIJK_THEME", "voorbeeld")
KANSRIJK_SESSION_AGE = env_int("KANSRIJK_SESSION_AGE", 8 * 3600)
KANSRIJK_CBS_ODATA_URL = env_str("KANSRIJK_CBS_ODATA_URL", "https://opendata.cbs.nl/ODataApi/odata")
KANSRIJK_PDOK_URL = env_str("KANSRIJK_PDOK_URL", "https://service.pdok.nl/cbs")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "kansrijk.core",
    "kansrijk.accounts",
    "kansrijk.audit",
    "kansrijk.areas",
    "kansrijk.coalitions",
    "kansrijk.startfoto",
    "kansrijk.atlas",
    "kansrijk.interventions",
    "kansrijk.routes",
    "kansrijk.wegwijzer",
    "kansrijk.care",
    "kansrijk.monitoring",
    "kansrijk.api",
    "kansrijk.demo",
    # Only for its static files: /api/v1/docs then loads Swagger UI from here instead of a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages and auth: the friendly 405 page is rendered with the full base template.
    "kansrijk.core.method_not_allowed.FriendlyMethodNotAllowed",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Every signed-in user must have an authenticator app; deliberately no setting to turn it off.
    "kansrijk.accounts.middleware.RequireMFA",
]

ROOT_URLCONF = "kansrijk.urls"
WSGI_APPLICATION = "kansrijk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kansrijk.core.context_processors.site",
                "kansrijk.core.context_processors.language_next",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kansrijk.sqlite3'}"),
        # Production keeps a worker's connection open between requests: a fresh PostgreSQL backend loads
        # its catalog caches again, which costs a worklist page about 30 ms at national scale
        # (docs/performance.md). The health check replaces a connection the server dropped.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an import writes; a busy timeout avoids spurious "locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # allauth's, limited to the login address (a pending new address does not sign in).
    "kansrijk.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# allauth: e-mail login, no sign-up (accounts are created by admins or invitations), TOTP 2FA.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Changing the login address: the new address must be confirmed with a link sent to it before it
# replaces the old one (ACCOUNT_CHANGE_EMAIL keeps one address per account); until then it neither signs
# in nor gets password resets (accounts.backends), and an address of another account is refused
# (accounts.forms). Logging in never asks for a confirmation ("optional"): accounts come from
# administrators, the demo and invitations (those two mark the address verified), never from sign-up.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "kansrijk.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "add_email": "kansrijk.accounts.forms.AddEmailForm",
    "reset_password": "kansrijk.accounts.forms.ResetPasswordForm",
}
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key"}
ACCOUNT_LOGOUT_ON_GET = False
# No "remember me": a session always ends when the browser closes or after SESSION_COOKIE_AGE,
# whichever comes first (shared computers in municipalities and practices).
ACCOUNT_SESSION_REMEMBER = False
# Behind N reverse proxies the client address is the N-th from the right in X-Forwarded-For; without
# this, every visitor shares the proxy's address and one attacker would throttle everyone's login.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("KANSRIJK_TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# allauth blocks 2FA set-up while any address is unverified, and adding an address once 2FA is on, to
# stop someone who signs up with another person's address. Nobody signs up here (administrators and
# invitations make accounts), 2FA is required for everyone, and a new address only becomes the login
# address through its confirmation link: with the block, nobody could ever change their address.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = "Kansrijk"
# Everyone lands where their work is (kansrijk.coalitions.views.landing).
LOGIN_REDIRECT_URL = "/start/"
LOGIN_URL = "/account/login/"

SESSION_COOKIE_AGE = KANSRIJK_SESSION_AGE
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("KANSRIJK_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS (docs/configuration.md). Off by default for a local run over http; production must set
# KANSRIJK_HSTS_SECONDS (kansrijk.core.checks refuses 0 there). Behind a TLS-terminating proxy, set
# KANSRIJK_PROXY_SSL_HEADER=true only if that proxy always sets X-Forwarded-Proto itself.
SECURE_HSTS_SECONDS = env_int("KANSRIJK_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KANSRIJK_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("KANSRIJK_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("KANSRIJK_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("KANSRIJK_PROXY_SSL_HEADER", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline scripts or styles.
# data: images for Leaflet's and Vega's SVG; charts use Vega's CSP-safe expression interpreter, so no
# 'unsafe-eval' (see kansrijk/static/kansrijk/charts.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

EMAIL_BACKEND = env_str("KANSRIJK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KANSRIJK_FROM_EMAIL", "kansrijk@localhost")

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# The default cache holds sign-in throttles and allauth's TOTP replay guard, so every worker process
# must see the same one: Redis when KANSRIJK_REDIS_URL is set, otherwise a table in the database
# (created by `kansrijk setup` with createcachetable). A per-process cache would let an attacker spread
# guesses over the workers. Public page content ("pages", kansrijk.core.cache) is shared through Redis
# too, and kept per process without it; the {% cache %} template tag uses "template_fragments", the
# same store.
KANSRIJK_REDIS_URL = env_str("KANSRIJK_REDIS_URL", "")
CACHE_TABLE = "kansrijk_cache"
_shared_cache: dict[str, object] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": KANSRIJK_REDIS_URL}
    if KANSRIJK_REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        # Culling drops a third of the entries when full: keep it far away, or a burst of throwaway
        # entries could wipe someone's throttle counter.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
)
# With Redis the page cache is shared too: a page or PDF warmed after an import (`kansrijk startfoto
# --voorbereiden`) is then warm for every worker, also one that has just started (issue 10). Its keys
# carry the import run, so a new import makes old entries unreachable; they expire after a week.
# Without Redis each worker process keeps its own (a database round trip per lookup would cost more
# than it saves).
_page_cache: dict[str, object] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": KANSRIJK_REDIS_URL,
        "KEY_PREFIX": "pagina",
        "TIMEOUT": env_int("KANSRIJK_CACHE_SECONDS", 7 * 24 * 3600),
    }
    if KANSRIJK_REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kansrijk-pages",
        "TIMEOUT": env_int("KANSRIJK_CACHE_SECONDS", 3600),
        # LocMem's default of 300 entries is fewer than one startfoto per municipality (342).
        "OPTIONS": {"MAX_ENTRIES": env_int("KANSRIJK_CACHE_MAX_ENTRIES", 5000)},
    }
)
# After an import, render every startfoto PDF and warm every startfoto page in a background process
# (startfoto/prerender.py). On by default in production; off for development and tests, where an
# import is often followed by other work that the ~6 minutes of rendering would slow down.
KANSRIJK_PRERENDER = env_bool("KANSRIJK_PRERENDER", PRODUCTION)
# Startfoto PDFs, one file per municipality and import run, shared by every worker (startfoto/pdf_store.py).
KANSRIJK_PDF_DIR = Path(env_str("KANSRIJK_PDF_DIR", str(VAR_DIR / "startfoto-pdf")))
CACHES = {"default": _shared_cache, "pages": _page_cache, "template_fragments": _page_cache}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KANSRIJK_LOG_LEVEL", "WARNING")},
}

# Care layer (docs/privacy.md). The access-log key signs the NEN 7513 log's HMAC chain and must live
# outside the database (an environment variable or a secret file), so whoever can write the database
# cannot forge entries. The BSN key encrypts the optional BSN at rest. Both have local-only defaults;
# production must set them (KANSRIJK_PRODUCTION=true refuses to start without).
_LOCAL_LOG_KEY = "local-only-access-log-key-change-me-0123456789"
KANSRIJK_ACCESS_LOG_KEY = read_secret("KANSRIJK_ACCESS_LOG_KEY", None if PRODUCTION else _LOCAL_LOG_KEY)
_LOCAL_BSN_KEY = "local-only-bsn-key-change-me-0123456789abcdefgh"
KANSRIJK_BSN_KEY = read_secret("KANSRIJK_BSN_KEY", None if PRODUCTION else _LOCAL_BSN_KEY)
# Personal data of an episode are removed this many days after the episode ended (`kansrijk retentie`).
# Kansrijk holds the chain record, not the organisations' own dossiers (those follow their own law).
KANSRIJK_CARE_RETENTION_DAYS = env_int("KANSRIJK_CARE_RETENTION_DAYS", 2 * 365)
# Consumed monitor outbox entries are kept this long (their counts are in the tallies), then removed.
KANSRIJK_OUTBOX_RETENTION_DAYS = env_int("KANSRIJK_OUTBOX_RETENTION_DAYS", 90)
# How long access-log entries are kept (NEN 7513 asks for a stated period; 5 years is the common choice).
KANSRIJK_ACCESS_LOG_RETENTION_DAYS = env_int("KANSRIJK_ACCESS_LOG_RETENTION_DAYS", 5 * 365)
# A referral nobody responded to expires this many days after it was sent (`kansrijk verwijzingen verloop`).
KANSRIJK_REFERRAL_EXPIRY_DAYS = env_int("KANSRIJK_REFERRAL_EXPIRY_DAYS", 14)
# The monitor publishes its figures per closed period: "maand" (calendar month) or "week" (ISO week).
KANSRIJK_MONITOR_PERIOD = env_str("KANSRIJK_MONITOR_PERIOD", "maand").strip().lower()
if KANSRIJK_MONITOR_PERIOD not in {"maand", "week"}:
    raise ImproperlyConfigured(
        f"KANSRIJK_MONITOR_PERIOD must be maand or week, got {KANSRIJK_MONITOR_PERIOD!r}"
    )
# The site's own address, for links in mails sent without a request (referral notices and reminders).
KANSRIJK_SITE_URL = env_str("KANSRIJK_SITE_URL", "http://127.0.0.1:8000")
# The log manager's page flags a user who opened more than this many families within the window.
KANSRIJK_UNUSUAL_ACCESS_FAMILIES = env_int("KANSRIJK_UNUSUAL_ACCESS_FAMILIES", 25)
KANSRIJK_UNUSUAL_ACCESS_MINUTES = env_int("KANSRIJK_UNUSUAL_ACCESS_MINUTES", 60)
