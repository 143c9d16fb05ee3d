"""Saving one edited text from the writing desk (issue 19): the new text is spliced into the
file's bytes so comments, quoting and line breaks elsewhere stay byte for byte; a save is
refused with reasons (validation, a stale hash, no editor, a read-only folder), audited with the
hashes before and after, and voids a live approval."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.loader import load_article_bytes, parse_yaml
from editorial import accounts, reviews, save
from editorial.accounts import Person
from editorial.audit import log_rows
from editorial.save import SaveRefused, edited_file, hash_of, locate, save_text, splice, text_at
from feedback import db
from tests.test_feedback import db_url  # noqa: F401 (fixture: SQLite and PostgreSQL)

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
ARTICLE = "odd-article"
SHIPPED = "probiotics-antibiotic-diarrhoea"

# Comments everywhere, single- and double-quoted scalars (with escapes and '' inside), a
# double-quoted scalar over two lines, folded blocks with and without chomping, a folded block
# with blank lines, literal blocks followed by a blank line and a comment.
ODD = """\
# A hand-written article: comments, odd quoting, folded and literal blocks.
id: odd-article   # the file name must match
title: 'Does a daily walk help? It''s worth asking'
status: under_review
updated: 2026-11-30
topics: [exercise, "heart health"]

summary:
  # the short answer, per tier
  patient: >
    Walking most days is linked with a lower chance of heart disease.
    It is one of the easiest ways to move more. [1]
  student: "Regular walking is associated with lower cardiovascular risk \\u2014 a \\"dose\\" of
    about 150 minutes a week is the usual advice. [1]"
  clinician: >-
    Regular walking is associated with reduced cardiovascular morbidity
    in cohort data; guidelines advise 150 minutes of moderate activity weekly. [1]

key_points:
  patient:
    - Walking most days is good for your heart.   # plain
    - 'A brisk walk counts: you breathe a bit faster.'
    - "Start slowly if you have not walked for a while."
  student:
    - Walking is a moderate-intensity activity for most adults.
    - Guidelines advise 150 minutes of moderate activity a week.
  clinician:
    - Walking commonly meets moderate-intensity thresholds in adults.
    - Guidelines advise 150 to 300 minutes of moderate activity weekly.

actions:
  patient:
    - Try a 10-minute walk after one meal a day.
    - Ask your doctor if walking is safe for you.

sections:
  - id: how-much
    heading: How Much Walking
    tiers:
      patient: |
        - Adults are advised to move for 150 minutes a week. [1]
        - A 10-minute walk counts towards this. [1]
        - Any walking is better than none. [1]

      student: >
        - Guidelines advise 150 minutes of moderate activity a week. [1]

        - Short bouts of activity count toward the total. [1]
      # a comment between tiers
      clinician: |-
        - Guidelines advise 150 to 300 minutes of moderate-intensity activity weekly. [1]
        - Bouts of any length count toward the total. [1]

references:
  - id: "1"
    type: guideline
    title: Physical activity guidelines for adults
    source: A health agency
    issuer: A health agency
    year: 2020
"""
RAW = ODD.encode()


def _tier(role: int) -> str:
    """A tier name by position, read from the fixture itself (simplest first)."""
    return list(parse_yaml(ODD)["summary"])[role]


PLAIN, MIDDLE, REFERENCE = _tier(0), _tier(1), _tier(2)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> Path:
    """A content folder holding the odd article and a copy of one shipped article."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / f"{ARTICLE}.yaml").write_bytes(RAW)
    shutil.copy(ROOT / "content" / "articles" / f"{SHIPPED}.yaml", articles)
    monkeypatch.setenv("CONTENT_DIR", str(articles))
    monkeypatch.delenv(save.READ_ONLY_ENV, raising=False)
    return articles


@pytest.fixture
def sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'editorial.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    db.dispose_all()


def _editor(roles: tuple[str, ...] = ("editor",), name: str = "eva") -> Person:
    return accounts.add_user(name, PASSWORD, list(roles), "Eva Editor")


def _changed_lines(before: bytes, after: bytes) -> tuple[list[int], list[str], list[str]]:
    """Line numbers (0-based, in `before`) that the diff removes or replaces, and the text of
    the removed and added lines."""
    old, new = before.decode().splitlines(), after.decode().splitlines()
    touched: list[int] = []
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag != "equal":
            touched += list(range(i1, max(i2, i1 + 1)))
            removed += old[i1:i2]
            added += new[j1:j2]
    return touched, removed, added


def _node_lines(raw: bytes, part: Any) -> range:
    start, end = locate(raw, part)
    first = raw[:start].count(b"\n")
    return range(first, raw[: max(end - 1, start)].count(b"\n") + 1)


def _whole_lines(raw: bytes, start: int, end: int) -> tuple[int, int]:
    """A span widened to the lines it touches, their line breaks included."""
    first = raw.rfind(b"\n", 0, start) + 1
    if end and raw[end - 1 : end] != b"\n":
        end = raw.find(b"\n", end) + 1 or len(raw)
    return first, end


def _set(data: Any, path: tuple, value: Any) -> Any:
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


def _assert_only_that_text_changed(before: bytes, after: bytes, path: tuple, new: str) -> None:
    """The edited file reads as the old one with only `path` changed, loads as an article, and
    every byte before and after the node's lines is the old file's."""
    old_data, new_data = parse_yaml(before.decode()), parse_yaml(after.decode())
    got = new_data
    for step in path:
        got = got[step]
    assert got.strip() == new.strip()
    assert _set(old_data, path, got) == new_data
    start, end = _whole_lines(before, *locate(before, path))
    new_start, new_end = _whole_lines(after, *locate(after, path))
    assert after[:new_start] == before[:start]
    assert after[new_end:] == before[end:]
    old_article = load_article_bytes(Path(f"{ARTICLE}.yaml"), before).article
    new_article = load_article_bytes(Path(f"{ARTICLE}.yaml"), after).article
    assert old_article is not None and new_article is not None
    expected = _set(old_article.model_dump(), path, new.strip())
    assert new_article.model_dump() == expected


# --- Finding the text -------------------------------------------------------------------------


def test_locate_gives_each_texts_own_bytes() -> None:
    def at(part: Any) -> bytes:
        start, end = locate(RAW, part)
        return RAW[start:end]

    assert at(("title",)) == b"'Does a daily walk help? It''s worth asking'"
    assert at(("key_points", PLAIN, 0)) == b"Walking most days is good for your heart."
    assert at(("key_points", PLAIN, 1)) == b"'A brisk walk counts: you breathe a bit faster.'"
    assert at(("summary", MIDDLE)).startswith(b'"Regular') and at(("summary", MIDDLE)).endswith(
        b'advice. [1]"'
    )
    block = at(("sections", 0, "tiers", PLAIN))
    assert block.startswith(b"|\n        - Adults") and block.endswith(b"none. [1]\n")
    assert at(("summary", REFERENCE)).startswith(b">-\n")
    assert at("sections[0].tiers." + MIDDLE).endswith(b"the total. [1]\n")
    assert text_at(RAW, ("summary", MIDDLE)).startswith("Regular walking is associated")
    assert '\u2014 a "dose" of about' in text_at(RAW, ("summary", MIDDLE))


@pytest.mark.parametrize(
    "part",
    [("summary", "nothing"), ("sections", 5, "tiers", "x"), ("sections", 0), ("updated",)],
)
def test_a_part_that_is_not_a_text_is_refused(part: tuple) -> None:
    with pytest.raises(SaveRefused) as refused:
        locate(RAW, part)
    assert save.part_label(part) in refused.value.reasons[0]


@pytest.mark.parametrize(
    "part", [("id",), ("status",), ("references", 0, "title"), ("summary", "nothing")]
)
def test_only_text_readers_read_is_edited_here(part: tuple) -> None:
    assert not save.editable(part)
    with pytest.raises(SaveRefused) as refused:
        splice(RAW, part, "something-else")
    assert refused.value.reasons == [
        f"{save.part_label(part)}: this part is not edited here; edit the file"
    ]


def test_part_labels_and_paths_round_trip() -> None:
    path = ("sections", 2, "tiers", "x")
    assert save.part_label(path) == "sections[2].tiers.x"
    assert save.parse_part("sections[2].tiers.x") == path
    assert save.parse_part("key_points.x[3]") == ("key_points", "x", 3)
    with pytest.raises(SaveRefused):
        save.parse_part("sections[two]")


# --- Splicing ---------------------------------------------------------------------------------


def _replace_in(part: tuple, old: str, new: str) -> tuple[str, bytes]:
    text = text_at(RAW, part)
    assert old in text
    changed = text.replace(old, new)
    return changed, splice(RAW, part, changed)


@pytest.mark.parametrize(
    ("part", "old", "new", "line_has"),
    [
        # one bullet of a literal block followed by a blank line
        (("sections", 0, "tiers", PLAIN), "A 10-minute walk", "A short walk", b"A 10-minute"),
        # one bullet of a folded block with blank lines between bullets
        (("sections", 0, "tiers", MIDDLE), "Short bouts", "Brief bouts", b"Short bouts"),
        # a literal block with strip chomping, after a comment line
        (("sections", 0, "tiers", REFERENCE), "any length", "any duration", b"any length"),
        # the second line of a folded summary
        (("summary", PLAIN), "easiest ways", "simplest ways", b"easiest ways"),
        # the first line of a folded summary with strip chomping
        (("summary", REFERENCE), "reduced", "lower", b"reduced"),
        # a plain bullet with a comment after it
        (("key_points", PLAIN, 0), "good for", "kind to", b"good for"),
        # a single-quoted bullet, and a double-quoted one
        (("key_points", PLAIN, 1), "brisk", "quick", b"brisk"),
        (("key_points", PLAIN, 2), "slowly", "gently", b"slowly"),
        (("actions", PLAIN, 0), "one meal", "one main meal", b"one meal"),
    ],
)
def test_one_changed_bullet_changes_only_its_lines(
    part: tuple, old: str, new: str, line_has: bytes
) -> None:
    changed, after = _replace_in(part, old, new)
    touched, removed, added = _changed_lines(RAW, after)
    (line,) = touched  # one line of the file, the one that held the old words
    assert line_has in RAW.splitlines()[line]
    assert len(removed) == len(added) == 1
    assert removed[0].replace(old, new) == added[0]  # same indentation, quoting and comment
    _assert_only_that_text_changed(RAW, after, part, changed)


def test_a_double_quoted_text_over_two_lines_is_rewritten_in_its_own_lines_only() -> None:
    part = ("summary", MIDDLE)
    changed, after = _replace_in(part, "usual advice", "common advice")
    touched, _, added = _changed_lines(RAW, after)
    assert set(touched) <= set(_node_lines(RAW, part))
    assert added[0].startswith(f'  {MIDDLE}: "Regular walking')
    assert '\\"dose\\"' in added[0]  # the quotes are escaped again
    _assert_only_that_text_changed(RAW, after, part, changed)


def test_a_title_with_a_doubled_quote_stays_single_quoted() -> None:
    changed, after = _replace_in(("title",), "worth asking", "worth a try")
    assert b"title: 'Does a daily walk help? It''s worth a try'\n" in after
    _assert_only_that_text_changed(RAW, after, ("title",), changed)


def test_a_new_bullet_in_a_literal_block_adds_one_line() -> None:
    part = ("sections", 0, "tiers", PLAIN)
    changed = text_at(RAW, part) + "\n- Walking with a friend can help you keep going. [1]"
    after = splice(RAW, part, changed)
    touched, removed, added = _changed_lines(RAW, after)
    assert removed == [] and added == [
        "        - Walking with a friend can help you keep going. [1]"
    ]
    _assert_only_that_text_changed(RAW, after, part, changed)


def test_a_long_addition_to_a_folded_block_is_wrapped_and_the_rest_kept() -> None:
    part = ("summary", PLAIN)
    addition = " ".join(["Even a short walk each day helps more than sitting still."] * 3)
    changed = text_at(RAW, part).replace("move more.", f"move more. {addition}")
    after = splice(RAW, part, changed)
    _, removed, added = _changed_lines(RAW, after)
    assert len(removed) == 1 and len(added) >= 2
    assert all(len(line) <= save.FOLD_WIDTH for line in added)
    assert all(line.startswith("    ") for line in added)  # the block's own indentation
    _assert_only_that_text_changed(RAW, after, part, changed)


def test_a_plain_bullet_given_two_lines_becomes_a_literal_block() -> None:
    part = ("key_points", PLAIN, 0)
    changed = "Walking most days is good for your heart.\nIt helps your mood too."
    after = splice(RAW, part, changed)
    assert b"    - |   # plain\n      Walking most days" in after
    _assert_only_that_text_changed(RAW, after, part, changed)


def test_the_same_text_gives_the_same_bytes() -> None:
    part = ("summary", PLAIN)
    assert splice(RAW, part, "  " + text_at(RAW, part) + "\n") is RAW


def test_windows_line_endings_are_kept() -> None:
    raw = RAW.replace(b"\n", b"\r\n")
    part = ("sections", 0, "tiers", PLAIN)
    changed = text_at(raw, part).replace("none", "nothing") + "\n- A new bullet. [1]"
    after = splice(raw, part, changed)
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert after.count(b"\r\n") == raw.count(b"\r\n") + 1


@pytest.mark.parametrize(
    ("header", "kept"),
    [("|+", "|+"), ("|2", "|2"), ("|  # keep me", "|  # keep me"), ("|-", "|-")],
)
def test_a_literal_blocks_header_and_comment_are_kept(header: str, kept: str) -> None:
    raw = RAW.replace(f"      {PLAIN}: |\n".encode(), f"      {PLAIN}: {header}\n".encode())
    part = ("sections", 0, "tiers", PLAIN)
    changed = text_at(raw, part).replace("none", "nothing")
    after = splice(raw, part, changed)
    assert f"      {PLAIN}: {kept}\n".encode() in after
    (line,) = _changed_lines(raw, after)[0]
    assert b"better than none" in raw.splitlines()[line]


def test_a_block_at_the_end_of_a_file_without_a_last_line_break() -> None:
    raw = RAW.rstrip(b"\n") + b"\nglossary:\n  walk: |\n    Old label"
    part = ("glossary", "walk")
    after = splice(raw, part, "New label")
    assert after == raw.replace(b"Old label", b"New label")


def test_texts_in_a_flow_mapping_stay_on_their_line() -> None:
    raw = RAW.replace(b"\nsummary:", b"\nglossary: {walk: 'a way to move', brisk: fast}\nsummary:")
    line = b"glossary: {walk: 'a way to move', brisk: quick}\n"
    assert line in splice(raw, ("glossary", "brisk"), "quick")
    two_lines = splice(raw, ("glossary", "walk"), "a way\nto move")
    assert b'glossary: {walk: "a way\\nto move", brisk: fast}\n' in two_lines
    assert parse_yaml(two_lines.decode())["glossary"]["walk"] == "a way\nto move"


_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("ab -#:'\"\\[]{}!&*|>%@`,?\n\t")),
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_TEXT,
    part=st.sampled_from(
        [
            ("title",),
            ("summary", PLAIN),
            ("summary", MIDDLE),
            ("summary", REFERENCE),
            ("key_points", PLAIN, 0),
            ("key_points", PLAIN, 1),
            ("key_points", PLAIN, 2),
            ("sections", 0, "tiers", MIDDLE),
            ("sections", 0, "tiers", REFERENCE),
        ]
    ),
)
def test_any_text_is_written_exactly_or_refused_by_validation(text: str, part: tuple) -> None:
    try:
        after = splice(RAW, part, text)
    except SaveRefused as refused:
        assert not any("safely" in reason for reason in refused.reasons)  # never a writing failure
        return
    _assert_only_that_text_changed(RAW, after, part, text)


# --- Refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "text", "says"),
    [
        (("key_points", PLAIN, 0), "   ", "the text is empty"),
        (("key_points", PLAIN, 0), "x" * 401, "at most 400 characters"),
        (("title",), "y" * 301, "at most 300 characters"),
        (("sections", 0, "tiers", PLAIN), "Bad \x07 bell", "control characters"),
    ],
)
def test_a_result_that_fails_validation_is_refused_naming_the_field(
    part: tuple, text: str, says: str
) -> None:
    with pytest.raises(SaveRefused) as refused:
        edited_file(RAW, part, text)
    (reason,) = refused.value.reasons
    assert reason.startswith(save.part_label(part)) and says in reason


def test_an_error_already_in_the_file_does_not_block_an_unrelated_save() -> None:
    raw = RAW.replace(b'id: "1"', b'id: "2"')  # every [1] now dangles: an error already
    part = ("key_points", PLAIN, 0)
    assert splice(raw, part, "Walking is good for you.") != raw


def test_a_new_dangling_citation_is_refused_when_approved() -> None:
    raw = RAW.replace(b"status: under_review", b"status: approved")
    part = ("sections", 0, "tiers", PLAIN)
    with pytest.raises(SaveRefused) as refused:
        splice(raw, part, text_at(raw, part).replace("none. [1]", "none. [7]"))
    assert any("7" in reason for reason in refused.value.reasons)


def _audited_saves() -> list[dict[str, Any]]:
    return [row for row in log_rows() if row["action"] == "saved"]


def test_refusals_write_nothing(folder: Path, sqlite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder / f"{ARTICLE}.yaml"
    opened = hash_of(RAW)
    part = ("key_points", PLAIN, 0)

    def refused(**changes: Any) -> list[str]:
        arguments = {"opened_hash": opened, "person": editor, **changes}
        with pytest.raises(SaveRefused) as caught:
            save_text(ARTICLE, part, arguments.pop("text", "Walking is good."), **arguments)
        assert path.read_bytes() == RAW
        return caught.value.reasons

    editor = _editor()
    reviewer = _editor(("reviewer",), "rita")
    assert refused(person=None) == [save.NOT_SIGNED_IN]
    assert refused(person=reviewer) == ["this needs the editor role"]
    assert refused(opened_hash=hash_of(b"other bytes")) == [save.CHANGED]
    assert "changed since you opened it" in save.CHANGED
    assert refused(text="") == [
        f"{save.part_label(part)}: the text is empty; write something or leave it as it was"
    ]
    monkeypatch.setenv(save.READ_ONLY_ENV, "1")
    assert refused() == [save.READ_ONLY]
    assert save.read_only_reason() == save.READ_ONLY
    monkeypatch.delenv(save.READ_ONLY_ENV)
    accounts.disable("eva")
    assert "disabled" in refused()[0]
    assert _audited_saves() == []
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_file_the_app_cannot_write_is_read_only(folder: Path) -> None:
    path = folder / f"{ARTICLE}.yaml"
    path.chmod(0o444)
    assert save.read_only_reason(path) == save.READ_ONLY


def test_a_save_writes_the_file_and_one_audit_row_with_both_hashes(
    folder: Path,
    db_url: str,  # noqa: F811
) -> None:
    path = folder / f"{ARTICLE}.yaml"
    path.chmod(0o640)
    part = ("sections", 0, "tiers", PLAIN)
    changed = text_at(RAW, part).replace("better than none", "better than no walking")
    result = save_text(ARTICLE, part, changed, opened_hash=hash_of(RAW), person=_editor())
    written = path.read_bytes()
    assert written == edited_file(RAW, part, changed)
    assert result == save.SaveResult(
        ARTICLE, "sections[0].tiers." + PLAIN, hash_of(RAW), hash_of(written), True, False
    )
    (row,) = _audited_saves()
    assert (row["actor"], row["article"], row["note"]) == ("eva", ARTICLE, result.part)
    assert (row["previous_hash"], row["file_hash"]) == (hash_of(RAW), hash_of(written))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # the file keeps its permissions
    assert sorted(p.name for p in folder.iterdir()) == sorted([path.name, f"{SHIPPED}.yaml"])
    # The same text again writes and records nothing.
    again = save_text(ARTICLE, part, changed, opened_hash=hash_of(written), person=_viewer())
    assert again.changed is False and len(_audited_saves()) == 1
    # The first save's hash is stale now.
    with pytest.raises(SaveRefused, match="changed since you opened it"):
        save_text(ARTICLE, part, "Other text.", opened_hash=hash_of(RAW), person=_viewer())


def _viewer() -> Person:
    person = accounts.active_person(1)
    assert person is not None
    return person


def test_a_save_voids_a_live_approval_and_readers_see_it_at_once(folder: Path, sqlite: str) -> None:
    ana = accounts.add_user("ana", PASSWORD, ["reviewer", "editor"], "Dr Ana Ruiz", "GP")
    raw = (folder / f"{SHIPPED}.yaml").read_bytes()
    assert reviews.approve(ana, SHIPPED, hash_of(raw)) is True
    assert reviews.reader_state(SHIPPED).approved  # read now, and kept for a few seconds
    part = ("key_points", PLAIN, 0)
    changed = text_at(raw, part) + " Ask if unsure."
    result = save_text(SHIPPED, part, changed, opened_hash=hash_of(raw), person=ana)
    assert result.voided_approval is True
    state = reviews.reader_state(SHIPPED)
    assert not state.approved and state.last_reviewed_on is not None
    second = save_text(
        SHIPPED, part, changed + " Thanks.", opened_hash=result.file_hash, person=ana
    )
    assert second.voided_approval is False
    actions = [row["action"] for row in log_rows(SHIPPED)]
    assert actions == ["saved", "saved", "approved"]


def test_two_saves_of_the_same_opened_file_one_wins(folder: Path, sqlite: str) -> None:
    editor = _editor()
    part = ("key_points", PLAIN, 0)

    def attempt(text: str) -> str:
        try:
            save_text(ARTICLE, part, text, opened_hash=hash_of(RAW), person=editor)
        except SaveRefused as refused:
            return refused.reasons[0]
        return "saved"

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(attempt, ["First editor's text.", "Second editor's text."]))
    assert sorted(outcomes) == sorted(["saved", save.CHANGED])
    winner = ["First editor's text.", "Second editor's text."][outcomes.index("saved")]
    assert text_at((folder / f"{ARTICLE}.yaml").read_bytes(), part) == winner
    assert len(_audited_saves()) == 1
