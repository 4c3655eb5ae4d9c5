from django.contrib import admin

from accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("email", "full_name", "is_platform_operator", "is_active", "last_login")
    search_fields = ("email", "full_name")
    exclude = ("password", "user_permissions", "groups")
