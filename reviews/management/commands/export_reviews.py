import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from reviews.ingest.json_format import export_item
from reviews.models import ReviewPage


class Command(BaseCommand):
    help = (
        "Write every review's latest content (drafts included) in the JSON import format: "
        "the API's review items without database ids."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, metavar="FILE", help="default: stdout")

    def handle(self, *args, output, **options):
        pages = ReviewPage.objects.order_by("path")
        items = [export_item(page.get_latest_revision_as_object()) for page in pages]
        document = json.dumps(
            {"meta": {"total_count": len(items)}, "items": items},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        )
        if output is None:
            self.stdout.write(document)
            return
        try:
            output.write_text(document + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: cannot write ({error.strerror})") from None
        self.stdout.write(f"Exported {len(items)} review(s) to {output}")
