"""Lines a copied web page brings along that are not the review: menus, share buttons, ads,
image captions and credits, "More like this" lists, comment forms; and bylines, kept apart.
"""

import re
import unicodedata

from .facts import parse_date

_WORDS = re.compile(r"[^\w+#&]+")

# Whole lines (compared lower-case, punctuation folded) that are page furniture.
FURNITURE = {
    "share",
    "share this",
    "share this article",
    "share this post",
    "share this review",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share via",
    "tweet",
    "pin it",
    "email",
    "e mail",
    "print",
    "facebook",
    "twitter",
    "x",
    "instagram",
    "whatsapp",
    "linkedin",
    "reddit",
    "pinterest",
    "telegram",
    "threads",
    "bluesky",
    "copy link",
    "link copied",
    "advertisement",
    "advertisements",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading below",
    "skip to content",
    "skip to main content",
    "menu",
    "search",
    "home",
    "reviews",
    "review",
    "movie reviews",
    "film reviews",
    "movies",
    "subscribe",
    "sign up",
    "log in",
    "login",
    "sign in",
    "newsletter",
    "follow us",
    "like this",
    "like",
    "loading",
    "back to top",
    "table of contents",
    "contents",
    "listen to this article",
    "watch the trailer",
    "trailer",
    "watch trailer",
    "spoiler alert",
    "spoiler warning",
    "spoilers ahead",
    "toggle",
    "close",
    "posted in reviews",
}
# Lines starting with these are furniture too.
FURNITURE_PREFIXES = (
    "share on ",
    "click to share",
    "click to email",
    "click to print",
    "follow us on",
    "sign up for",
    "subscribe to",
    "read more:",
    "related:",
    "also read:",
    "read also:",
    "see also:",
    "more:",
    "watch:",
    "filed under",
    "categories:",
    "category:",
    "posted in ",
    "image:",
    "photo:",
    "photograph:",
    "photos:",
    "pictured:",
    "credit:",
    "credits:",
    "image credit",
    "photo credit",
    "image source",
    "source:",
    "courtesy of",
    "image courtesy",
    "photo courtesy",
    "image via",
    "photo via",
    "still from",
    "(photo",
    "(image",
    "©",
    "copyright",
    "all rights reserved",
    "affiliate disclosure",
    "disclosure:",
    "we may earn",
    "this post may contain affiliate",
    "updated on",
    "updated:",
    "last updated",
    "published on",
    "published:",
    "posted on",
    "posted:",
)
# "N min read", "5 minute read", "12 comments".
_COUNTERS = re.compile(r"\d+\s*(?:min(?:ute)?s?\s+read|comments?|responses?|replies|views|shares)")
# A caption's credit at its end: "… in Ballerina. (Netflix)", "… | Photo: Netflix".
_CAPTION_CREDIT = re.compile(
    r"(?:\((?:[^()]*\b(?:photo|image|credit|courtesy|via|netflix|studios?|pictures|films?|"
    r"entertainment|distribution)\b[^()]*)\)|[|/]\s*(?:photo|image|credit)[^|]*"
    r"|\b(?:photo|image|picture)\s+(?:by|courtesy|credit|via)\b.*|©.*)\s*$",
    re.I,
)
# Lists of other articles follow these; so do comment threads and author boxes.
LIST_STARTS = {
    "more like this",
    "you may also like",
    "you might also like",
    "you may like",
    "related",
    "related posts",
    "related articles",
    "related reviews",
    "related stories",
    "read next",
    "up next",
    "recommended",
    "recommended for you",
    "trending",
    "trending now",
    "popular",
    "popular posts",
    "most popular",
    "more reviews",
    "latest reviews",
    "latest",
    "more stories",
    "more from",
    "read more",
    "share this",
    "like this",
    "tags",
}
END_MARKERS = {
    "about the author",
    "about the reviewer",
    "author bio",
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "join the discussion",
    "join the conversation",
    "comments",
    "previous post",
    "next post",
    "previous article",
    "next article",
    "you must be logged in to post a comment",
    "cancel reply",
}
_BREADCRUMB = re.compile(r"(?:^home\s*[›»>/|])|(?:\S\s*[›»]\s*\S.*[›»])", re.I)
_DATE_ONLY = re.compile(
    r"(?:(?:published|posted|updated|date)\s*(?:on)?\s*:?\s*)?[\w ,.]{0,20}\d{4}[\w ,.:apm]{0,12}",
    re.I,
)
_BYLINE = re.compile(
    r"(?:(?:written|reviewed|words|posted|review|article|story)\s+)?by\s*:?\s+(?P<names>.+?)"
    r"(?:\s*(?:[|·•,–—]|\s-\s|\bon\b|\bfor\b|\bupdated\b|\bpublished\b)\s*(?P<rest>.*))?"
    r"|(?:author|critic|reviewer|reviewed by|words)\s*:\s*(?P<labelled>.+?)"
    r"(?:\s*[|·•–—]\s*(?P<after>.*))?",
    re.I,
)
_DATED_BYLINE = re.compile(
    r"(?:posted|published|updated)\s+(?:on\s+)?(?P<date>.{4,40}?)\s+by\s+(?P<names>.+)", re.I
)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
_PARTICLES = {"de", "da", "del", "della", "van", "von", "der", "den", "la", "le", "du", "bin"}


def key(line: str) -> str:
    """A line folded for comparison: lower case, letters and digits only."""
    return " ".join(_WORDS.sub(" ", line.casefold()).split())


def is_furniture(line: str) -> bool:
    folded = key(line)
    lowered = line.casefold().lstrip("-•*· ")
    return (
        folded in FURNITURE
        or lowered.startswith(FURNITURE_PREFIXES)
        or bool(_COUNTERS.fullmatch(folded))
        or is_caption(line)
        or bool(_BREADCRUMB.search(line))
    )


def is_caption(line: str) -> bool:
    return len(line.split()) <= 40 and bool(_CAPTION_CREDIT.search(line))


def starts_list(line: str) -> bool:
    return key(line) in LIST_STARTS


def ends_article(line: str) -> bool:
    folded = key(line)
    return folded in END_MARKERS or bool(re.fullmatch(r"\d+ (?:comments?|responses?)", folded))


def is_date_line(line: str):
    """The date of a dateline ("October 6, 2023", "Published: 6 Oct 2023"), else None."""
    if len(line) > 60 or not _DATE_ONLY.fullmatch(line):
        return None
    try:
        return parse_date(line)
    except ValueError:
        return None


def byline(line: str) -> tuple[list[str], str] | None:
    """(critic names, the rest of the line) when the line is a byline, else None."""
    if len(line) > 160:
        return None
    line = line.strip(" *_")
    if dated := _DATED_BYLINE.fullmatch(line):
        # "Posted on October 9, 2023 by Jane Doe"
        found = byline(f"by {dated['names']}")
        return (found[0], dated["date"]) if found else None
    match = _BYLINE.fullmatch(line)
    if not match:
        return None
    names = match["names"] or match["labelled"]
    people = [name.strip(" .") for name in _NAME_SPLIT.split(names) if name.strip(" .")]
    if not people or not all(looks_like_name(name) for name in people):
        return None
    return people, match["rest"] or match["after"] or ""


def looks_like_name(text: str) -> bool:
    """One to five words, each capitalised (or a particle such as "van"), no digits."""
    words = text.split()
    if not 1 <= len(words) <= 5 or any(char.isdigit() for char in text):
        return False
    return all(
        word.casefold() in _PARTICLES
        or word[0].isupper()
        or unicodedata.category(word[0]) == "Lo"  # scripts without case (Hangul, kana…)
        for word in words
    )
