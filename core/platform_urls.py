from django.urls import path

from core import views

app_name = "platform"

urlpatterns = [
    path("", views.platform_tenant_list, name="platform-tenant-list"),
    path("tenants/new/", views.platform_tenant_create, name="platform-tenant-create"),
]
