"""`talentdesk token create|list|revoke`: personal access tokens for scripts (docs/cli.md)."""

import sys

from django.core.management import BaseCommand, CommandError

from access.hats import roles_for
from accounts.models import User, normalize_email
from api import actions as api_actions
from api import tokens
from api.models import ApiToken
from talentdesk.lib.errors import ActionError


class Command(BaseCommand):
    help = "Make, list or revoke API tokens. A new token is printed once, never stored in clear."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Print a new token for EMAIL (shown once).")
        create.add_argument("email")
        create.add_argument("--scope", choices=["read", "write"], default="read")
        side = create.add_mutually_exclusive_group()
        side.add_argument("--agency", metavar="SLUG", help="Act as this agency's member")
        side.add_argument("--brand", metavar="SLUG", help="Act as this brand's member")
        side.add_argument("--creator", action="store_true", help="Act as the creator")
        create.add_argument(
            "--expires",
            type=int,
            default=tokens.DEFAULT_DAYS,
            metavar="DAYS",
            help="Days until it stops working (1-365, default 90)",
        )
        create.add_argument("--name", default="command line")
        listing = sub.add_parser("list", help="List EMAIL's tokens (prefix, scope, hat, state).")
        listing.add_argument("email")
        revoke = sub.add_parser("revoke", help="Revoke the token with this prefix.")
        revoke.add_argument("prefix")

    def _user(self, email):
        user = User.objects.filter(email=normalize_email(email)).first()
        if user is None:
            self.stderr.write(f"No account with the address {email}.")
            sys.exit(1)
        return user

    def handle(self, *args, action, **options):
        if action == "create":
            self._create(**options)
        elif action == "list":
            for t in ApiToken.objects.filter(user=self._user(options["email"])):
                state = "usable" if t.is_usable else ("revoked" if t.revoked_at else "expired")
                self.stdout.write(
                    f"td_{t.prefix}_…  {t.scope:5}  {state:7}  "
                    f"{t.expires_at:%Y-%m-%d}  {t.role_name}  {t.name}"
                )
        else:
            prefix = options["prefix"].removeprefix("td_").split("_")[0]
            token = ApiToken.objects.filter(prefix=prefix).first()
            if token is None:
                self.stderr.write(f"No token starts with {options['prefix']}.")
                sys.exit(1)
            api_actions.revoke_token(token, actor=None)
            self.stdout.write(f"Revoked td_{token.prefix}_… ({token.name}).")

    def _create(self, email, scope, agency, brand, creator, expires, name, **_):
        user = self._user(email)
        roles = roles_for(user)
        if agency:
            wanted = f"agency:{agency}"
        elif brand:
            wanted = f"brand:{brand}"
        elif creator:
            wanted = "creator"
        elif roles:
            wanted = roles[0].key  # the hat they land on when signing in
        else:
            self.stderr.write(f"{email} has no agency, brand or creator profile.")
            sys.exit(1)
        if not any(r.key == wanted for r in roles):
            raise CommandError(f"{email} is not a member there ({wanted}).", returncode=1)
        try:
            _token, raw = api_actions.create_token(
                user, name=name, scope=scope, role_key=wanted, days=expires
            )
        except ActionError as error:
            raise CommandError(str(error.message), returncode=2) from None
        self.stdout.write(raw)
