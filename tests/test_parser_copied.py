"""Reviews copied from other sites' pages (tests/fixtures/copied/, texts written for these
tests): each shape of title, facts, scores, bylines, labels, headings and page chrome."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from reviews.ingest.chrome import byline, is_furniture
from reviews.ingest.facts import parse_budget, parse_runtime, read_facts, split_facts
from reviews.ingest.inputs import ReviewFormatError
from reviews.ingest.parser import parse_review_bytes, parse_review_text
from reviews.ingest.scores import parse_score
from reviews.ingest.titles import parse_title

COPIED = Path(__file__).parent / "fixtures" / "copied"


def copied(name):
    return parse_review_bytes((COPIED / name).read_bytes())


def headings(review):
    return [section.heading for section in review.sections]


# Whole pages


def test_page_chrome_byline_and_stars_above_a_guardian_style_title():
    review = copied("salt-road-2023.txt")
    assert review.film.title == "Salt Road" and review.film.year is None
    assert review.headline == "a patient, sunburnt road movie that earns its silences"
    assert (review.score, review.score_display) == (Decimal("7.0"), "★★★½")
    assert review.critics == ["Priya Castellanos"]
    assert review.published == datetime.date(2023, 10, 9)
    text = " ".join([*review.summary, *review.verdict])
    for chrome in ("Share this", "Facebook", "Advertisement", "Photo:", "More like this", "Ten Q"):
        assert chrome not in text
    assert len(review.summary) == 4
    assert "verdict: the last paragraph (no verdict heading)" in review.guessed


def test_review_colon_title_facts_one_per_line_labels_and_colon_headings():
    review = copied("the-glass-orchard-2023.txt")
    film = review.film
    assert (film.title, film.year, review.headline) == ("The Glass Orchard", 2023, "")
    assert film.release_date == datetime.date(2023, 10, 6)
    assert film.runtime_minutes == 118
    assert film.genres == ["Drama", "Mystery"]
    assert film.credits == [
        {"name": "Helena Saro", "role": "director", "character": ""},
        {"name": "Mina Dare", "role": "cast", "character": ""},
        {"name": "Joel Okafor", "role": "cast", "character": "Tom"},
        {"name": "Ruth Penhallow", "role": "cast", "character": ""},
    ]
    assert film.synopsis.startswith("A botanist returns to her family's failing orchard")
    assert review.critics == ["Marcus Webb"]
    assert (review.score, review.score_display) == (Decimal("7.0"), "3.5/5")
    assert headings(review) == ["What Works", "What Doesn't", "The Performances"]
    assert review.verdict == [
        "The Glass Orchard is flawed but haunting, a mystery that stays with you longer than"
        " its answers deserve to."
    ]
    assert review.guessed == []


def test_headline_first_title_glued_facts_and_a_letter_grade():
    review = copied("a-quiet-kind-of-thunder-2022.txt")
    assert review.film.title == "Fennick Bay" and review.film.year == 2022
    assert review.headline == "A Quiet Kind of Thunder Makes a Storm Out of Very Little"
    assert review.film.release_date == datetime.date(2022, 3, 14)
    assert review.film.runtime_minutes == 104
    assert (review.score, review.score_display) == (Decimal("8.5"), "B+")
    assert review.critics == ["Sam Oyelaran"]
    assert headings(review) == ["The Set-Up", "A Village of Suspects"]
    assert review.verdict[0].startswith("Fennick Bay is tense, clever")


def test_score_in_the_title_and_a_verdict_opening_with_overall():
    review = copied("lantern-district-2021.txt")
    assert (review.film.title, review.film.year, review.score) == (
        "Lantern District",
        2021,
        Decimal("6.0"),
    )
    # The two-blank-line gap is not a verdict gap outside the seed shape.
    assert len(review.summary) == 3
    assert review.verdict[0].startswith("Overall, Lantern District is worth seeing")
    assert "verdict from the paragraph starting 'Overall'" in review.guessed


def test_film_review_title_year_only_in_the_facts_tags_and_trailing_chrome():
    review = copied("winter-signal-2024.txt")
    assert (review.film.title, review.film.year, review.headline) == ("Winter Signal", 2024, "")
    assert review.film.release_date is None
    assert review.tags == ["science fiction", "polar", "time loops"]
    assert review.verdict[0].startswith("Still, as a small-scale science fiction film")
    assert not any("Like" in paragraph for paragraph in review.summary)


def test_review_film_year_colon_headline_synopsis_label_and_two_verdict_headings():
    review = copied("paper-kingdom-2023.txt")
    assert (review.film.title, review.headline) == (
        "Paper Kingdom",
        "A Children's Film That Trusts Children",
    )
    assert review.critics == ["Lou Ferreira"]
    assert (review.score, review.score_display) == (Decimal("8.0"), "4 stars")
    assert review.film.synopsis.startswith("A shy ten-year-old builds a kingdom")
    assert review.summary[0].startswith("Paper Kingdom is the kind of family film")
    assert headings(review) == ["The Craft"]
    assert len(review.verdict) == 2


def test_lists_under_headings_final_talk_and_comments_cut_off():
    review = copied("iron-meridian-2023.txt")
    film = review.film
    assert (film.runtime_minutes, film.budget_usd) == (151, 180_000_000)
    assert (film.country, film.distributor) == ("United States", "Prime Video")
    assert review.critics == ["Tomás Rivera-Lund"]
    assert headings(review) == ["Pros", "Cons", "The Visuals", "The Story"]
    assert review.sections[1].paragraphs == [
        ["A plot that needs a glossary", "Twenty minutes too long, at least"]
    ]
    assert review.verdict[0].startswith("Iron Meridian is a mess")
    assert not any("walked out" in paragraph for paragraph in review.verdict)


# Title lines


@pytest.mark.parametrize(
    ("line", "film", "year", "headline"),
    [
        ("Ballerina (2023) Review – Style Over Soul", "Ballerina", 2023, "Style Over Soul"),
        ("Ballerina (2023) Review", "Ballerina", 2023, ""),
        ("Review: Ballerina (2023)", "Ballerina", 2023, ""),
        ("Review Ballerina (2023): Style Over Soul", "Ballerina", 2023, "Style Over Soul"),
        ("A Stylish Revenge Ride Without a Heart – Ballerina (2023) Review", "Ballerina", 2023,
         "A Stylish Revenge Ride Without a Heart"),
        ("Ballerina Review", "Ballerina", None, ""),
        ("‘Kill Boksoon’ review: a slick assassin drama", "Kill Boksoon", None,
         "a slick assassin drama"),
        ("Ballerina [2023] Movie Review | Style", "Ballerina", 2023, "Style"),
        ("Mission: Impossible – Fallout (2018) Review", "Mission: Impossible – Fallout", 2018, ""),
        ("Ballerina (2023)", "Ballerina", 2023, ""),
    ],
)  # fmt: skip
def test_title_shapes(line, film, year, headline):
    title = parse_title(line)
    assert (title.film, title.year, title.headline) == (film, year, headline)


def test_a_score_after_the_title_is_the_score():
    title = parse_title("Ballerina (2023) – 6/10")
    assert (title.film, title.headline, title.score) == ("Ballerina", "", "6/10")


@pytest.mark.parametrize(
    "line", ["Shopping list", "It was a dark and stormy night.", "Movie Review"]
)
def test_lines_that_are_not_titles(line):
    assert parse_title(line) is None


# Scores


@pytest.mark.parametrize(
    ("written", "value", "display"),
    [
        ("7", "7.0", ""),
        ("7.5", "7.5", ""),
        ("7/10", "7.0", ""),
        ("7 out of 10", "7.0", ""),
        ("3.5/5", "7.0", "3.5/5"),
        ("3.5 out of 5", "7.0", "3.5 out of 5"),
        ("72/100", "7.2", "72/100"),
        ("72%", "7.2", "72%"),
        ("★★★½", "7.0", "★★★½"),
        ("★★★☆☆", "6.0", "★★★☆☆"),
        ("***1/2", "7.0", "***1/2"),
        ("4 stars", "8.0", "4 stars"),
        ("4/5 stars", "8.0", "4/5 stars"),
        ("A+", "10.0", "A+"),
        ("B+", "8.5", "B+"),
        ("C-", "6.0", "C-"),
        ("F", "2.0", "F"),
    ],
)
def test_score_forms_map_onto_ten(written, value, display):
    assert parse_score(written) == (Decimal(value), display)


@pytest.mark.parametrize("written", ["", "N/A", "Not rated", "-"])
def test_not_scored(written):
    assert parse_score(written) == (None, "")


@pytest.mark.parametrize("written", ["11", "6/5", "5.5 stars", "great", "G+"])
def test_scores_that_are_refused(written):
    with pytest.raises(ReviewFormatError):
        parse_score(written)


# Facts


def test_facts_glued_separated_and_in_any_order():
    pairs = split_facts("Runtime: 1h 58mGenre: Drama | Director: Ada Kwiatek | Release Date: 2023")
    assert [kind for kind, _ in pairs] == ["runtime", "genres", "director", "release"]
    facts = read_facts([(kind, value, 1) for kind, value in pairs])
    assert (facts.runtime_minutes, facts.genres, facts.year) == (118, ["Drama"], 2023)


@pytest.mark.parametrize(
    ("value", "minutes"),
    [("93 mins", 93), ("1h 58m", 118), ("1 hr 58 min", 118), ("2 hours", 120), ("1:58", 118),
     ("2 hours 31 minutes", 151), ("118 minutes", 118)],
)  # fmt: skip
def test_runtime_forms(value, minutes):
    assert parse_runtime(value) == minutes


@pytest.mark.parametrize(
    ("value", "dollars"),
    [("$ 11,400,000", 11_400_000), ("$11.4 million", 11_400_000), ("$200M", 200_000_000),
     ("US$ 5 million", 5_000_000)],
)  # fmt: skip
def test_budget_forms(value, dollars):
    assert parse_budget(value) == dollars


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("October 6, 2023", datetime.date(2023, 10, 6)),
        ("Oct. 6th, 2023", datetime.date(2023, 10, 6)),
        ("6 October 2023", datetime.date(2023, 10, 6)),
        ("2023-10-06 (Netflix)", datetime.date(2023, 10, 6)),
        ("06.10.2023", datetime.date(2023, 10, 6)),
    ],
)
def test_release_date_forms(value, date):
    facts = read_facts([("release", value, 1)])
    assert facts.release_date == date


def test_a_release_month_gives_the_year_only():
    facts = read_facts([("release", "October 2023", 1)])
    assert (facts.release_date, facts.year) == (None, 2023)


def test_a_sentence_starting_like_a_label_is_not_a_fact():
    assert split_facts("Starring in her first lead role, Mina Dare is a revelation.") == []
    assert split_facts("Directed by Ada Kwiatek") == [("director", "Ada Kwiatek")]


# Chrome and bylines


@pytest.mark.parametrize(
    "line",
    [
        "Share this",
        "Share on Facebook",
        "Advertisement",
        "ADVERTISEMENT",
        "Home › Reviews › Drama",
        "Mina Dare in The Glass Orchard. (Photo: Harrow Pictures)",
        "Photo: Netflix",
        "Image credit: Northlight Films",
        "© 2023 Harrow Pictures",
        "5 min read",
    ],
)
def test_page_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    ["The Performances", "It is a mess, but a glorious one.", "Photographs of the sea recur."],
)
def test_review_text_is_not_furniture(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Priya Castellanos", ["Priya Castellanos"]),
        ("by Jane van der Berg | October 9, 2023", ["Jane van der Berg"]),
        ("Reviewed by Ana Lima and Sam Cole", ["Ana Lima", "Sam Cole"]),
        ("Critic: Lou Ferreira", ["Lou Ferreira"]),
        ("Written by 김지은", ["김지은"]),
    ],
)
def test_bylines(line, names):
    assert byline(line)[0] == names


@pytest.mark.parametrize("line", ["By the end, it is exhausting.", "by now you know the drill"])
def test_sentences_are_not_bylines(line):
    assert byline(line) is None


# Labels, headings and verdicts on small pages


def page(*blocks):
    return parse_review_text("Harbour Lights (2022) Review\n\n" + "\n\n".join(blocks) + "\n")


INTRO = "Harbour Lights is a slow, handsome crime film that trusts its audience to keep up."
MIDDLE = "The docks are the film's real protagonist, all rust and sodium light and rain."
LAST = "It is a film that is better on reflection than in the moment, and worth your time."


@pytest.mark.parametrize(
    "heading",
    ["Verdict", "Final Verdict", "Final Thoughts", "Final Talk", "Conclusion", "Overall",
     "The Bottom Line", "In the end", "Should You Watch It?", "Verdict:"],
)  # fmt: skip
def test_verdict_headings(heading):
    review = page(INTRO, "The Docks", MIDDLE, heading, LAST)
    assert headings(review) == ["The Docks"]
    assert review.verdict == [LAST]


@pytest.mark.parametrize("label", ["Verdict", "Final Verdict", "Bottom line", "The Verdict"])
def test_labelled_verdict_paragraph(label):
    review = page(INTRO, "The Docks", MIDDLE, f"{label}: {LAST}")
    assert review.verdict == [LAST]
    assert review.sections[0].paragraphs == [MIDDLE]


def test_a_labelled_verdict_at_the_top_still_ends_the_review():
    review = page(f"Verdict: {LAST}", INTRO, "The Docks", MIDDLE)
    assert review.verdict == [LAST]
    assert review.summary == [INTRO]
    assert headings(review) == ["The Docks"]


def test_plot_and_review_labels():
    review = page("Plot: A harbour pilot finds a ship with no crew.", f"Review: {INTRO}", LAST)
    assert review.film.synopsis == "A harbour pilot finds a ship with no crew."
    assert review.summary == [INTRO]


def test_a_two_blank_line_gap_alone_does_not_open_the_verdict():
    review = parse_review_text(f"Harbour Lights (2022) Review\n\n{INTRO}\n\n\n{MIDDLE}\n\n{LAST}\n")
    assert review.summary == [INTRO, MIDDLE]
    assert review.verdict == [LAST]


def test_headings_ending_in_a_colon_but_not_sentences():
    review = page(INTRO, "The Docks:", MIDDLE, "Here is what happens next in the story:", LAST)
    assert headings(review) == ["The Docks"]
    assert review.sections[0].paragraphs == [MIDDLE, "Here is what happens next in the story:"]


def test_missing_facts_are_reported_as_problems_not_refusals():
    review = page("Runtime: about two hours", "Budget: ₩ 10 billion", INTRO, LAST)
    assert review.film.runtime_minutes is None and review.film.budget_usd is None
    assert review.problems == [
        "runtime 'about two hours' not understood",
        "budget '₩ 10 billion' not in US dollars",
    ]


def test_a_bare_film_name_with_facts_below_is_the_title():
    review = parse_review_text(f"Harbour Lights\n\nRelease Date: 2022-11-18\n\n{INTRO}\n\n{LAST}")
    assert (review.film.title, review.film.year) == ("Harbour Lights", 2022)
    assert review.guessed[0].startswith("film 'Harbour Lights': the first line")


def test_markdown_headings_bold_labels_dated_byline_and_a_question_verdict():
    review = copied("night-ferry-2020.txt")
    assert (review.film.title, review.film.year) == ("Night Ferry", 2020)
    assert (review.score, review.score_display) == (Decimal("8.0"), "★★★★☆")
    assert review.critics == ["Alix Moreau-Tan"]
    assert review.published == datetime.date(2021, 3, 3)
    assert review.film.runtime_minutes == 96
    assert [c["name"] for c in review.film.credits] == ["Ben Achterberg", "Ola Nwosu", "Petra Lind"]
    assert review.summary == []
    assert headings(review) == ["The Crossing", "Two Strangers"]
    assert review.verdict[0].startswith("Yes, especially late at night.")


def test_a_caption_naming_people_in_the_film_is_dropped():
    review = page("Tomas Reyes and Ines Larkin in Harbour Lights (2022)", INTRO, MIDDLE, LAST)
    assert review.summary == [INTRO, MIDDLE]
    assert headings(review) == []


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Rating: 7.5/10 from 1,234 readers", "7.5"),
        ("Our score: 4 out of 5 stars – a must", "8.0"),
        ("Verdict: 8/10 – a smart, brutal thriller", "8.0"),
        ("★★★★☆ (4/5)", "8.0"),
    ],
)
def test_a_score_followed_by_a_comment(line, score):
    review = page(line, INTRO, "A Village of Suspects", MIDDLE, LAST)
    assert review.score == Decimal(score)
    assert headings(review) == ["A Village of Suspects"]


def test_a_seed_like_title_over_a_copied_page_is_read_as_a_copied_page():
    text = (
        "Harbour Lights (2022) Review – A Slow Burn\n\nRating: 3.5/5\n\n"
        "Release Date: November 18, 2022\nDirector: Maren Holt\n\n"
        f"{INTRO}\n\nThe Docks:\n\n{MIDDLE}\n\n\n{INTRO}\n\nFinal Verdict\n\n{LAST}\n"
    )
    review = parse_review_text(text)
    assert review.film.synopsis == ""
    assert review.summary == [INTRO]
    assert review.sections[0].heading == "The Docks"
    assert review.sections[0].paragraphs == [MIDDLE, INTRO]
    assert review.verdict == [LAST]
