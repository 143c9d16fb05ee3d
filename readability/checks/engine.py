"""The engine: runs every rule on an article, caches findings, and checks files in batches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cache.results import cached, source_fingerprint
from content.evidence import article_evidence
from content.loader import Library, LoadResult
from content.model import TIERS, Article
from content.tiers import TIERS_FILE, plain_tiers, reference_tier
from readability.batch import FileTask, file_outcomes, without_duplicates
from readability.check_words import check_words
from readability.checks.acceptances import apply_acceptances
from readability.checks.certainty import certainty_missing, non_human_unqualified, overclaims
from readability.checks.findings import ERROR, SEVERITY, Finding
from readability.checks.plain_words import everyday_zipf
from readability.checks.questions import question_grades
from readability.checks.text_rules import text_findings
from readability.checks.tier_parity import citation_parity, tier_order
from readability.sentences import article_sentences
from readability.syllables import load_word_lists
from readability.targets import TARGETS_FILE


def check_article(article: Article) -> list[Finding]:
    """Every finding for one article, tier by tier in reading order, then across tiers.

    Findings are kept in the persistent result cache (`cache.results`) under the
    article's full content, the word lists in force and `checks_version()`: a warm run neither
    cleans, splits nor looks words up, and any edit to the article or the rules recomputes.
    """
    return cached(
        "findings",
        [checks_version(), check_words().model_dump_json(), article.model_dump_json()],
        lambda: find_all(article),
        encode=lambda found: [asdict(f) for f in found],
        decode=lambda rows: [Finding(**row) for row in rows],
    )


def checks_version() -> str:
    """A fingerprint of the check code and everything it imports from the project, the YAML
    the rules and scores read, and the versions of wordfreq and the scoring libraries."""
    readability = Path(__file__).parent.parent
    content = readability.parent / "content"
    data = sorted([*readability.glob("*.yaml"), *content.glob("*.yaml"), TIERS_FILE, TARGETS_FILE])
    return source_fingerprint(
        "readability.checks",
        distributions=("wordfreq", "textstat", "markdown-it-py", "pydantic"),
        data_files=tuple(data),
    )


def find_all(article: Article) -> list[Finding]:
    """Every finding for one article, uncached: the rules in reading order, then acceptances."""
    evidence = article_evidence(article)
    sentences = {tier: article_sentences(article, tier) for tier in TIERS}
    findings: list[Finding] = []
    for tier in plain_tiers():
        findings += overclaims(article, sentences[tier], evidence)
        findings += non_human_unqualified(article, tier, sentences[tier], evidence)
    for tier in TIERS:
        findings += text_findings(article.id, tier, sentences[tier])
    findings += certainty_missing(article, reference_tier(), sentences[reference_tier()], evidence)
    findings += question_grades(article)
    findings += tier_order(article, sentences)
    findings += citation_parity(article)
    return apply_acceptances(article, findings, sentences)


def load_failure(result: LoadResult) -> Finding:
    """The `load` error for a file that failed to load, naming its errors."""
    errors = [p for p in result.problems if p.severity == ERROR] or result.problems
    return Finding(
        result.path.stem,
        None,
        None,
        SEVERITY["load"],
        "load",
        "The file failed to load: " + "; ".join(str(p) for p in errors),
        "",
    )


def check_library(library: Library) -> list[Finding]:
    """Findings for every article, plus a `load` error for each file that failed to load."""
    findings: list[Finding] = []
    for result in library.results:
        if result.article is None:
            findings.append(load_failure(result))
        else:
            findings += check_article(result.article)
    return findings


def check_file_version() -> str:
    """What one file's findings depend on besides the file: the check code and word lists."""
    return f"{checks_version()}/{check_words().model_dump_json()}"


def finding_rows(article: Article) -> list[dict[str, Any]]:
    """`check_article` as JSON-able rows (`Finding(**row)` rebuilds each)."""
    return [asdict(f) for f in check_article(article)]


def load_check_data() -> None:
    """The scoring word lists and wordfreq's English frequencies, read now (before forking)."""
    load_word_lists()
    everyday_zipf("reading")


# `python -m readability check` over files: outcomes cached per file, misses in parallel.
CHECK = FileTask("check-file", check_file_version, finding_rows, load_check_data)


def check_files(
    files: list[Path], *, workers: int = 1, progress: Callable[[int], None] | None = None
) -> list[Finding]:
    """`check_library(load_library(*files))`, each file's findings cached by its bytes."""
    findings: list[Finding] = []
    for outcome in without_duplicates(
        file_outcomes(files, CHECK, workers=workers, progress=progress)
    ):
        if outcome.article_id is None:
            findings.append(load_failure(LoadResult(outcome.path, None, outcome.problems)))
        else:
            findings += [Finding(**row) for row in outcome.result]
    return findings
