"""Article validation: the schema (pydantic) first, then checks that need the whole article.

The loader reads files and calls `parse_article`; the importer validates drafts the same way.
Errors that concern publishing rather than structure (a dangling citation in an approved
article, a guideline with no issuer, missing key points or actions) are non-blocking: they fail
`python -m content validate` while the app still serves the article as pending review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic import ValidationError

from cache.data_files import reads_data_files
from content.citations import cited_ids, section_citations
from content.evidence import ignored_basis, vocabulary
from content.model import TIERS, Article, Reference, Section
from content.problems import Problem, blocks_serving
from content.tiers import plain_tier, plain_tiers, tier_info

# Statuses under which a dangling citation is only a warning; once approved it is an error.
WORK_IN_PROGRESS = frozenset({"draft", "submitted", "under_review"})
KEY_POINTS_RANGE = (2, 4)


def field_path(loc: Iterable[Any]) -> str:
    """Turn a pydantic location like ('sections', 2, 'tiers') into `sections[2].tiers`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_article(data: Any, where: str) -> tuple[Article | None, list[Problem]]:
    """Validate already-parsed YAML data; `where` is the file name used in every problem.

    The article comes back unless a blocking error stops it being served.
    """
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        return None, [Problem("error", where, f"expected a mapping of article fields, got {kind}")]
    try:
        article = Article.model_validate(data)
    except ValidationError as exc:
        return None, [
            Problem("error", f"{where}:{field_path(err['loc']) or '(root)'}", err["msg"])
            for err in exc.errors(include_url=False)
        ]
    problems = check_article(article, where)
    return (None if blocks_serving(problems) else article), problems


class _Findings:
    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[Problem] = []

    def add(self, severity: str, field: str, message: str, blocking: bool = True) -> None:
        self.problems.append(Problem(severity, f"{self.where}:{field}", message, blocking))  # type: ignore[arg-type]


def check_article(article: Article, where: str) -> list[Problem]:
    """Checks that need the whole article: duplicates, citations, sources, basis, tiers."""
    found = _Findings(where)
    _check_duplicates(article, found)
    _check_tiers(article, found)
    _check_citations(article, found)
    _check_references(article, found)
    _check_statements(article, found)
    _check_questions(article, found)
    _check_review_claims(article, found)
    references = {ref.id: ref for ref in article.references}
    for i, section in enumerate(article.sections):
        _check_basis(section, f"sections[{i}]", found)
        _check_basis_raises(section, references, f"sections[{i}]", found)
    return found.problems


def _check_duplicates(article: Article, found: _Findings) -> None:
    seen_sections: set[str] = set()
    for i, section in enumerate(article.sections):
        if section.id in seen_sections:
            found.add("error", f"sections[{i}].id", f"duplicate section id {section.id!r}")
        seen_sections.add(section.id)
    reference_ids = [r.id for r in article.references]
    for i, ref_id in enumerate(reference_ids):
        if ref_id in reference_ids[:i]:
            found.add("error", f"references[{i}].id", f"duplicate reference id {ref_id!r}")


def _check_tiers(article: Article, found: _Findings) -> None:
    for tier in TIERS:
        if not article.summary.get(tier):
            found.add("warning", f"summary.{tier}", f"no {tier} summary")
    for i, section in enumerate(article.sections):
        for tier in TIERS:
            if not section.tiers.get(tier):
                found.add(
                    "warning",
                    f"sections[{i}].tiers.{tier}",
                    f"section {section.id!r} has no {tier} tier",
                )
        if not section_citations(section):
            found.add("warning", f"sections[{i}]", f"section {section.id!r} cites no source")


def cited_texts(article: Article) -> list[tuple[str, str, str, str]]:
    """Every text that may carry citation markers: (field path, tier, text, what it is)."""
    texts: list[tuple[str, str, str, str]] = []
    for tier in TIERS:
        if text := article.summary.get(tier):
            texts.append((f"summary.{tier}", tier, text, "the summary"))
    for name in ("key_points", "actions"):
        statements = getattr(article, name)
        for tier in TIERS:
            for j, text in enumerate(statements.get(tier)):
                texts.append((f"{name}.{tier}[{j}]", tier, text, name.replace("_", " ")))
    for i, section in enumerate(article.sections):
        for tier in TIERS:
            if text := section.tiers.get(tier):
                texts.append((f"sections[{i}].tiers", tier, text, f"section {section.id!r}"))
    return texts


def _check_citations(article: Article, found: _Findings) -> None:
    """Dangling citations anywhere: warnings while in progress, an error once approved."""
    reference_ids = {r.id for r in article.references}
    # (field, what) -> dangling id -> tiers, so each dangling marker is reported once per place.
    dangling: dict[tuple[str, str], dict[str, list[str]]] = {}
    for field, tier, text, what in cited_texts(article):
        for ref_id in cited_ids(text):
            if ref_id not in reference_ids:
                dangling.setdefault((field, what), {}).setdefault(ref_id, []).append(tier)
    approved = article.status not in WORK_IN_PROGRESS
    for (field, what), ids in dangling.items():
        for ref_id, tiers in ids.items():
            message = (
                f"citation [{ref_id}] in {what} has no matching reference "
                f"(cited in the {', '.join(tiers)} text)"
            )
            if approved:
                message += (
                    "; an approved article may not cite a missing source (readers see it as "
                    "pending review until this is fixed)"
                )
            found.add("error" if approved else "warning", field, message, blocking=False)


def _check_references(article: Article, found: _Findings) -> None:
    cited_anywhere = {
        ref_id for _, _, text, _ in cited_texts(article) for ref_id in cited_ids(text)
    }
    for i, ref in enumerate(article.references):
        if ref.id not in cited_anywhere:
            found.add("warning", f"references[{i}]", f"reference {ref.id} is never cited")
        if ref.type == "guideline" and not ref.issuer:
            found.add(
                "error",
                f"references[{i}].issuer",
                f"reference {ref.id} is typed 'guideline' but names no issuer: a guideline is "
                "guidance issued by a named professional body or public agency (give it in "
                "`issuer`); a summary written by others is type 'summary'",
                blocking=False,
            )


def _has_plain_text(article: Article) -> bool:
    plain = plain_tier()
    return bool(article.summary.get(plain)) or any(s.tiers.get(plain) for s in article.sections)


def _check_statements(article: Article, found: _Findings) -> None:
    low, high = KEY_POINTS_RANGE
    for block in ("key_points", "actions"):
        given = [tier for tier in TIERS if getattr(article, block).get(tier)]
        for tier in TIERS:
            # Actions are for lay readers: the reference tier needs none, and the plain tier's
            # are an error below.
            lay = tier in plain_tiers() and tier != plain_tier()
            if given and tier not in given and (block == "key_points" or lay):
                found.add("warning", f"{block}.{tier}", f"no {tier} {block.replace('_', ' ')}")
    for tier in TIERS:
        points = article.key_points.get(tier)
        if getattr(article.key_points, tier) is not None and not low <= len(points) <= high:
            found.add(
                "error",
                f"key_points.{tier}",
                f"{len(points)} {tier} key point(s); give {low} to {high} short statements",
                blocking=False,
            )
    plain = plain_tier()
    if _has_plain_text(article) and not article.actions.get(plain):
        found.add(
            "error",
            f"actions.{plain}",
            f"no {plain} actions: say what a {tier_info(plain).reader.removeprefix('a ')} can do "
            "or ask (shown as 'What this means for you')",
            blocking=False,
        )


def _alternatives(words: list[str]) -> str:
    longest_first = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in longest_first)


@reads_data_files
@cache
def _non_human_pattern() -> re.Pattern[str]:
    alternatives = _alternatives(vocabulary().non_human_words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


@reads_data_files
@cache
def _non_human_hint() -> re.Pattern[str]:
    """The same words, lowercase, without boundaries or case folding: about four times faster,
    and it finds something in every lowercased text the full pattern matches."""
    return re.compile(_alternatives([w.lower() for w in vocabulary().non_human_words]))


# The only characters that case-insensitive matching folds to ASCII letters other than by
# `str.lower` (see the `re` documentation on IGNORECASE): their texts skip the hint.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def non_human_mentions(text: str | None) -> list[str]:
    """Words in a text that say a claim comes from animal or lab work."""
    if not text:
        return []
    foldable = not text.isascii() and not _FOLDS_TO_ASCII.isdisjoint(text)
    if not foldable and not _non_human_hint().search(text.lower()):
        return []
    return [m.group(0) for m in _non_human_pattern().finditer(text)]


def _check_basis(section: Section, field: str, found: _Findings) -> None:
    """The text and the basis should agree about animal or lab evidence, both ways."""
    designs = vocabulary().designs
    non_human_basis = [kind for kind in section.basis if designs[kind].human is False]
    texts = {tier: section.tiers.get(tier) for tier in TIERS if section.tiers.get(tier)}
    mentions = {tier: non_human_mentions(text) for tier, text in texts.items()}
    if not non_human_basis:
        said = sorted({w.lower() for words in mentions.values() for w in words})
        if said:
            found.add(
                "warning",
                f"{field}.basis",
                f"section {section.id!r} speaks of {', '.join(repr(w) for w in said)} but its "
                "basis names no animal or lab design (add animal, in_vitro or mechanistic)",
            )
        return
    silent = [tier for tier, words in mentions.items() if not words]
    if silent:
        found.add(
            "warning",
            f"{field}.basis",
            f"section {section.id!r} rests on {', '.join(non_human_basis)} work but its "
            f"{', '.join(silent)} text never says so (say 'in animals' or 'in lab studies')",
        )


def _check_basis_raises(
    section: Section, references: dict[str, Reference], field: str, found: _Findings
) -> None:
    """A `basis` may lower a grade or mark animal work; it raises one only with a cited study."""
    for kind in ignored_basis(section, references, section_citations(section)):
        found.add(
            "warning",
            f"{field}.basis",
            f"section {section.id!r} names {kind} in its basis, but no reference it cites is "
            f"{kind}: the grade ignores it (cite the study, or remove it from the basis)",
        )


QUESTIONS_RANGE = (2, 4)


def _check_questions(article: Article, found: _Findings) -> None:
    """Each tier's questions: 2 to 4, unique ids, a real section, a `same_as` in another tier.
    Errors fail `content validate` but never hide the article from readers (not blocking)."""
    sections = {s.id for s in article.sections}
    low, high = QUESTIONS_RANGE
    given = [tier for tier in TIERS if article.questions.get(tier)]
    ids = {tier: {q.id for q in article.questions.get(tier)} for tier in TIERS}
    for tier in TIERS:
        questions = article.questions.get(tier)
        if given and not questions:
            found.add("warning", f"questions.{tier}", f"no {tier} questions")
            continue
        if questions and not low <= len(questions) <= high:
            found.add(
                "error",
                f"questions.{tier}",
                f"{len(questions)} {tier} question(s); give {low} to {high}",
                blocking=False,
            )
        seen: set[str] = set()
        for i, question in enumerate(questions):
            where = f"questions.{tier}[{i}]"
            if question.id in seen:
                found.add(
                    "error",
                    f"{where}.id",
                    f"question id {question.id!r} is used twice",
                    blocking=False,
                )
            seen.add(question.id)
            if question.section not in sections:
                found.add(
                    "error",
                    f"{where}.section",
                    f"no section {question.section!r} in this article",
                    blocking=False,
                )
            if question.same_as is not None and not any(
                question.same_as in ids[other] for other in TIERS if other != tier
            ):
                found.add(
                    "error",
                    f"{where}.same_as",
                    f"same_as {question.same_as!r} names no question in another tier",
                    blocking=False,
                )


APPROVAL_IN_APP = (
    "approval is recorded by a reviewer in the app (/editor, python -m editorial); a status or "
    "review written in the file is never shown to readers as a review"
)


def _check_review_claims(article: Article, found: _Findings) -> None:
    """`status: approved` or a `review:` block in a file grants nothing: say so (a warning)."""
    if article.status == "approved":
        found.add("warning", "status", f"'approved' in the file: {APPROVAL_IN_APP}")
    if article.review is not None:
        found.add("warning", "review", f"a review block in the file: {APPROVAL_IN_APP}")
