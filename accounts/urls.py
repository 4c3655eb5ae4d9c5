from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("account/", views.account_settings, name="account-settings"),
    path("account/api-tokens/", views.api_token_create, name="api-token-create"),
    path("account/api-tokens/<int:token_id>/revoke/", views.api_token_revoke,
         name="api-token-revoke"),
]
