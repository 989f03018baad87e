"""What `manage.py load_demo` adds to the imported demo reviews so that the site looks like the
product: critics with bylines, film credits and drawn posters. Every critic, person and film here
except Ballerina (2023) is invented for the demo; the posters are drawn by Pillow, not copied."""

import colorsys
import hashlib
import textwrap
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

from .models import Critic, Film, FilmCredit, ReviewPage, ReviewPageCritic

CRITICS = {
    "Maya Okafor": "Maya has reviewed films for fifteen years. Thrillers, heists and anything "
    "with a good chase; no patience for films that outstay their welcome.",
    "Daniel Szabo": "Daniel writes about science fiction, animation and how films sound. He "
    "still thinks the best special effect is a good actor in a small room.",
    "Hana Kim": "Hana covers Korean cinema and festival discoveries, and keeps a list of every "
    "film she has walked out of (it is short).",
    "Tom Whitlock": "Tom reviews comedies, family films and slow cinema, and believes most films "
    "are twenty minutes too long, except the ones that are not.",
}

# Film title → (critics in byline order, credits as (name, role, character)).
FILMS = {
    "Ballerina": (
        ["Hana Kim"],
        [
            ("Lee Chung-hyun", "director", ""),
            ("Lee Chung-hyun", "writer", ""),
            ("Jeon Jong-seo", "cast", "Ok-ju"),
            ("Kim Ji-hoon", "cast", "Choi-pro"),
            ("Park Yu-rim", "cast", "Min-hee"),
        ],
    ),
    "Paper Moons": (
        ["Tom Whitlock"],
        [
            ("Imogen Hartley", "director", ""),
            ("Imogen Hartley", "writer", ""),
            ("Rafe Donnelly", "writer", ""),
            ("Arthur Penrose", "cast", "Wendell"),
            ("Celia Marchetti", "cast", "Marguerite"),
        ],
    ),
    "Glass Tide": (
        ["Daniel Szabo"],
        [
            ("Sunniva Berg", "director", ""),
            ("Owen Achterberg", "writer", ""),
            ("Leila Haddad", "cast", "Dr. Noor Selim"),
            ("Piet van Rijn", "cast", "Ansel"),
            ("Grace Obi", "cast", "Radio operator"),
        ],
    ),
    "Night Shift at the Aquarium": (
        ["Hana Kim", "Tom Whitlock"],
        [
            ("Ines Carvalho", "director", ""),
            ("Ines Carvalho", "writer", ""),
            ("Marta Lindqvist", "cast", "Dora"),
        ],
    ),
    "Red Line Runner": (
        ["Maya Okafor"],
        [
            ("Cole Brandt", "director", ""),
            ("Dana Mercer", "writer", ""),
            ("Jess Tamura", "writer", ""),
            ("Alma Reyes", "cast", "Vee"),
            ("Jonah Pike", "cast", "Sorel"),
        ],
    ),
    "The Orchard Keeper": (
        ["Maya Okafor", "Daniel Szabo"],
        [
            ("Tomasz Wierzbicki", "director", ""),
            ("Tomasz Wierzbicki", "writer", ""),
            ("Edmund Vale", "cast", "Joseph"),
            ("Poppy Ainsworth", "cast", "Kit"),
        ],
    ),
}

POSTER_SIZE = (600, 900)


def add_demo_extras(stdout):
    """Critics, bylines, credits and posters, each added once: running it again changes nothing."""
    critics = {
        name: Critic.objects.get_or_create(name=name, defaults={"bio": bio})[0]
        for name, bio in CRITICS.items()
    }
    for title, (byline, credits) in FILMS.items():
        film = Film.objects.filter(title=title).first()
        if film is None:
            continue
        if not film.credits.exists() or film.poster is None:
            if not film.credits.exists():
                film.credits = [
                    FilmCredit(person_name=name, role=role, character_name=character)
                    for name, role, character in credits
                ]
            if film.poster is None:
                film.poster = draw_poster(film)
            # Published as an editor would: the demo's films are live with their reviews.
            film.save_revision(clean=False).publish()
            stdout.write(f"Demo: credits and poster for {film}")
        for review in ReviewPage.objects.filter(film=film, critic_links__isnull=True).live():
            latest = review.get_latest_revision_as_object()
            latest.critic_links = [
                ReviewPageCritic(critic=critics[name], sort_order=order)
                for order, name in enumerate(byline)
            ]
            latest.save_revision().publish()
            stdout.write(f"Demo: byline for {review.title}")
    return critics


def draw_poster(film):
    """A poster for the demo: the title over a gradient in colours taken from the title."""
    digest = hashlib.sha256(film.title.encode()).digest()
    top = colour(digest[0] / 255, 0.55, 0.32)
    bottom = colour(digest[1] / 255, 0.65, 0.08)
    width, height = POSTER_SIZE
    image = PILImage.new("RGB", POSTER_SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    draw.ellipse(
        [width * 0.15, height * 0.12, width * 0.85, height * 0.12 + width * 0.7],
        outline=(255, 255, 255),
        width=6,
    )
    title_font = ImageFont.load_default(size=64)
    small_font = ImageFont.load_default(size=30)
    lines = textwrap.wrap(film.title.upper(), width=12)
    y = height * 0.62
    for line in lines:
        draw.text((width / 2, y), line, font=title_font, fill=(255, 255, 255), anchor="mt")
        y += 74
    if film.year:
        draw.text(
            (width / 2, height - 70),
            str(film.year),
            font=small_font,
            fill=(230, 230, 230),
            anchor="mt",
        )
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=85)
    slug = hashlib.sha256(str(film).encode()).hexdigest()[:8]
    return Image.objects.create(
        title=f"Poster: {film}",
        description=f"Poster of {film}: the title over a coloured gradient",
        file=ImageFile(buffer, name=f"poster-{slug}.jpg"),
    )


def colour(hue, saturation, lightness):
    return tuple(
        round(channel * 255) for channel in colorsys.hls_to_rgb(hue, lightness, saturation)
    )
