"""System checks of the deployment: `manage.py check --deploy`, which the production entry
point (docker-compose's web command) runs before it starts gunicorn."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_not_the_development_key(app_configs, **kwargs) -> list[Error]:
    """The development key is in the source code: anyone could sign sessions with it."""
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [Error(
            "SECRET_KEY is the development key from the source code.",
            hint='Set SECRET_KEY to a long random string, e.g. python -c "import secrets; '
                 'print(secrets.token_urlsafe(50))".',
            id="core.E001")]
    return []
