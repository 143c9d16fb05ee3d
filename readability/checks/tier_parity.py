"""Rules across tiers: `tier-order` (each tier simpler than the next) and `citation-parity`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from content.citations import cited_ids
from content.model import TIERS, Article
from content.tiers import plain_tiers, reference_tier
from readability.assess import assess_article
from readability.check_words import check_words
from readability.checks.findings import SEVERITY, WARNING, Finding
from readability.clean import clean_blocks
from readability.sentences import Sentence, sentence_grade, split_sentences, tier_parts


def _hardest(sentences: Iterable[Sentence]) -> str:
    graded = [(sentence_grade(s), s.text) for s in sentences]
    return max(graded, key=lambda pair: pair[0])[1] if graded else ""


def tier_order(article: Article, sentences: dict[str, list[Sentence]]) -> Iterator[Finding]:
    """Each tier at least `tier_gap` grades below the next, section by section and whole."""
    gap = check_words().tier_gap
    assessed = assess_article(article)
    for simpler, harder in zip(TIERS, TIERS[1:], strict=False):
        easy, hard = assessed[simpler], assessed[harder]
        if easy.whole.words and hard.whole.words:
            grade, next_grade = easy.whole.consensus_grade, hard.whole.consensus_grade
            if grade > next_grade - gap:
                yield Finding(
                    article.id,
                    simpler,
                    None,
                    SEVERITY["tier-order"],
                    "tier-order",
                    f"The whole {simpler} tier reads at grade {grade:.1f}, not at least {gap:g} "
                    f"grades below the {harder} tier ({next_grade:.1f}). Its hardest sentence "
                    "is shown.",
                    _hardest(sentences[simpler]),
                )
        for section_id, scores in easy.sections.items():
            other = hard.sections.get(section_id)
            if other is None or not scores.words:
                continue
            grade, next_grade = scores.consensus_grade, other.consensus_grade
            if grade > next_grade - gap:
                yield Finding(
                    article.id,
                    simpler,
                    section_id,
                    WARNING,
                    "tier-order",
                    f"The {simpler} text of this section reads at grade {grade:.1f}, not at "
                    f"least {gap:g} grades below the {harder} text ({next_grade:.1f}). Its "
                    "hardest sentence is shown.",
                    _hardest(s for s in sentences[simpler] if s.part == section_id),
                )


def _items(texts: list[str]) -> list[tuple[str, list[str]]]:
    """(clean text, cited ids) per list item or paragraph; consecutive blocks of one item join."""
    items: list[tuple[str, str]] = []  # (markdown source, clean text)
    for text in texts:
        for block in clean_blocks(text):
            if items and items[-1][0] == block.markdown:
                items[-1] = (block.markdown, f"{items[-1][1]} {block.text}")
            else:
                items.append((block.markdown, block.text))
    return [(clean, cited_ids(source)) for source, clean in items]


def citation_parity(article: Article) -> Iterator[Finding]:
    """Each tier's list items against the same items of the most detailed tier."""
    reference = dict(tier_parts(article, reference_tier()))
    for tier in plain_tiers():
        for part, texts in tier_parts(article, tier):
            if part not in reference:
                continue
            mine, theirs = _items(texts), _items(reference[part])
            if len(mine) != len(theirs):  # items do not correspond: compare the part as a whole
                mine, theirs = [_merged(mine)], [_merged(theirs)]
            for (clean, ids), (_, reference_ids) in zip(mine, theirs, strict=True):
                if set(ids) != set(reference_ids):
                    yield Finding(
                        article.id,
                        tier,
                        part,
                        SEVERITY["citation-parity"],
                        "citation-parity",
                        f"The {tier} text cites {_ref_list(ids)} where the {reference_tier()} "
                        f"text cites {_ref_list(reference_ids)}; the tiers say the same facts, "
                        "so they cite the same sources.",
                        split_sentences(clean)[0] if clean else "",
                    )


def _merged(items: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    return " ".join(clean for clean, _ in items), [i for _, ids in items for i in ids]


def _ref_list(ids: list[str]) -> str:
    return ", ".join(f"[{i}]" for i in sorted(set(ids), key=int)) or "nothing"
