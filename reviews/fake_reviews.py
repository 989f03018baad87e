"""Invented film reviews, varied the way a real archive is: titles in several shapes, Hangul,
headlines, sections, verdicts, copy artefacts. Deterministic for a given seed.

Used by the benchmarks' file generator (tests/benchmarks/generate_reviews.py, text for the
importer) and by `manage.py seed_reviews` (pages stored directly). Pure Python: no Django here.
"""

import datetime
import html
import json
import random
import textwrap

DASHES = ("–", "—", "-", ":")
SCORE_NAMES = ("Movie Bunker Score", "Our Score", "Rating", "Critic Score")
GENRES = (
    "Action",
    "Animation",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "Horror",
    "Mystery",
    "Romance",
    "Science Fiction",
    "Thriller",
    "War",
    "Western",
)

TITLE_ADJECTIVES = (
    "Silent", "Broken", "Hidden", "Last", "Crimson", "Quiet", "Burning", "Distant", "Hollow",
    "Golden", "Frozen", "Restless", "Electric", "Midnight", "Wild", "Lonely", "Northern", "Bitter",
    "Velvet", "Iron", "Paper", "Glass", "Sleeping", "Falling", "Secret", "Salt", "Concrete",
)  # fmt: skip
TITLE_NOUNS = (
    "Harbour", "Tower", "River", "Garden", "Empire", "Signal", "Orchard", "Station", "Frontier",
    "Lantern", "Kingdom", "Island", "Mirror", "Machine", "Season", "Highway", "Shore", "Winter",
    "Circus", "Archive", "Ballerina", "Hours", "Lights", "Utopia", "Witness", "Crossing", "Tide",
)  # fmt: skip
SEQUELS = ("II", "III", "Part Two", "Returns", "Reloaded")
# Original titles for Korean films, written after the English one as the source does.
KOREAN_TITLES = (
    "조용한 항구", "마지막 겨울", "붉은 강", "잃어버린 정원", "밤의 신호", "황금 제국",
    "유리 탑", "소금 바다", "콘크리트 유토피아", "발레리나", "얼어붙은 섬", "푸른 등대",
)  # fmt: skip
KOREAN_SENTENCES = (
    "이 영화는 조용하지만 깊은 여운을 남긴다.",
    "배우들의 연기는 훌륭하지만 이야기는 다소 느리게 흘러간다.",
    "서울의 밤거리를 담은 장면들은 숨이 막힐 만큼 아름답다.",
    "감독은 마지막 순간까지 긴장을 놓지 않는다.",
    "주인공 옥주의 선택은 관객에게 오래 남을 질문을 던진다.",
    "음악과 음향이 장면의 감정을 섬세하게 받쳐 준다.",
    "후반부의 반전은 예상 가능하지만 충분히 설득력이 있다.",
)

HEADLINE_ADJECTIVES = (
    "Visually Stunning", "Emotionally Hollow", "Quietly Devastating", "Overlong", "Sharply Written",
    "Gloriously Messy", "Beautifully Shot", "Painfully Slow", "Surprisingly Tender",
    "Relentlessly Grim", "Wildly Uneven", "Confidently Made", "Slow-Burning", "Fiercely Acted",
)  # fmt: skip
HEADLINE_THINGS = (
    "Thriller", "Drama", "Character Study", "Crime Saga", "Ghost Story", "Road Movie", "Comedy",
    "Debut", "Epic", "Chamber Piece", "Revenge Story", "Romance", "Satire", "Survival Tale",
)  # fmt: skip
HEADLINE_CLAIMS = (
    "Earns Its Ending", "Loses Its Nerve", "Never Quite Lands", "Rewards Patience",
    "Outstays Its Welcome", "Finds Its Heart Late", "Plays It Safe", "Deserves an Audience",
    "Trusts Its Audience", "Forgets Its Characters",
)  # fmt: skip

FIRST_NAMES = (
    "Tomas", "Ines", "Maren", "Ji-woo", "Anna", "Felix", "Ruth", "Daniel", "Sofia", "Min-ho",
    "Claire", "Omar", "Ok-ju", "Hana", "Lucas", "Priya",
)  # fmt: skip
LAST_NAMES = (
    "Reyes", "Larkin", "Holt", "Park", "Verhoeven", "Okafor", "Lindqvist", "Kim", "Moreau",
    "Hassan", "Jeon", "Novak", "Brennan", "Sato",
)  # fmt: skip

LOGLINE_WHO = (
    "A disgraced harbour pilot", "A retired detective", "A grieving night-shift nurse",
    "Two estranged sisters", "A young violinist", "An ex-bodyguard", "A small-town mayor",
    "A failing novelist", "A teenage runaway", "A widowed farmer", "An ageing stunt performer",
)  # fmt: skip
LOGLINE_WHAT = (
    "is pulled back into the job", "must decide who to trust", "sets out to settle an old debt",
    "returns home for the first time in years", "takes a job that seems too good to be true",
    "goes looking for a missing friend", "agrees to one last favour",
)  # fmt: skip
LOGLINE_WHEN = (
    "when a stranger arrives with a warning", "after a flood cuts the town off",
    "as a storm closes in on the coast", "when a letter from the past turns up",
    "after a robbery goes badly wrong", "when the ship in the harbour turns out to have no crew",
)  # fmt: skip

SUBJECTS = (
    "the film", "{film}", "the director", "the script", "the cinematography",
    "the lead performance", "the score", "the second act", "the editing", "the supporting cast",
    "every frame", "the final half hour", "{lead}", "the camera", "the production design",
    "the dialogue", "{director}’s direction", "the film’s opening",
)  # fmt: skip
VERBS = (
    "moves with", "struggles to find", "leans heavily on", "never quite escapes",
    "finds real power in", "builds slowly towards", "takes its time with", "rarely trusts",
    "handles", "undercuts", "makes a virtue of", "trades on", "buries", "lingers on",
    "circles around", "returns again to",
)  # fmt: skip
OBJECTS = (
    "a quiet sense of dread", "its own premise", "the audience’s patience",
    "a handful of striking images", "the weight of grief", "familiar genre conventions",
    "the tension between its two leads", "long, unbroken takes", "a story we have seen before",
    "moments of unexpected humour", "the city at night", "its central mystery",
    "the rhythm of everyday life", "a predictable twist", "the “one last job” formula",
    "questions it never answers",
)  # fmt: skip
TAILS = (
    "", "", ", and it mostly works", ", which is both its strength and its weakness",
    " without ever feeling rushed", ", though not always convincingly", " in ways that feel earned",
    ", even when the plot wobbles", " until the very last scene", ", and the effect is hypnotic",
    " more often than it should", ", a choice that will divide audiences",
)  # fmt: skip
OPENERS = (
    "", "", "", "At its best, ", "Too often, ", "For a while, ", "Crucially, ", "In the end, ",
    "Early on, ", "Strangely, ", "To its credit, ", "As a result, ",
)  # fmt: skip

SECTION_HEADINGS = (
    "Plot Summary", "Performances Under Pressure", "A Port That Feels Lived In",
    "Style Over Innovation", "Lack of Depth", "The Look of the Film", "Sound and Score",
    "Where It Stumbles", "What Works", "The Cast", "Pacing Problems", "A Director in Control",
    "Themes and Subtext", "The Action Scenes", "Writing and Dialogue", "The Question of Length",
    "Visual Storytelling", "Characters Worth Caring About", "A Familiar Formula", "Music and Mood",
    "The Central Relationship", "An Uneven Second Half", "World-Building", "Humour That Lands",
)  # fmt: skip
SITE_NAMES = ("The Reel Ledger", "Projector Notes", "Second Row Centre", "Late Show Weekly")
COPIED_SCORES = ("★★★½", "★★★★☆", "Rating: 3.5/5", "Score: 7/10", "4 stars", "Grade: B+", "")
COPIED_VERDICT_HEADINGS = ("Final Talk", "Overall", "In the End", "Verdict:", "Final Verdict")
COPIED_SHARE = 0.3
KOREAN_HEADINGS = ("연기와 연출", "서울의 밤", "이야기의 힘")
# Each matches the parser's verdict-heading pattern, so the last section becomes the verdict.
VERDICT_HEADINGS = (
    "Verdict", "Final Thoughts", "Conclusion", "The Bottom Line", "Our Verdict", "In Conclusion",
    "Closing Thoughts", "Final Verdict",
)  # fmt: skip


class FakeReview:
    """One review's text, and the shape the parser should read back from it."""

    def __init__(self, rng: random.Random, title: str, year: int):
        self.rng = rng
        self.film = title
        self.year = year
        self.korean = rng.random() < 0.2
        self.original_title = rng.choice(KOREAN_TITLES) if self.korean else ""
        if self.korean:
            # Written after the English title, as the source does.
            self.film = f"{title} ({self.original_title})"
        self.lead = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        self.director = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        self.headline = self._headline()
        self.intro = [self._paragraph() for _ in range(rng.randint(1, 3))]
        headings = SECTION_HEADINGS + (KOREAN_HEADINGS if self.korean else ())
        self.sections = [
            (heading, [self._paragraph() for _ in range(rng.randint(1, 3))])
            for heading in rng.sample(headings, rng.randint(1, 5))
        ]
        self.verdict = [self._paragraph() for _ in range(rng.randint(1, 2))]
        # A share of the files are pages copied from other sites rather than the seed shape.
        self.copied = rng.random() < COPIED_SHARE
        self.critic = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    def _headline(self) -> str:
        rng = self.rng
        adjective, other = rng.sample(HEADLINE_ADJECTIVES, 2)
        thing, claim = rng.choice(HEADLINE_THINGS), rng.choice(HEADLINE_CLAIMS)
        headline = rng.choice(
            (
                f"{adjective} yet {other}",
                f"{adjective} {thing} That {claim}",
                f"{adjective} {thing}",
                f"{thing} That {claim}",
            )
        )
        if " That " in headline:
            headline = ("An " if headline[0] in "AEIOU" else "A ") + headline
        return headline

    def _sentence(self) -> str:
        rng = self.rng
        if self.korean and rng.random() < 0.3:
            return rng.choice(KOREAN_SENTENCES)
        subject = rng.choice(SUBJECTS).format(
            film=self.film, lead=self.lead, director=self.director
        )
        text = (
            f"{rng.choice(OPENERS)}{subject} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            f"{rng.choice(TAILS)}."
        )
        return text[0].upper() + text[1:]

    def _paragraph(self) -> str:
        return " ".join(self._sentence() for _ in range(self.rng.randint(3, 7)))

    def text(self) -> str:
        if self.copied:
            return self.copied_text()
        rng = self.rng
        dash = rng.choice(DASHES)
        title = (
            f"{self.film} ({self.year}) Review{'' if dash == ':' else ' '}{dash} {self.headline}"
        )
        header_gap = ["", ""] if rng.random() < 0.3 else [""]
        lines = [title, *header_gap, f"{rng.choice(SCORE_NAMES)}:{self._score()}", *header_gap]
        film_header = [self._details(), "", self._logline()]
        lines += film_header
        if rng.random() < 0.25:
            # The copy artefact from the review site: details and logline pasted twice.
            lines += [*header_gap, *film_header]
        lines += header_gap
        wrap = rng.random() < 0.15
        for paragraph in self.intro:
            lines += [*self._lines(paragraph, wrap), ""]
        for heading, paragraphs in self.sections:
            lines += [heading, ""]
            for paragraph in paragraphs:
                lines += [*self._lines(paragraph, wrap), ""]
        if rng.random() < 0.5:
            lines += [""] * rng.randint(0, 1)
            lines += [rng.choice(VERDICT_HEADINGS), ""]
        else:
            # No heading: the verdict is whatever follows the last gap of 2+ blank lines.
            lines += [""] * rng.randint(1, 2)
        for paragraph in self.verdict:
            lines += [*self._lines(paragraph, wrap), ""]
        newline = "\r\n" if rng.random() < 0.25 else "\n"
        bom = "\ufeff" if rng.random() < 0.1 else ""
        return bom + newline.join(lines)

    def copied_text(self) -> str:
        """The review as copied from another site: chrome, another title shape, a byline,
        labelled facts, a score in another form, headings with colons, a list of links."""
        rng = self.rng
        title = rng.choice(
            (
                f"{self.film} ({self.year}) Review – {self.headline}",
                f"Review: {self.film} ({self.year})",
                f"{self.film} ({self.year}) Movie Review",
                f"Review {self.film} ({self.year}): {self.headline}",
            )
        )
        day = datetime.date(self.year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        minutes = rng.randint(75, 190)
        lines = [
            rng.choice(SITE_NAMES),
            "Home › Reviews",
            "",
            title,
            "",
            f"By {self.critic} | {day:%B} {day.day}, {day.year}",
            rng.choice(COPIED_SCORES),
            "",
            f"Release Date: {day:%B} {day.day}, {day.year}",
            f"Runtime: {minutes // 60}h {minutes % 60}m | Genre: {rng.choice(GENRES)}",
            f"Director: {self.director}",
            f"Starring: {self.lead}",
            "",
            f"Plot: {self._logline()}",
            "",
            "Share this",
            "",
        ]
        for paragraph in self.intro:
            lines += [paragraph, ""]
        for heading, paragraphs in self.sections:
            colon = ":" if rng.random() < 0.5 and len(heading.split()) <= 6 else ""
            lines += [heading + colon, ""]
            for paragraph in paragraphs:
                lines += [paragraph, ""]
                if rng.random() < 0.1:
                    lines += ["Advertisement", ""]
        lines += [rng.choice(COPIED_VERDICT_HEADINGS), ""]
        for paragraph in self.verdict:
            lines += [paragraph, ""]
        lines += ["More like this", f"{film_title(rng)} Review", f"{film_title(rng)} Review"]
        return "\n".join(lines)

    def article_html(self) -> str:
        """The body as a site's HTML: paragraphs and <h2> headings, the verdict headed last."""
        parts = [f"<p>{html.escape(paragraph)}</p>" for paragraph in self.intro]
        for heading, paragraphs in self.sections:
            parts.append(f"<h2>{html.escape(heading)}</h2>")
            parts += [f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs]
        parts.append("<h2>Verdict</h2>")
        parts += [f"<p>{html.escape(paragraph)}</p>" for paragraph in self.verdict]
        return "\n".join(parts)

    def page_html(self) -> str:
        """The review as a browser saves it: site chrome around an article, schema.org data."""
        title = f"{self.film} ({self.year}) Review – {self.headline}"
        data = {
            "@context": "https://schema.org",
            "@type": "Review",
            "name": title,
            "author": {"@type": "Person", "name": self.critic},
            "reviewRating": {"@type": "Rating", "ratingValue": self.rng.randint(1, 10),
                             "bestRating": 10},
            "itemReviewed": {"@type": "Movie", "name": self.film, "dateCreated": str(self.year)},
        }  # fmt: skip
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} | The Reel Ledger</title>"
            f'<script type="application/ld+json">{json.dumps(data)}</script></head><body>'
            '<header><nav><a href="/">Home</a> <a href="/reviews/">Reviews</a></nav></header>'
            f"<main><article><h1>{html.escape(title)}</h1>"
            f'<p class="byline">By {html.escape(self.critic)}</p>\n{self.article_html()}'
            '</article><aside><h2>More like this</h2><ul><li><a href="/x/">Another film</a>'
            "</li></ul></aside></main><footer>© The Reel Ledger</footer></body></html>"
        )

    def wxr_item(self, number: int) -> str:
        """The review as a post of a WordPress export."""
        title = html.escape(f"{self.film} ({self.year}) Review – {self.headline}")
        return (
            f"<item><title>{title}</title><dc:creator><![CDATA[{self.critic}]]></dc:creator>"
            f'<guid isPermaLink="false">https://example.com/?p={number}</guid>'
            f"<content:encoded><![CDATA[{self.article_html()}]]></content:encoded>"
            f"<wp:post_id>{number}</wp:post_id>"
            f"<wp:post_date_gmt>{self.year}-06-01 12:00:00</wp:post_date_gmt>"
            f"<wp:post_name>review-{number}</wp:post_name><wp:status>publish</wp:status>"
            "<wp:post_type>post</wp:post_type>"
            f'<category domain="category" nicename="genre"><![CDATA[{self.rng.choice(GENRES)}]]>'
            "</category></item>"
        )

    def _score(self) -> str:
        rng = self.rng
        number = rng.randint(1, 10)
        return rng.choice(
            ("", f" {number}", f" {rng.randint(10, 99) / 10}", f" {number}/10", f" {number} / 10")
        )

    def _details(self) -> str:
        rng = self.rng
        release = ""
        if rng.random() < 0.9:
            day = datetime.date(self.year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
            release = day.isoformat()
        genres = ", ".join(rng.sample(GENRES, rng.randint(1, 3)))
        minutes = rng.randint(75, 190)
        duration = rng.choice((f"{minutes} mins", f"{minutes // 60}h {minutes % 60}m"))
        budget = rng.choice(
            (
                f"$ {rng.randint(1, 250) * 100_000:,}",
                f"${rng.randint(1, 900) * 10_000:,}",
                f"$ {rng.randint(5, 900) * 1000}",
                "$ 0",
                "",
            )
        )
        return f"Release: {release}Genre: {genres}Duration: {duration}Budget: {budget}".rstrip()

    def _logline(self) -> str:
        rng = self.rng
        return f"{rng.choice(LOGLINE_WHO)} {rng.choice(LOGLINE_WHAT)} {rng.choice(LOGLINE_WHEN)}."

    @staticmethod
    def _lines(paragraph: str, wrap: bool) -> list[str]:
        # Some sources hard-wrap paragraphs; the parser joins a block's lines back up.
        return textwrap.wrap(paragraph, 78) if wrap else [paragraph]


def film_title(rng: random.Random) -> str:
    adjective = rng.choice(TITLE_ADJECTIVES)
    noun, other = rng.sample(TITLE_NOUNS, 2)
    return rng.choice(
        (
            f"The {adjective} {noun}",
            f"{adjective} {noun}",
            noun if noun not in ("Hours", "Lights") else f"{adjective} {noun}",
            f"{adjective} {noun} {rng.choice(SEQUELS)}",
            f"{noun} of the {adjective} {other}",
        )
    )


def fake_reviews(count: int, seed: int):
    """`count` reviews, one per film, so every review makes its own Film row and page."""
    rng = random.Random(seed)
    films: set[tuple[str, int]] = set()
    while len(films) < count:
        title, year = film_title(rng), rng.randint(1960, 2025)
        if (title.casefold(), year) in films:
            continue
        films.add((title.casefold(), year))
        yield title, year, FakeReview(rng, title, year)
