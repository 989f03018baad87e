import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.models import Site

DEMO_REVIEWS = Path(__file__).resolve().parents[2] / "fixtures"


class Command(BaseCommand):
    help = "Load the demo reviews (published) and, in development, an admin account. Idempotent."

    def handle(self, *args, **options):
        self.point_site_at_public_url()
        call_command("import_reviews", DEMO_REVIEWS, publish=True, stdout=self.stdout)
        if settings.DEBUG:
            self.ensure_admin()

    def point_site_at_public_url(self):
        """Page URLs (html_url in the API, links in the admin) follow PUBLIC_BASE_URL."""
        url = urlsplit(settings.PUBLIC_BASE_URL)
        port = url.port or (443 if url.scheme == "https" else 80)
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = url.hostname, port
        site.save()  # save(), not update(): it clears Wagtail's cached site root paths

    def ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write(
                "Admin account: admin (password shown when it was created; "
                "'.venv/bin/python manage.py changepassword admin' sets a new one)"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@example.com", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account created: sign in at {settings.WAGTAILADMIN_BASE_URL}/admin/ "
                f"as admin / {password}"
            )
        )
