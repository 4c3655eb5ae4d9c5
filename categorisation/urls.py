from django.urls import path  # noqa: F401

from categorisation.views import imports as import_views
from categorisation.views import intelligence as intelligence_views

urlpatterns: list = []

urlpatterns += [
    path("imports/", import_views.data_import_list, name="data-import-list"),
    path("imports/<int:data_import_id>/", import_views.data_import_detail,
         name="data-import-detail"),
    path("imports/<int:data_import_id>/progress/", import_views.data_import_progress,
         name="data-import-progress"),
    path("imports/<int:data_import_id>/apply/", import_views.data_import_apply,
         name="data-import-apply"),
    path("intelligence/", intelligence_views.intelligence_list, name="intelligence-list"),
    path("intelligence/new/<int:urn>/", intelligence_views.intelligence_create,
         name="intelligence-create"),
    path("intelligence/<int:intelligence_id>/withdraw/", intelligence_views.intelligence_withdraw,
         name="intelligence-withdraw"),
]
