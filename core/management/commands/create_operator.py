"""Make a platform operator: the person who creates tenants and invites their first admins.

    python manage.py create_operator ops@council-platform.example.org

Asks for the password twice at a terminal; without one (a deployment script), it is read from
the OPERATOR_PASSWORD environment variable. The account is not staff and not a superuser: the
operator works in /platform/, reads no tenant data and can never be a member of a tenant.
"""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django_scopes import scopes_disabled

from accounts.models import User
from core.models import Membership


class Command(BaseCommand):
    help = "Create a platform operator (not staff, no tenant membership) with a password."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The operator's e-mail address, used to sign in.")

    def handle(self, *args, email: str, **options) -> None:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an e-mail address.") from error
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            with scopes_disabled():
                if Membership.objects.filter(user=user, is_active=True).exists():
                    raise CommandError(
                        f"{email} is a member of a tenant: an operator reads no tenant data, so "
                        "use another address for the operator.")
        password = self._password(email)
        if user is None:
            user = User(email=email)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.is_platform_operator = True
        user.is_staff = user.is_superuser = False
        user.save()
        self.stdout.write(self.style.SUCCESS(
            f"{email} is a platform operator. Sign in and open /platform/ to create tenants."))

    def _password(self, email: str) -> str:
        from_env = os.environ.get("OPERATOR_PASSWORD", "")
        if from_env:
            return from_env
        if not os.isatty(0):
            raise CommandError("No terminal to ask for a password: set OPERATOR_PASSWORD.")
        first = getpass.getpass(f"Password for {email}: ")
        if first != getpass.getpass("The same password again: "):
            raise CommandError("The two passwords differ.")
        return first
