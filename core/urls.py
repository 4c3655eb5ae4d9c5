from django.urls import path

from core import views
from core.downloads import list_paths

app_name = "core"

urlpatterns = [
    path("", views.tenant_home, name="tenant-home"),
    path("search/", views.search_results, name="search"),
    path("waiting/", views.waiting, name="waiting"),
    path("waiting/count/", views.waiting_count_fragment, name="waiting-count"),
    *list_paths("people/", views.member_list, name="member-list"),
    path("people/<int:membership_id>/remove/", views.member_remove, name="member-remove"),
    path("people/<int:membership_id>/restore/", views.member_restore, name="member-restore"),
    path("people/invitations/<int:invitation_id>/withdraw/", views.invitation_withdraw,
         name="invitation-withdraw"),
    path("settings/sign-in/", views.tenant_settings, name="tenant-settings"),
    path("settings/school-calendar/", views.school_calendar, name="school-calendar"),
    path("settings/access/", views.access, name="access"),
    path("settings/support/", views.support_access, name="support-access"),
    path("settings/support/<int:support_access_id>/end/", views.support_access_revoke,
         name="support-access-revoke"),
    *list_paths("security/", views.security_log, name="security-log"),
    path("security/<int:membership_id>/revoke/", views.member_access_revoke,
         name="member-access-revoke"),
]
