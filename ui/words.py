"""Small pieces of reader wording and links used on several pages: badges, dates, grades, links."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from content import Article
from content.reader_text import without_citations
from content.safe_markdown import safe_markdown
from content.url_params import LARGE_TEXT, TEXT_PARAM, large_text_from_url
from editorial.reviews import PENDING, ReviewState, reader_state
from readability import VERDICT_WORDS, Target

PERSONA_KEY = "persona"
STATUS_WORDS = {
    "approved": "Reviewed and approved",
    "under_review": "Under review",
    "submitted": "Waiting for review",
    "draft": "Draft",
}
# The same states inside a sentence: "This article is a draft".
STATUS_IN_A_SENTENCE = {
    "approved": "reviewed and approved",
    "under_review": "under review",
    "submitted": "waiting for review",
    "draft": "a draft",
}
VERDICT_ICONS = {
    "pass": ":material/check_circle:",
    "warn": ":material/error:",
    "miss": ":material/cancel:",
}
VERDICT_COLOURS = {"pass": "green", "warn": "orange", "miss": "red"}
# How much "Larger text" scales body text and chart labels.
LARGER_TEXT_SCALE = 1.25


def larger_text() -> bool:
    """Whether this visit reads larger text: the address decides (`?text=large`), every run."""
    return large_text_from_url(st.query_params.get(TEXT_PARAM))


def text_scale() -> float:
    """The factor body text and chart labels are drawn at: 1, or LARGER_TEXT_SCALE."""
    return LARGER_TEXT_SCALE if larger_text() else 1.0


def reader_params(persona: str, **extra: str) -> dict[str, str]:
    """Query parameters every link carries so the reader's choices survive it: the reading level
    and, when chosen, larger text."""
    params = {**extra, PERSONA_KEY: persona}
    if larger_text():
        params[TEXT_PARAM] = LARGE_TEXT
    return params


def article_link(article: Article, persona: str) -> None:
    card_link(article.id, article.title, persona)


def card_link(article_id: str, title: str, persona: str) -> None:
    """The link to one article at the reader's level, by id and title (no loaded article needed)."""
    st.page_link(
        "pages/article.py",
        label=f"**{title}**",
        icon=":material/article:",
        query_params=reader_params(persona, id=article_id),
    )


def page_from_url(value: str | None, pages: int) -> int:
    """A page number from the URL (`?page=2`), 1 if missing, not a number or out of range."""
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 6:
        return 1
    number = int(value)
    return number if 1 <= number <= pages else 1


def page_links(page: int, pages: int, param: str = "page") -> None:
    """ "Page 2 of 50" with Previous and Next. A link to the page one is on does not navigate in
    Streamlit, so these are buttons that write the page to the URL (a new history entry, so
    Back returns to the page before); the level and filters stay in the URL as they are."""
    scroll_to_top_after_page_change()
    with st.container(horizontal=True, vertical_alignment="center", key="library_pages"):
        if page > 1:
            st.button(
                "Previous",
                icon=":material/chevron_left:",
                type="tertiary",
                key="library_previous",
                on_click=_go_to_page,
                args=(param, page - 1),
            )
        st.markdown(f"Page {page} of {pages}", width="content")
        if page < pages:
            st.button(
                "Next",
                icon=":material/chevron_right:",
                type="tertiary",
                key="library_next",
                on_click=_go_to_page,
                args=(param, page + 1),
            )


def _go_to_page(param: str, page: int) -> None:
    if page > 1:
        st.query_params[param] = str(page)
    else:
        st.query_params.pop(param, None)
    st.session_state[_TO_TOP_KEY] = True


_TO_TOP_KEY = "library_to_top"
# Streamlit keeps the scroll position across reruns, so a reader who pressed Next at the bottom
# would land at the bottom of the next page. A fixed script of ours (no reader text in it),
# sent only on the run after a page change, scrolls the main area back to the first card.
_TO_TOP_SCRIPT = (
    "<script>document.querySelector('[data-testid=\"stMain\"]')?.scrollTo({top: 0});</script>"
)


def scroll_to_top_after_page_change() -> None:
    """Call once per run, anywhere on the page: scrolls up only after Previous or Next."""
    if st.session_state.pop(_TO_TOP_KEY, False):
        st.html(_TO_TOP_SCRIPT, unsafe_allow_javascript=True, width="content")


def library_link(persona: str, label: str = "Back to the library of all articles") -> None:
    st.page_link(
        "app.py",
        label=label,
        icon=":material/arrow_back:",
        query_params=reader_params(persona),
    )


def verdict_badge(verdict: str, target_words: str) -> str:
    """Markdown for a target verdict: an icon, the verdict in words, and the target itself."""
    colour = VERDICT_COLOURS[verdict]
    return (
        f":{colour}-badge[{VERDICT_ICONS[verdict]} {VERDICT_WORDS[verdict]}] "
        f":small[(target: {target_words})]"
    )


def status_badge(status: str) -> str:
    icon = ":material/verified:" if status == "approved" else ":material/pending:"
    colour = "green" if status == "approved" else "orange"
    return f":{colour}-badge[{icon} {STATUS_WORDS.get(status, status)}]"


def updated_words(date: dt.date) -> str:
    return f"Updated {date:%-d %B %Y}"


def grade_words(grade: float) -> str:
    """A consensus grade for display, with what it means: a reader's age, or college level."""
    return f"{grade:.1f} ({age_words(grade)})"


def age_words(grade: float) -> str:
    """A school grade as a reader's age: "about age 11 to 12", or college level above grade 12."""
    if grade > 16:
        return "beyond college level"
    if grade > 12:
        return "college level"
    year = max(1, round(grade))
    return f"about age {year + 5} to {year + 6}"


def plain_reading_words(grade: float, target: Target) -> str:
    """One plain statement of how easy the page is, against its goal, with no formula names."""
    verdict = target.verdict(grade)
    here = age_words(grade)
    goal = "" if target.goal is None else age_words(target.goal).removeprefix("about ")
    if verdict == "pass":
        within = f" ({goal} or younger)" if goal else ""
        return f"Easy to read: {here}, within our goal for this page{within}."
    if verdict == "warn":
        return f"Fairly easy to read: {here}, a little above our goal for this page ({goal})."
    return f"Harder to read than we aim for: {here}, above our goal for this page ({goal})."


def missing_reference(reference_id: str) -> str:
    """A citation with no reference, as a reader sees it: kept, in plain words, no defect report."""
    return f":gray-badge[:material/hourglass_top: source {reference_id} being checked]"


def review_words(by: str, date: dt.date) -> str:
    return f"Reviewed by {by} on {date:%-d %B %Y}"


def review_state(article: Article) -> ReviewState:
    """What readers are told about review: only a reviewer's record in the app counts (a status
    typed into the file grants nothing). Never raises: pending when the database cannot say."""
    try:
        return reader_state(article.id)
    except Exception:  # the page must render whatever the database does
        return PENDING


def reviewed_words(state: ReviewState) -> str:
    """ "Reviewed by Dr Ana Ruiz, general practitioner, on 3 December 2026 · Next review due
    December 2027" (NHS's pattern), with "Review overdue" once the date has passed."""
    who = f"{state.reviewer}," if state.reviewer and "," in state.reviewer else state.reviewer
    line = f"Reviewed by {who} on {state.reviewed_on:%-d %B %Y}"
    if state.next_review:
        line += f" · Next review due {state.next_review:%B %Y}"
    if state.overdue():
        line += " · **Review overdue**"
    return line


def reader_status(article_id: str, file_status: str) -> str:
    """The status readers see and filter by: "approved" only with a live approval in the app; a
    file typed as approved counts as under review. Cheap per card: reader_state is kept 5 s."""
    try:
        if reader_state(article_id).approved:
            return "approved"
    except Exception:  # the library must render whatever the database does
        pass
    return "under_review" if file_status == "approved" else file_status


def pending_review_words(article: Article, state: ReviewState | None = None) -> str:
    """The pending-review notice (Markdown) for an article no reviewer has approved in its
    current form: the same words on the page and on the printed handout."""
    status = "under_review" if article.status == "approved" else article.status
    if state is not None and state.kind == "submitted":
        status = "submitted"
    text = (
        f"**Pending review.** This article is {STATUS_IN_A_SENTENCE[status]}: "
        "a medical reviewer has not approved it yet, so it may still change."
    )
    if state is not None and state.last_reviewed_on:
        text += f" It changed since it was reviewed on {state.last_reviewed_on:%-d %B %Y}."
    return text


def review_line(article: Article, state: ReviewState | None = None) -> str:
    """What the page and paper say about review, under the title (Markdown)."""
    state = state if state is not None else review_state(article)
    if state.approved:
        return reviewed_words(state)
    return pending_review_words(article, state)


def count_words(count: int, noun: str) -> str:
    """ "1 section", "10 sections": a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def reading_time_words(seconds: float) -> str:
    """Reading time for display, rounded to whole minutes."""
    minutes = round(seconds / 60)
    return "under 1 min" if minutes < 1 else f"about {minutes} min"


def bullet_list(statements: list[str]) -> str:
    """Short statements as a Markdown list, each on one line, with nothing that loads."""
    return "\n".join(f"- {safe_markdown(' '.join(s.split()))}" for s in statements)


def key_points_or_summary(article: Article, persona: str) -> str:
    """What a library card says: the tier's key points, else its short answer, uncited."""
    if points := article.key_points.get(persona):
        return bullet_list([without_citations(p) for p in points])
    summary = safe_markdown(without_citations(article.summary.get(persona)))
    return summary or "*No short answer at this level yet.*"


def unavailable_note(count: int, persona: str) -> None:
    """Articles that failed to load, counted in one neutral line; the details are on the editor
    page's problem list, never on a reader page."""
    if not count:
        return
    what = "1 more article is" if count == 1 else f"{count} more articles are"
    with st.container(horizontal=True, vertical_alignment="center", key="unavailable_note"):
        st.caption(f":material/info: {what} not shown right now.", width="content")
        st.page_link(
            "pages/editor.py",
            label="Editors: see why",
            icon=":material/build:",
            query_params=reader_params(persona, view="problems"),
        )
