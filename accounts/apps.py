from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in

        from accounts.entra import record_entra_mfa

        user_logged_in.connect(record_entra_mfa, dispatch_uid="entra-mfa")
