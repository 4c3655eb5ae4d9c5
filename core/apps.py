from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from allauth.account import signals

        from core import checks, home_tiles, search  # noqa: F401  (they register on import)

        search.register(search.PEOPLE)

        # A new password ends every API token of the account: whoever learnt the old one may
        # have made tokens with it. The receivers only call the service.
        for signal in (signals.password_changed, signals.password_reset, signals.password_set):
            signal.connect(_revoke_tokens_on_new_password, dispatch_uid=f"tokens-{id(signal)}")
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        user_logged_in.connect(_record_sign_in, dispatch_uid="security-sign-in")
        user_login_failed.connect(_record_failed_sign_in, dispatch_uid="security-sign-in-failed")


def _revoke_tokens_on_new_password(sender, request, user, **kwargs) -> None:
    from core.security import api_tokens_revoke

    api_tokens_revoke(user=user, actor=user, reason="password changed")


def _client_ip(request) -> str:
    if request is None:
        return ""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request) or ""
    except PermissionDenied:  # no address at all (a test client's forced sign-in)
        return ""


def _record_sign_in(sender, request, user, **kwargs) -> None:
    from core.security import security_sign_in_record

    security_sign_in_record(user=user, email=user.email, client_ip=_client_ip(request),
                            succeeded=True)


def _record_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    from core.security import security_sign_in_record

    email = str(credentials.get("email") or credentials.get("username") or "")
    if email:
        security_sign_in_record(user=None, email=email, client_ip=_client_ip(request),
                                succeeded=False)
