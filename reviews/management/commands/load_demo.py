import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.models import Site

from cms.identity.models import site_name
from reviews.demo import add_demo_extras

DEMO_REVIEWS = Path(__file__).resolve().parents[2] / "fixtures"


class Command(BaseCommand):
    help = (
        "Load the demo reviews (published) and, in development, admin, writer and editor "
        "accounts. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--summary-file",
            help="Also write the closing summary (addresses, new accounts' passwords) to this"
            " file, readable by its owner only: `make run` prints it again once the server is up.",
        )

    def handle(self, *args, **options):
        self.point_site_at_public_url()
        call_command("import_reviews", DEMO_REVIEWS, publish=True, stdout=self.stdout)
        critics = add_demo_extras(self.stdout)
        accounts = self.ensure_accounts() if settings.DEBUG else []
        if accounts:
            self.write_as_critic("writer", critics["Maya Okafor"])
        summary = self.summary(accounts)
        self.stdout.write(summary)
        if options["summary_file"]:
            path = Path(options["summary_file"])
            path.unlink(missing_ok=True)
            path.touch(mode=0o600)
            path.write_text(summary + "\n", encoding="utf-8")

    def summary(self, accounts):
        """Where to go, as whom: printed last, and by `make run` again once the server is up."""
        base = settings.PUBLIC_BASE_URL
        lines = [
            "",
            f"{site_name()} is ready:",
            f"  the site     {base}/",
            f"  the admin    {base}/admin/",
            f"  the API      {base}/api/v2/pages/?type=reviews.ReviewPage&fields=*",
            *(f"  {line}" for line in accounts),
            "",
        ]
        return "\n".join(lines)

    def write_as_critic(self, username, critic):
        """The demo writer writes as one of the demo critics (their byline by default)."""
        user = get_user_model().objects.get(username=username)
        if critic.user is None and not hasattr(user, "critic"):
            critic.user = user
            critic.save()

    def point_site_at_public_url(self):
        """Page URLs (html_url in the API, links in the admin) follow PUBLIC_BASE_URL."""
        url = urlsplit(settings.PUBLIC_BASE_URL)
        port = url.port or (443 if url.scheme == "https" else 80)
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = url.hostname, port
        site.save()  # save(), not update(): it clears Wagtail's cached site root paths

    def ensure_accounts(self):
        """An admin, and a writer and an editor to try the moderation flow (docs/workflow.md)."""
        return [
            self.ensure_account("admin", "Admin"),
            self.ensure_account("writer", "Writer", group="Writers"),
            self.ensure_account("editor", "Editor", group="Editors"),
        ]

    def ensure_account(self, username, role, group=None):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            return (
                f"{role} account: {username} (password shown when it was created; "
                f"'.venv/bin/python manage.py changepassword {username}' sets a new one)"
            )
        password = secrets.token_urlsafe(12)
        email = f"{username}@example.com"
        if group:
            user = User.objects.create_user(username, email, password)
            user.groups.add(Group.objects.get(name=group))
        else:
            User.objects.create_superuser(username, email, password)
        return self.style.SUCCESS(
            f"{role} account created: sign in at {settings.WAGTAILADMIN_BASE_URL}/admin/ "
            f"as {username} / {password}"
        )
