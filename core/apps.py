from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from allauth.account import signals

        from core import checks  # noqa: F401  (registers the deployment checks)

        # A new password ends every API token of the account: whoever learnt the old one may
        # have made tokens with it. The receivers only call the service.
        for signal in (signals.password_changed, signals.password_reset, signals.password_set):
            signal.connect(_revoke_tokens_on_new_password, dispatch_uid=f"tokens-{id(signal)}")


def _revoke_tokens_on_new_password(sender, request, user, **kwargs) -> None:
    from core.services import api_tokens_revoke

    api_tokens_revoke(user=user, actor=user, reason="password changed")
