from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import entra
from core import accessibility
from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("accessibility/", accessibility.statement, name="accessibility"),
    # Entra ID's callback is ours: it also reads whether Entra asked for a second factor.
    path("accounts/microsoft/login/callback/", entra.oauth2_callback,
         name="microsoft_callback"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("platform/", include("core.platform_urls")),
    # The demo council's sample import files (made up, in the real formats).
    path("demo/", include("demo.urls")),
    # The national layer's imports, for the platform operator only (core.national_imports).
    path("platform/imports/gias/", include("schools.platform_urls")),
    path("platform/imports/data/", include("categorisation.platform_urls")),
    path("t/<slug:tenant_slug>/", include("core.urls")),
    path("t/<slug:tenant_slug>/schools/", include("schools.urls")),
    path("t/<slug:tenant_slug>/imports/", include("schools.import_urls")),
    path("t/<slug:tenant_slug>/partnerships/", include("partnerships.urls")),
    path("t/<slug:tenant_slug>/categorisation/", include("categorisation.urls")),
    path("t/<slug:tenant_slug>/funding/", include("funding.urls")),
    path("t/<slug:tenant_slug>/support/", include("support.urls")),
    path("t/<slug:tenant_slug>/boards/", include("boards.urls")),
    path("api/t/<slug:tenant_slug>/", include("schools.api.urls")),
    path("api/t/<slug:tenant_slug>/", include("core.api_urls")),
    path("api/t/<slug:tenant_slug>/partnerships/", include("partnerships.api.urls")),
    path("api/t/<slug:tenant_slug>/categorisation/", include("categorisation.api.urls")),
    path("api/t/<slug:tenant_slug>/funding/", include("funding.api.urls")),
    path("api/t/<slug:tenant_slug>/support/", include("support.api.urls")),
    path("api/t/<slug:tenant_slug>/boards/", include("boards.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    # Swagger UI adds a style element of its own, so this one page allows inline styles.
    path("api/docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
]

# Django's admin reads every table outside any tenant scope, so it exists only on a developer's
# machine (DEBUG). The platform operator works in /platform/.
if settings.DEBUG:
    urlpatterns.append(path("django-admin/", admin.site.urls))
