"""Evidence as rows for charts and tables, and in words for each kind of reader.

Everything here reads `content.evidence` (the grading) and the vocabulary file; nothing is scored
twice. Rows are plain dicts so the app can hand them to pandas and tools can print them.
"""

from __future__ import annotations

from typing import Any

from content.evidence import NOT_GRADED, EvidenceItem, SectionEvidence, vocabulary
from content.export import section_evidence
from content.model import Article

DISCLAIMER = "This is a design-based indicator, not a formal GRADE rating."
# Cochrane / GRADE guideline 26 style sentences for the patient word of each strength band.
PATIENT_SENTENCES = {
    "shows": "Research in people shows this.",
    "probably": "This is probably right.",
    "may": "This may be right.",
    "very uncertain": "The evidence is very uncertain.",
}


def level_order() -> list[int]:
    """Levels in the fixed order charts stack them: as listed in the vocabulary file."""
    return list(vocabulary().levels)


def level_name(level: int) -> str:
    return vocabulary().levels[level]["name"]


def non_human_levels() -> set[int]:
    """Levels whose every design is animal or lab work (drawn grey)."""
    designs = vocabulary().designs.values()
    return {
        level
        for level in level_order()
        if all(not d.human for d in designs if d.level == level)
        and any(d.level == level for d in designs)
    }


def _item_row(item: EvidenceItem) -> dict[str, Any]:
    design = vocabulary().designs[item.type]
    from_reference = item.origin == "reference"
    return {
        "level": item.level,
        "level_name": level_name(item.level),
        "stack_order": level_order().index(item.level),
        "design": design.label,
        "design_plain": design.patient,
        "human": design.human,
        "origin": "Cited reference" if from_reference else "Study type named in the text",
        "reference": f"[{item.reference_id}]" if from_reference else "",
        "title": item.title if from_reference else f"{design.label} (named in the section text)",
        "year": item.year,
        "count": 1,
    }


def evidence_rows(article: Article, tier: str) -> list[dict[str, Any]]:
    """One row per design behind each section: its cited references, then its stated basis."""
    rows: list[dict[str, Any]] = []
    for order, section in enumerate(article.sections):
        for item in section_evidence(article, section).items:
            rows.append(
                {
                    "section_id": section.id,
                    "section": section.heading_for(tier),
                    "section_order": order,
                    **_item_row(item),
                }
            )
    return rows


def _strongest(evidence: SectionEvidence) -> EvidenceItem | None:
    weighted = [i for i in evidence.items if i.weight is not None]
    if weighted:
        return max(weighted, key=lambda i: i.weight or 0.0)
    return evidence.items[0] if evidence.items else None


def _plain_basis(evidence: SectionEvidence) -> str:
    """The designs behind a section in patient words, strongest level first, no repeats."""
    order = level_order()
    items = sorted(evidence.items, key=lambda i: order.index(i.level))
    words: list[str] = []
    for item in items:
        plain = vocabulary().designs[item.type].patient
        if plain not in words:
            words.append(plain)
    return "; ".join(words)


def strength_words(evidence: SectionEvidence, tier: str) -> str:
    """What a section's evidence rests on, in the words each reader is given (EVIDENCE.md).

    Shown beside the strength label, so it does not repeat it: patients get the Cochrane-style
    sentence and the designs in plain words, students the pyramid, clinicians weight and level.
    """
    vocab = vocabulary()
    band = vocab.band(evidence.score)
    strongest = _strongest(evidence)
    if strongest is None:
        return "No source given for this part." if tier == "patient" else "No source cited."
    design = vocab.designs[strongest.type]
    if tier == "patient":
        basis = _plain_basis(evidence)
        if band is None:
            return f"Not rated: no studies we can rate. Based on {basis}."
        sentence = PATIENT_SENTENCES.get(band["patient"], f"{band['patient'].capitalize()}.")
        return f"{sentence} Based on {basis}."
    flags = f" Flag: {'; '.join(evidence.flags)}." if evidence.flags else ""
    if tier == "student":
        if band is None:
            return (
                f"Only {level_name(design.level).lower()}, which summarise research and sit "
                "outside the pyramid."
            )
        bottom = max(level for level in level_order() if level > 0)
        return (
            f"{band['student'][0].upper()}{band['student'][1:]}. Strongest design: "
            f"{design.label.lower()}, rung {design.level} of {bottom} in the evidence "
            f"pyramid.{flags}"
        )
    if band is None:
        return f"No design weight: {design.label.lower()}s only (level {design.level})."
    return (
        f"Design weight {evidence.score:.2f}; strongest design: {design.label} "
        f"(level {design.level}).{flags}"
    )


def section_summaries(article: Article, tier: str) -> list[dict[str, Any]]:
    """One row per section: its label, the words for this reader, and its flags."""
    rows = []
    for section in article.sections:
        evidence = section_evidence(article, section)
        rows.append(
            {
                "section_id": section.id,
                "section": section.heading_for(tier),
                "label": evidence.label,
                "words": strength_words(evidence, tier),
                "flags": list(evidence.flags),
                "score": evidence.score,
            }
        )
    return rows


def label_counts(article: Article) -> dict[str, int]:
    """How many sections carry each strength label, strongest band first, then not graded."""
    labels = [section_evidence(article, s).label for s in article.sections]
    order = [b["label"] for b in vocabulary().bands] + [NOT_GRADED]
    return {label: labels.count(label) for label in order if label in labels}


def vocabulary_rows() -> list[dict[str, Any]]:
    """The study-design vocabulary as a table, in the file's order."""
    vocab = vocabulary()
    return [
        {
            "Design": design.label,
            "Level": design.level,
            "Level name": level_name(design.level),
            "Weight": design.weight,
            "In people": "yes" if design.human else "no (animal or lab)",
            "In plain words": design.patient,
        }
        for design in vocab.designs.values()
    ]


def band_rows() -> list[dict[str, Any]]:
    """The strength bands: the lowest score for each label and the words readers see."""
    return [
        {
            "From score": band["min"],
            "Label": band["label"],
            "Patients read": band["patient"],
            "Students read": band["student"],
        }
        for band in vocabulary().bands
    ]


def grade_cap_rows() -> list[dict[str, Any]]:
    """GRADE certainty caps on a reference's weight."""
    return [
        {"Stated GRADE certainty": name.replace("_", " "), "Highest weight": cap}
        for name, cap in vocabulary().grade_caps.items()
    ]
