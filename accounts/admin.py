"""Django's admin site, mounted only with DEBUG (config/urls.py) for a developer's machine.

It never shows a secret: API tokens are not registered (and only their hashes are stored);
authenticators (TOTP seeds, recovery codes), social tokens and the Entra ID client secret are
unregistered; and a user's e-mail cannot be changed
here (changing it and then resetting the password would take over the account). Its sign-in
goes through allauth's (`secure_admin_login`), so MFA and the rate limits apply.
"""

import contextlib

from allauth.account.decorators import secure_admin_login
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered

from accounts.models import User

for model in (Authenticator, SocialToken, SocialApp, SocialAccount):
    with contextlib.suppress(NotRegistered):
        admin.site.unregister(model)

admin.site.login = secure_admin_login(admin.site.login)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("email", "full_name", "is_platform_operator", "is_active", "last_login")
    search_fields = ("email", "full_name")
    exclude = ("password", "user_permissions", "groups")
    readonly_fields = ("email", "last_login", "date_joined")
