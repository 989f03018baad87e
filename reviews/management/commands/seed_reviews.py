import time

from django.core.management.base import BaseCommand, CommandError

from reviews.seeding import seed_reviews, unseed

MAX_COUNT = 1_000_000


class Command(BaseCommand):
    help = (
        "Add COUNT generated, published reviews (films, credits, genres, tags, critics, scores, "
        "posters) under the review index, for benchmarks and trying the site at scale. "
        "Deterministic per --seed; running it again adds only what is missing. --reset deletes "
        "every seeded review (and films only they reviewed) first."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many reviews the seed should have")
        parser.add_argument("--seed", type=int, default=1, help="which archive (default 1)")
        parser.add_argument("--reset", action="store_true", help="delete every seeded review first")

    def handle(self, *args, count, seed, reset, verbosity, **options):
        if not 0 <= count <= MAX_COUNT:
            raise CommandError(f"count must be a whole number from 0 to {MAX_COUNT}")
        log = self.stdout.write if verbosity > 1 else (lambda line: None)
        start = time.perf_counter()
        if reset:
            removed = unseed()
            self.stdout.write(f"Deleted {removed} seeded reviews")
        try:
            created = seed_reviews(count, seed, log=log)
        except ValueError as error:
            raise CommandError(error) from None
        seconds = time.perf_counter() - start
        rate = f" ({created / seconds:.0f}/s)" if created and seconds else ""
        self.stdout.write(f"Seeded {created} reviews in {seconds:.1f} s{rate}")
