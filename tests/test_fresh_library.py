"""The app's cache layer serves what is on disk: an added, edited or deleted article file shows on
the next page load of every page, in the same process, without `reload()` (AppTest; the browser
twin is tests/browser/test_fresh_library_browser.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.cached as cached
from content.loader import DEFAULT_CONTENT_DIR
from tests.test_pages import ARTICLE_PAGE, main_links, no_exception, open_page
from tests.test_pages import all_text as page_text

EDITED = "coffee-and-longevity"
DELETED = "resveratrol-ageing"
OLD_TITLE = "Is drinking coffee linked to living longer?"
NEW_TITLE = "Does a daily cup of coffee go with a longer life?"
OLD_BULLET = (
    "Once researchers took smoking into account, coffee drinkers in big studies died a little less "
    "often."
)
NEW_BULLET = "People who drank coffee in large studies died slightly less often than others."


@pytest.fixture
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary copy of the shipped articles as `CONTENT_DIR`."""
    folder = tmp_path / "articles"
    shutil.copytree(DEFAULT_CONTENT_DIR, folder)
    monkeypatch.setenv("CONTENT_DIR", str(folder))
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def all_text(at: AppTest) -> str:
    """The page's text and its links' labels (a card's title is a link)."""
    return "\n".join([page_text(at), *(link.proto.label for link in main_links(at))])


def card_ids(at: AppTest) -> set[str]:
    return {str(n.key).removeprefix("card_") for n in at.main if str(n.key).startswith("card_")}


def test_edits_additions_and_deletions_show_on_the_next_load(articles: Path) -> None:
    library = open_page(persona="patient")
    no_exception(library)
    assert OLD_TITLE in all_text(library) and OLD_BULLET in all_text(library)
    article = open_page(ARTICLE_PAGE, id=EDITED, persona="patient")
    assert OLD_TITLE in all_text(article)

    edit(articles / f"{EDITED}.yaml", OLD_TITLE, NEW_TITLE)
    edit(articles / f"{EDITED}.yaml", OLD_BULLET, NEW_BULLET)
    library = open_page(persona="patient")
    no_exception(library)
    text = all_text(library)
    assert NEW_TITLE in text and NEW_BULLET in text
    assert OLD_TITLE not in text and OLD_BULLET not in text
    article = open_page(ARTICLE_PAGE, id=EDITED, persona="patient")
    no_exception(article)
    text = all_text(article)
    assert NEW_TITLE in text and NEW_BULLET in text and OLD_TITLE not in text

    assert DELETED in card_ids(library)
    (articles / f"{DELETED}.yaml").unlink()
    added = (articles / f"{EDITED}.yaml").read_text(encoding="utf-8")
    added = added.replace(f"id: {EDITED}", "id: coffee-copy", 1).replace(NEW_TITLE, "A copy")
    (articles / "coffee-copy.yaml").write_text(added, encoding="utf-8")
    library = open_page(persona="patient")
    no_exception(library)
    assert DELETED not in card_ids(library)
    assert "coffee-copy" in card_ids(library)


def test_a_rerun_of_an_open_page_shows_an_edit(articles: Path) -> None:
    at = open_page(persona="patient")
    edit(articles / f"{EDITED}.yaml", OLD_TITLE, NEW_TITLE)
    at.run()
    no_exception(at)
    assert NEW_TITLE in all_text(at)


def test_the_data_version_follows_the_chosen_files_contents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = tmp_path / "targets.yaml"
    targets.write_text("a: 1\n", encoding="utf-8")
    before = cached.data_version()
    monkeypatch.setenv("READABILITY_TARGETS_FILE", str(targets))
    assert targets in cached.data_files()
    chosen = cached.data_version()
    assert chosen != before
    targets.write_text("a: 2\n", encoding="utf-8")
    assert cached.data_version() != chosen


def test_a_snapshot_outside_a_run_is_always_fresh(articles: Path) -> None:
    first = cached.snapshot()
    assert cached.snapshot().library is first.library  # nothing changed: the same load
    edit(articles / f"{EDITED}.yaml", OLD_TITLE, NEW_TITLE)
    assert cached.snapshot().library.articles[EDITED].title == NEW_TITLE


def _one_run_script() -> None:
    """A page that edits an article between two reads of the snapshot."""
    import os

    import streamlit as st

    import ui.cached as cached

    first = cached.snapshot()
    path = os.path.join(os.environ["CONTENT_DIR"], "coffee-and-longevity.yaml")
    with open(path, "a", encoding="utf-8") as file:
        file.write("\n")
    st.text(first.version_key)
    st.text(str(cached.snapshot() is first and cached.library() is first.library))


def test_one_run_reads_one_snapshot_and_the_next_run_a_new_one(articles: Path) -> None:
    at = AppTest.from_function(_one_run_script, default_timeout=30).run()
    no_exception(at)
    key, same = (t.value for t in at.text)
    assert same == "True"
    at.run()
    no_exception(at)
    assert at.text[0].value != key


def test_a_changed_data_file_forgets_the_in_process_copies(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readability.check_words import check_words
    from readability.targets import load_targets

    check_words()
    load_targets()
    cached.snapshot()
    assert check_words.cache_info().currsize and load_targets.cache_info().currsize
    monkeypatch.setattr(cached, "data_version", lambda: "an edited word list")
    snap = cached.snapshot()
    assert check_words.cache_info().currsize == 0 and load_targets.cache_info().currsize == 0
    assert snap.data == "an edited word list"
    assert snap.key(EDITED)[-1] == "an edited word list"  # every derived result is keyed by it
