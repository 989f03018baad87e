import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from reviews.ingest.parser import (
    MAX_BYTES,
    ParsedSection,
    ReviewFormatError,
    decode_review_bytes,
    parse_review_bytes,
    parse_review_text,
)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = Path(__file__).parent.parent / "reviews" / "fixtures" / "ballerina-2023.txt"

TITLE = "Ballerina (2023) Review – Visually Stunning yet Emotionally Hollow"
DETAILS = "Release: 2023-10-05Genre: ActionDuration: 93 minsBudget: $ 0"
LOGLINE = (
    "Grieving the loss of a best friend she couldn't protect, an ex-bodyguard sets out to fulfill"
    " her dear friend's last wish: sweet revenge."
)
INTRO = (
    "Ballerina arrives on Netflix with a striking poster and very little else to say. The film"
    " moves quickly, looks expensive and forgets itself almost as soon as the credits roll."
)
PLOT = (
    "Ok-ju is a former bodyguard who has lost the one friend she had. Her search for the men"
    " responsible leads her through a series of neon-lit clubs and grim apartments."
)
ACTION = (
    "The fight scenes are the main attraction. They are brutal, clearly staged and shot with a"
    " welcome refusal to cut away, even if they rarely surprise."
)
VERDICT = (
    "Ballerina is a good-looking film with nothing under the surface. Fans of the genre will"
    " enjoy an evening with it; everyone else can safely skip it."
)
CODA = (
    "If you do watch it, watch it for Jeon Jong-seo, who deserves a script that trusts her with"
    " more than a blade and a scowl."
)


def make_review(
    body: str,
    *,
    title: str = TITLE,
    score_line: str = "Movie Bunker Score:",
    details: str = DETAILS,
    logline: str = LOGLINE,
) -> str:
    return f"{title}\n\n{score_line}\n\n\n{details}\n\n{logline}\n\n{body}\n"


def paragraphs(*blocks: str) -> str:
    return "\n\n".join(blocks)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse_error(text: str) -> str:
    with pytest.raises(ReviewFormatError) as excinfo:
        parse_review_text(text)
    message = str(excinfo.value)
    assert "\n" not in message
    return message


# The sample copied from the review site


@pytest.fixture(scope="module")
def ballerina():
    return parse_review_bytes(SAMPLE.read_bytes())


def test_sample_title_and_score(ballerina):
    assert ballerina.title == TITLE
    assert ballerina.headline == "Visually Stunning yet Emotionally Hollow"
    assert ballerina.score_name == "Movie Bunker Score"
    assert ballerina.score is None
    assert ballerina.source_key == "ballerina|2023|visually stunning yet emotionally hollow"


def test_sample_film(ballerina):
    film = ballerina.film
    assert film.title == "Ballerina"
    assert film.year == 2023
    assert film.release_date == datetime.date(2023, 10, 5)
    assert film.runtime_minutes == 93
    assert film.budget_usd is None
    assert film.genres == ["Action"]
    assert film.synopsis == LOGLINE


def test_sample_duplicated_header_is_kept_once(ballerina):
    assert len(ballerina.summary) == 2
    assert ballerina.summary[0].startswith("In the realm of action-thrillers, Netflix’s Ballerina")
    assert ballerina.summary[1].startswith("The current trend in action cinema")
    everything = [*ballerina.summary, *ballerina.verdict]
    everything += [p for section in ballerina.sections for p in section.paragraphs]
    assert not any("Grieving the loss" in text or "Release:" in text for text in everything)


def test_sample_sections(ballerina):
    assert [section.heading for section in ballerina.sections] == [
        "Plot Summary",
        "Lack of Depth",
        "Style Over Innovation",
    ]
    assert [len(section.paragraphs) for section in ballerina.sections] == [1, 1, 1]
    assert ballerina.sections[0].paragraphs[0].startswith("Ballerina revolves around Ok-ju")
    assert ballerina.sections[2].paragraphs[0].startswith("Ballerina’s saving grace")


def test_sample_verdict_is_the_text_after_the_last_gap(ballerina):
    assert len(ballerina.verdict) == 1
    assert ballerina.verdict[0].startswith("Ballerina, for all its visual flair")
    assert ballerina.verdict[0].endswith("failing to leave a lasting impact on the audience.")
    last_section = " ".join(ballerina.sections[-1].paragraphs)
    assert "for all its visual flair" not in last_section


def test_sample_curly_quotes_are_kept(ballerina):
    assert "the adage “style over substance.” This South Korean film" in ballerina.summary[0]
    assert "Netflix’s" in ballerina.summary[0]


@pytest.mark.parametrize(
    "convert",
    [
        pytest.param(lambda data: data.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda data: data.replace(b"\n", b"\r"), id="lone-cr"),
        pytest.param(lambda data: b"\xef\xbb\xbf" + data, id="bom"),
        pytest.param(lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), id="bom-crlf"),
    ],
)
def test_sample_line_endings_and_bom_do_not_change_the_result(ballerina, convert):
    assert parse_review_bytes(convert(SAMPLE.read_bytes())) == ballerina


# Variant files


def test_crlf_scored_review_with_final_thoughts():
    data = fixture_bytes("harbour-lights-2022.txt")
    assert b"\r\n" in data
    review = parse_review_bytes(data)
    assert review.title == (
        "Harbour Lights (2022) Review — A Slow-Burning Crime Thriller That Earns Its Ending"
    )
    assert review.headline == "A Slow-Burning Crime Thriller That Earns Its Ending"
    assert review.score == Decimal("7.5")
    assert review.film.title == "Harbour Lights"
    assert review.film.release_date == datetime.date(2022, 11, 18)
    assert review.film.runtime_minutes == 112
    assert review.film.budget_usd == 11_400_000
    assert review.film.genres == ["Crime", "Thriller"]
    assert len(review.summary) == 2
    assert [section.heading for section in review.sections] == [
        "A Port That Feels Lived In",
        "Performances Under Pressure",
    ]
    assert [len(section.paragraphs) for section in review.sections] == [2, 2]
    assert len(review.verdict) == 2
    assert review.verdict[0].startswith("Harbour Lights is not a reinvention")
    assert review.verdict[1].startswith("If you can meet it at its own pace")
    assert not any("\r" in text for text in [*review.summary, *review.verdict])


def test_hangul_bom_nbsp_and_duplicated_header():
    review = parse_review_bytes(fixture_bytes("concrete-utopia-2023.txt"))
    assert review.title == (
        "Concrete Utopia (콘크리트 유토피아) (2023) Review: A Tower of Human Frailty"
    )
    assert review.headline == "A Tower of Human Frailty"
    assert review.score == Decimal("9.0")
    assert review.film.title == "Concrete Utopia (콘크리트 유토피아)"
    assert review.film.year == 2023
    assert review.film.runtime_minutes == 130
    assert review.film.budget_usd is None
    assert review.film.genres == ["Drama", "Thriller"]
    assert review.film.synopsis.startswith("After an earthquake flattens Seoul")
    assert review.source_key == "concrete utopia (콘크리트 유토피아)|2023|a tower of human frailty"
    assert "the Hwang Gung apartments (황궁 아파트), survives intact" in review.summary[1]
    assert [section.heading for section in review.sections] == [
        "A Community Turns Inward",
        "Lee Byung-hun’s Yeong-tak",
    ]
    assert "Lee\u00a0Byung-hun gives" in review.sections[1].paragraphs[0]
    assert "a “residents first” policy" in review.sections[0].paragraphs[0]
    # The gap before the verdict is made of lines holding only non-breaking spaces.
    assert len(review.sections[1].paragraphs) == 2
    assert len(review.verdict) == 2
    assert review.verdict[0].startswith("Concrete Utopia is bleak")


def test_review_without_headings_is_summary_and_verdict():
    review = parse_review_bytes(fixture_bytes("the-quiet-hours-2021.txt"))
    assert review.title == "The Quiet Hours (2021) Review - A Gentle Study of Grief"
    assert review.score == Decimal("6.0")
    assert review.film.release_date is None
    assert review.film.year == 2021
    assert review.film.runtime_minutes == 104
    assert review.film.budget_usd is None
    assert review.film.genres == ["Drama", "Romance"]
    assert review.sections == []
    assert len(review.summary) == 3
    assert review.verdict == [
        "It is a warm, well-acted film that will comfort more than it challenges. Worth seeking"
        " out on a slow evening, but do not expect it to stay with you for long."
    ]


# Title line


@pytest.mark.parametrize("dash", ["–", "—", "-", ":"])
def test_title_dash_forms(dash):
    title = f"Ballerina (2023) Review {dash} Visually Stunning yet Emotionally Hollow"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), title=title))
    assert review.title == title
    assert review.headline == "Visually Stunning yet Emotionally Hollow"
    assert review.film.title == "Ballerina"


def test_title_with_hyphens_and_colon_in_the_film_name():
    title = "Spider-Man: Across the Spider-Verse (2023) Review - Bigger, Bolder - and Better"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), title=title))
    assert review.film.title == "Spider-Man: Across the Spider-Verse"
    assert review.headline == "Bigger, Bolder - and Better"


def test_title_whitespace_is_normalised_and_source_key_folds_case():
    title = "  BALLERINA\u00a0 (2023)  Review –\tVisually  Stunning yet EMOTIONALLY Hollow "
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), title=title))
    assert review.title == "BALLERINA (2023) Review – Visually Stunning yet EMOTIONALLY Hollow"
    assert review.source_key == "ballerina|2023|visually stunning yet emotionally hollow"


@pytest.mark.parametrize(
    ("title", "film", "year", "headline"),
    [
        ("Ballerina (2023) Review", "Ballerina", 2023, ""),
        ("Ballerina (2023) Review –   ", "Ballerina", 2023, ""),
        ("Ballerina (2023) Review Visually Stunning", "Ballerina", 2023, "Visually Stunning"),
        ("Ballerina Review – Visually Stunning", "Ballerina", 2023, "Visually Stunning"),
    ],
)
def test_title_lines_without_a_headline_or_dash_or_year_are_read(title, film, year, headline):
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), title=title))
    assert (review.film.title, review.film.year, review.headline) == (film, year, headline)


def test_a_first_line_that_is_no_title_is_refused_with_its_line():
    text = "\n\nA review of Ballerina, the new Netflix film\n\nIt is fine.\n\nReally.\n"
    with pytest.raises(ReviewFormatError) as excinfo:
        parse_review_text(text)
    assert str(excinfo.value).startswith("no title line: write the review's title")
    assert excinfo.value.line == 3


def test_leading_blank_lines_before_the_title_are_ignored():
    review = parse_review_text("\n\n" + make_review(paragraphs(INTRO, VERDICT)))
    assert review.title == TITLE


# Score line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", None),
        ("9", Decimal("9.0")),
        ("7.5", Decimal("7.5")),
        ("8/10", Decimal("8.0")),
        ("8.5 / 10", Decimal("8.5")),
        ("0", Decimal("0.0")),
        ("10", Decimal("10.0")),
        ("7.25", Decimal("7.3")),
    ],
)
def test_score_forms(value, expected):
    score_line = f"Movie Bunker Score: {value}"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), score_line=score_line))
    assert review.score == expected
    assert review.score_name == "Movie Bunker Score"
    if expected is not None:
        assert review.score.as_tuple().exponent == -1


def test_score_name_is_taken_from_the_line():
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), score_line="Our Rating: 4"))
    assert review.score_name == "Our Rating"
    assert review.score == Decimal("4.0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11", "score '11' is out of range 0–10"),
        ("10.5/10", "score '10.5/10' is out of range 0–10"),
        ("great", "score 'great' is not a score: write it as 7, 7.5, 7/10, 3.5/5"),
        ("8/5", "score '8/5' is out of range 0–10"),
        ("-1", "score '-1' is not a score"),
        ("9.5 stars", "score '9.5 stars' is out of range 0–10"),
    ],
)
def test_bad_score_is_refused_naming_its_line(value, expected):
    score_line = f"Movie Bunker Score: {value}"
    with pytest.raises(ReviewFormatError) as excinfo:
        parse_review_text(make_review(paragraphs(INTRO, VERDICT), score_line=score_line))
    assert str(excinfo.value).startswith(expected)
    assert excinfo.value.line == 3


def test_missing_score_line_is_not_scored():
    text = f"{TITLE}\n\n{DETAILS}\n\n{LOGLINE}\n\n{INTRO}\n\n{VERDICT}\n"
    review = parse_review_text(text)
    assert review.score is None and review.score_name == ""
    assert review.film.synopsis == LOGLINE
    assert review.summary == [INTRO] and review.verdict == [VERDICT]


# Film details line


@pytest.mark.parametrize(
    ("genre", "expected"),
    [
        ("Action", ["Action"]),
        ("Action, Thriller", ["Action", "Thriller"]),
        ("Science Fiction, Sci-Fi", ["Science Fiction", "Sci-Fi"]),
        (" Drama ,Romance,  drama, ", ["Drama", "Romance"]),
        ("", []),
    ],
)
def test_genres_run_into_the_next_field(genre, expected):
    details = f"Release: 2023-10-05Genre: {genre}Duration: 93 minsBudget: $ 0"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), details=details))
    assert review.film.genres == expected
    assert review.film.runtime_minutes == 93


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("93 mins", 93),
        ("93 min", 93),
        ("93 minutes", 93),
        ("1h 33m", 93),
        ("2h 5m", 125),
        ("2h", 120),
        ("1h33min", 93),
        ("", None),
        ("0 mins", None),
    ],
)
def test_duration_forms(duration, expected):
    details = f"Release: 2023-10-05Genre: ActionDuration: {duration}Budget: $ 0"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), details=details))
    assert review.film.runtime_minutes == expected


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        ("$ 11,400,000", 11_400_000),
        ("$11,400,000", 11_400_000),
        ("$ 250000", 250_000),
        ("$ 0", None),
        ("", None),
    ],
)
def test_budget_forms(budget, expected):
    details = f"Release: 2023-10-05Genre: ActionDuration: 93 minsBudget: {budget}"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), details=details))
    assert review.film.budget_usd == expected


def test_empty_and_missing_fields():
    details = "Release: Genre: Duration: Budget:"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), details=details))
    film = review.film
    assert (film.release_date, film.runtime_minutes, film.budget_usd) == (None, None, None)
    assert film.genres == []
    assert film.year == 2023

    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), details="Genre: Drama"))
    assert review.film.genres == ["Drama"]
    assert review.film.release_date is None


def test_year_comes_from_the_release_date_when_there_is_one():
    title = "Ballerina (2022) Review – Visually Stunning yet Emotionally Hollow"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), title=title))
    assert review.film.year == 2023
    assert review.source_key.startswith("ballerina|2023|")


def test_details_on_separate_lines_are_accepted():
    details = "Release: 2023-10-05\nGenres: Action, Thriller\nRuntime: 1h 33m\nBudget: $ 0"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), details=details))
    assert review.film.release_date == datetime.date(2023, 10, 5)
    assert review.film.genres == ["Action", "Thriller"]
    assert review.film.runtime_minutes == 93
    assert review.film.synopsis == LOGLINE


def test_impossible_release_date_is_refused_naming_its_line():
    details = "Release: 2023-02-30Genre: Action"
    with pytest.raises(ReviewFormatError) as excinfo:
        parse_review_text(make_review(paragraphs(INTRO, VERDICT), details=details))
    assert str(excinfo.value).startswith("impossible release date 2023-02-30")
    assert excinfo.value.line == 6


def test_other_release_date_forms_and_budget_in_millions_are_read():
    details = "Release: October 5, 2023Genre: ActionBudget: $ 11.4 million"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), details=details))
    assert review.film.release_date == datetime.date(2023, 10, 5)
    assert review.film.budget_usd == 11_400_000


def test_unreadable_details_are_reported_not_guessed():
    details = "Genre: ActionGenre: DramaDuration: ninety minutes"
    review = parse_review_text(make_review(paragraphs(INTRO, VERDICT), details=details))
    assert review.film.genres == ["Action"]
    assert review.film.runtime_minutes is None
    assert review.problems == ["runtime 'ninety minutes' not understood"]


def test_missing_details_line_leaves_the_facts_empty():
    text = f"{TITLE}\n\nMovie Bunker Score: 8\n\n{LOGLINE}\n\n{INTRO}\n\n{VERDICT}\n"
    review = parse_review_text(text)
    assert review.score == Decimal("8.0")
    assert review.film.release_date is None and review.film.year == 2023
    assert review.summary == [LOGLINE, INTRO] and review.verdict == [VERDICT]


# Duplicated header


def test_non_duplicated_header():
    review = parse_review_text(make_review(paragraphs(INTRO, PLOT, VERDICT)))
    assert review.film.synopsis == LOGLINE
    assert review.summary == [INTRO, PLOT]
    assert review.verdict == [VERDICT]


def test_duplicated_header_is_kept_once():
    body = paragraphs(DETAILS, LOGLINE, INTRO, VERDICT)
    review = parse_review_text(make_review(body))
    assert review.film.synopsis == LOGLINE
    assert review.film.runtime_minutes == 93
    assert review.summary == [INTRO]
    assert review.verdict == [VERDICT]


def test_duplicated_header_tolerates_different_line_wrapping():
    wrapped = LOGLINE.replace(" an ex-bodyguard", "\nan ex-bodyguard")
    review = parse_review_text(make_review(paragraphs(DETAILS, wrapped, INTRO, VERDICT)))
    assert review.film.synopsis == LOGLINE


@pytest.mark.parametrize(
    ("details", "logline"),
    [
        (DETAILS.replace("93 mins", "95 mins"), LOGLINE),
        (DETAILS, LOGLINE.replace("sweet revenge", "bitter revenge")),
    ],
)
def test_differing_header_copies_are_refused(details, logline):
    body = paragraphs(details, logline, INTRO, VERDICT)
    assert parse_error(make_review(body)).startswith(
        "the duplicated film header differs between its two copies"
    )


# Headings and sections


def test_headed_sections_collect_their_paragraphs():
    body = paragraphs(INTRO, "Plot Summary", PLOT, INTRO, "The Action", ACTION, "", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.summary == [INTRO]
    assert review.sections == [
        ParsedSection(heading="Plot Summary", paragraphs=[PLOT, INTRO]),
        ParsedSection(heading="The Action", paragraphs=[ACTION]),
    ]
    assert review.verdict == [VERDICT]


@pytest.mark.parametrize(
    "line",
    [
        "Here is what the story is about:",
        "It is a mess.",
        "Fast, loud, forgettable,",
        "Fans will disagree;",
        "It is, as the poster says, “style over substance.”",
        "Wait for it…",
        "* * *",
        "Extraordinarily Overwrought Melodramatic Performances Overwhelm Otherwise"
        " Magnificent Photography",
        "One two three four five six seven eight nine ten eleven twelve thirteen",
    ],
)
def test_lines_that_are_not_headings(line):
    body = paragraphs(INTRO, line, PLOT, "", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.sections == []
    assert review.summary == [INTRO, line, PLOT]


def test_short_line_ending_in_a_question_mark_is_a_heading():
    body = paragraphs(INTRO, "Is It Worth Watching?", PLOT, "", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.sections == [ParsedSection(heading="Is It Worth Watching?", paragraphs=[PLOT])]


def test_heading_must_be_a_single_line():
    body = paragraphs(INTRO, "Plot\nSummary", PLOT, "", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.sections == []
    assert review.summary == [INTRO, "Plot Summary", PLOT]


def test_a_short_line_right_after_a_heading_is_its_paragraph():
    body = paragraphs(INTRO, "The Cast", "Jeon Jong-seo, excellent", PLOT, "", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.sections == [
        ParsedSection(heading="The Cast", paragraphs=["Jeon Jong-seo, excellent", PLOT])
    ]


def test_body_starting_with_a_heading_has_an_empty_summary():
    body = paragraphs("Plot Summary", PLOT, "Style Over Innovation", ACTION, "", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.summary == []
    assert [section.heading for section in review.sections] == [
        "Plot Summary",
        "Style Over Innovation",
    ]
    assert review.verdict == [VERDICT]


# Verdict


def test_verdict_is_everything_after_the_last_gap():
    body = paragraphs(INTRO, "Plot Summary", PLOT, "", ACTION, "", "", VERDICT, CODA)
    review = parse_review_text(make_review(body))
    assert review.sections == [ParsedSection(heading="Plot Summary", paragraphs=[PLOT, ACTION])]
    assert review.verdict == [VERDICT, CODA]


def test_without_a_gap_the_verdict_is_the_last_paragraph():
    body = paragraphs(INTRO, "Plot Summary", PLOT, ACTION, VERDICT)
    review = parse_review_text(make_review(body))
    assert review.sections == [ParsedSection(heading="Plot Summary", paragraphs=[PLOT, ACTION])]
    assert review.verdict == [VERDICT]


def test_a_last_section_emptied_by_the_verdict_gives_its_heading_to_the_verdict():
    body = paragraphs(INTRO, "Plot Summary", PLOT, "Where It Lands", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.sections == [ParsedSection(heading="Plot Summary", paragraphs=[PLOT])]
    assert review.verdict == [VERDICT]


@pytest.mark.parametrize(
    "heading",
    [
        "Verdict",
        "Final Verdict",
        "The Verdict",
        "Final Thoughts",
        "Conclusion",
        "In Conclusion",
        "The Bottom Line",
        "FINAL THOUGHTS",
        "Verdict!",
    ],
)
def test_verdict_heading_makes_the_last_section_the_verdict(heading):
    body = paragraphs(INTRO, "Plot Summary", PLOT, heading, VERDICT, "", "", CODA)
    review = parse_review_text(make_review(body))
    assert review.sections == [ParsedSection(heading="Plot Summary", paragraphs=[PLOT])]
    assert review.verdict == [VERDICT, CODA]


def test_verdict_heading_after_the_gap_is_dropped():
    body = paragraphs(INTRO, "Plot Summary", PLOT, "", "Final Thoughts", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.sections == [ParsedSection(heading="Plot Summary", paragraphs=[PLOT])]
    assert review.verdict == [VERDICT]


def test_a_gap_before_a_later_section_does_not_open_the_verdict():
    body = paragraphs(INTRO, "", "Plot Summary", PLOT, "The Action", ACTION, "", "", VERDICT)
    review = parse_review_text(make_review(body))
    assert review.summary == [INTRO]
    assert [section.heading for section in review.sections] == ["Plot Summary", "The Action"]
    assert review.verdict == [VERDICT]


def test_no_headings_gives_summary_and_verdict_only():
    review = parse_review_text(make_review(paragraphs(INTRO, PLOT, "", VERDICT, CODA)))
    assert review.sections == []
    assert review.summary == [INTRO, PLOT]
    assert review.verdict == [VERDICT, CODA]


def test_single_paragraph_body_is_the_verdict():
    review = parse_review_text(make_review(INTRO))
    assert review.summary == []
    assert review.sections == []
    assert review.verdict == [INTRO]


def test_header_gaps_are_not_verdict_gaps():
    text = make_review(paragraphs(INTRO, PLOT, VERDICT))
    text = text.replace(f"{LOGLINE}\n\n", f"{LOGLINE}\n\n\n\n")
    review = parse_review_text(text)
    assert review.summary == [INTRO, PLOT]
    assert review.verdict == [VERDICT]


def test_nothing_after_the_header_is_refused():
    text = f"{TITLE}\n\nMovie Bunker Score: 8\n\n{DETAILS}\n\n{LOGLINE}\n\n\n"
    assert parse_error(text).startswith("no review text after the film header")


# Text is kept as written


def test_paragraph_lines_are_joined_with_one_space():
    lines = "Ballerina moves fast.\nIt looks expensive.\r\nIt is soon forgotten."
    review = parse_review_text(make_review(paragraphs(lines, VERDICT)))
    assert review.summary == ["Ballerina moves fast. It looks expensive. It is soon forgotten."]


def test_nbsp_only_lines_are_blank_and_nbsp_in_prose_is_kept():
    plot = PLOT.replace("Ok-ju is", "Ok-ju\u00a0is")
    body = f"{INTRO}\n\u00a0\n{plot}\n \u00a0\n\u00a0\n{VERDICT}"
    review = parse_review_text(make_review(body))
    assert review.summary == [INTRO, plot]
    assert review.verdict == [VERDICT]


def test_hangul_is_kept():
    hangul = (
        "원제는 발레리나(Ballerina)이며, 전종서가 주인공 옥주를 연기한다."
        " 액션은 강렬하지만 이야기는 얇다."
    )
    review = parse_review_text(make_review(paragraphs(INTRO, hangul, VERDICT)))
    assert review.summary == [INTRO, hangul]


def test_markup_is_kept_as_literal_text():
    prose = "The villain’s plan is <script>alert(1)</script> & about as subtle as <b>this</b>."
    review = parse_review_text(make_review(paragraphs(INTRO, prose, VERDICT)))
    assert review.summary == [INTRO, prose]


def test_control_characters_are_dropped_from_prose():
    review = parse_review_text(make_review(paragraphs(INTRO, "Soon\x0b forgotten.\x1a", VERDICT)))
    assert review.summary == [INTRO, "Soon forgotten."]


# Bytes


def test_bom_is_stripped():
    assert decode_review_bytes(b"\xef\xbb\xbf" + TITLE.encode()) == TITLE


def test_file_of_exactly_max_bytes_is_accepted():
    data = SAMPLE.read_bytes()
    data += b"\n" * (MAX_BYTES - len(data))
    assert parse_review_bytes(data).film.title == "Ballerina"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"x" * (MAX_BYTES + 1), "the file is 1,000,001 bytes; the limit is 1,000,000"),
        (b"\x00\x01\x02\x03 Ballerina (2023) Review", "the file is binary, not text"),
        (b"\x01\x02\x03\x04\x05\x06\x07\x08abc", "the file is binary, not text"),
        ("Ballerina".encode("utf-16"), "the file is not UTF-8 (it starts with a UTF-16"),
        (b"\xff\xfeBallerina (2023) Review", "the file is not UTF-8"),
        ("Ballerina (2023) Review - café".encode("latin-1"), "the file is not UTF-8 text"),
    ],
)
def test_bad_bytes_are_refused(data, expected):
    with pytest.raises(ReviewFormatError) as excinfo:
        decode_review_bytes(data)
    assert str(excinfo.value).startswith(expected)
    with pytest.raises(ReviewFormatError):
        parse_review_bytes(data)


@pytest.mark.parametrize("data", [b" ", b"\n\r\n \t\n", "\u00a0\n\u00a0".encode()])
def test_whitespace_only_file_is_refused(data):
    with pytest.raises(ReviewFormatError, match="the file has no text"):
        parse_review_bytes(data)


def test_text_that_is_not_a_review_is_refused():
    assert parse_error("Shopping list\n\nEggs, milk, bread.\n").startswith("no title line")
