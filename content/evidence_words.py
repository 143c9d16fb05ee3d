"""Evidence as rows for charts and tables, and in words for each kind of reader.

Everything here reads `content.evidence` (the grading) and the vocabulary file; nothing is scored
twice. Rows are plain dicts so the app can hand them to pandas and tools can print them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from content.evidence import (
    CERTAINTY_ORDER,
    GRADE_ORDER,
    LEVEL_LABELS,
    NOT_GRADED,
    EvidenceItem,
    SectionEvidence,
    article_evidence,
    vocabulary,
)
from content.model import Article
from content.tiers import plain_tier, plain_tiers, reference_tier, tier_label

DISCLAIMER = (
    "A solid bar is a certainty that a cited review, trial or guideline rated itself. A pale "
    "bar with a dashed edge is our estimate from the kind of study: it is not a formal GRADE "
    "rating, and it never goes above Moderate."
)
# Cochrane / GRADE guidance 26 sentences for the plain word of each grade.
# None says "in people": a grade never tells the reader who was studied (the basis words do).
PATIENT_SENTENCES = {
    "shows": "Good research shows this.",
    "probably": "This is probably right.",
    "may": "This may be right.",
    "we are not sure": "We are not sure about this.",
}
# How a grade was reached, in each reader's words: the chart's legend, table and tooltip.
ROUTE_STATED = "stated"
ROUTE_DESIGN = "design"
ROUTE_NONE = "none"
ROUTE_WORDS: dict[str, dict[str, str]] = {
    "plain": {
        ROUTE_STATED: "rated by the source",
        ROUTE_DESIGN: "our estimate",
        ROUTE_NONE: "not graded",
    },
    "reference": {
        ROUTE_STATED: "Stated by a cited source",
        ROUTE_DESIGN: "Estimated from study design",
        ROUTE_NONE: "Not graded",
    },
}
# The plain tier's words for each grade on the ordered scale, weakest first.
PLAIN_SCALE: dict[str, str] = {
    NOT_GRADED: "not graded",
    **{band["label"]: band["plain"] for band in vocabulary().bands},
}
PATIENT_SCALE = PLAIN_SCALE  # the name the chart tests and older callers use
NON_HUMAN_WORDS = {"plain": "in animals or lab only", "other": "animal or lab only"}

Evidence = Mapping[str, SectionEvidence]


def _evidence(article: Article, evidence: Evidence | None) -> Evidence:
    """The article's evidence as given (graded once by the caller), else graded now."""
    return evidence if evidence is not None else article_evidence(article)


def level_order() -> list[int]:
    """Design levels, strongest first, as listed in the vocabulary file."""
    return list(vocabulary().levels)


def level_name(level: int | None) -> str:
    """A design level's name; a source with no level (guideline, summary) is not a design."""
    if level is None:
        return "Not a study design"
    return vocabulary().levels[level]["name"]


def grade_words(label: str, tier: str) -> str:
    """A grade as this reader reads it: the patient's scale words, else the grade's name."""
    return PLAIN_SCALE[label] if tier == plain_tier() else label


def route_words(evidence: SectionEvidence, plain: bool) -> str:
    """How this grade was reached, short enough for a phone's legend: "rated by the source" or
    "our estimate" (clinicians: "Stated by a cited source")."""
    return ROUTE_WORDS["plain" if plain else "reference"][evidence.basis_of_grade.route]


def how_we_know(evidence: SectionEvidence) -> str:
    """The grade with its route for clinicians: level, scheme, outcome and reference, or the
    design it was estimated from ("Low (estimated from study design: one randomised trial)")."""
    basis = evidence.basis_of_grade
    if basis.route == ROUTE_STATED:
        about = f" for {basis.outcome}" if basis.outcome else ""
        capped = "; capped at Very low: animal or lab work only" if evidence.capped else ""
        return (
            f"{evidence.label} ({basis.scheme}, rated by reference [{basis.reference}]"
            f"{about}{capped})"
        )
    if basis.route == ROUTE_DESIGN:
        lowered = "; lowered: the text names weaker designs" if basis.lowered_by_basis else ""
        return f"{evidence.label} (estimated from study design: {basis.why}{lowered})"
    if guideline_only(evidence):
        return (
            f"{NOT_GRADED} (guideline advice: the certainty the guideline states for this "
            "recommendation is not recorded here)"
        )
    return f"{NOT_GRADED} (no cited study or stated certainty to rate)"


def guideline_only(evidence: SectionEvidence) -> bool:
    """An ungraded section that cites guideline advice: the guideline may well grade it, we
    only have not recorded that grade, so "no studies we can rate" would be untrue (issue 17)."""
    return evidence.basis_of_grade.route == ROUTE_NONE and any(
        item.type == "guideline" for item in evidence.items
    )


GUIDELINE_NOT_RECORDED = (
    "This is advice from a guideline. We have not recorded how sure its authors are."
)


def plain_how_we_know(evidence: SectionEvidence, with_design: bool = True) -> str:
    """The route in plain words, for patients and students. Patients' text names the designs
    in plain words right after ("Based on ..."), so `with_design=False` leaves out the
    technical "one randomised trial"."""
    basis = evidence.basis_of_grade
    if basis.route == ROUTE_STATED:
        # The design's words follow in "Based on ..."; saying them here too read twice.
        if basis.design == "guideline":
            return "The group that gave this advice rated how sure it is."
        return "The people who did this research rated how sure they are."
    if basis.route == ROUTE_DESIGN:
        if not with_design:
            return "We estimated this from the kind of study."
        return f"We estimated this from the kind of study: {basis.why}."
    if guideline_only(evidence):
        return GUIDELINE_NOT_RECORDED
    return "There are no studies we can rate for this part."


def rests_on(evidence: SectionEvidence) -> str:
    """What a section's grade rests on, counted by kind, strongest first (chart tooltips)."""
    designs = vocabulary().designs
    counts: dict[str, int] = {}
    order = {name: i for i, name in enumerate(designs)}
    for item in sorted(evidence.items, key=lambda i: order[i.type]):
        label = designs[item.type].label.lower()
        if item.origin == "basis":
            label += " (named in the text)"
        counts[label] = counts.get(label, 0) + 1
    if not counts:
        return "no source cited"
    return "; ".join(f"{n} × {label}" if n > 1 else label for label, n in counts.items())


def grade_rows(
    article: Article, tier: str, evidence: Evidence | None = None
) -> list[dict[str, Any]]:
    """One row per section for the strength chart: its grade's place on the ordered scale.

    `position` is the rank plus one, so a Not graded section still gets a short, visible mark
    and equal grades always sit at equal positions.
    """
    graded = _evidence(article, evidence)
    rows = []
    for order, section in enumerate(article.sections):
        result = graded[section.id]
        words = grade_words(result.label, tier)
        if result.non_human:
            words += f", {NON_HUMAN_WORDS['plain' if tier == plain_tier() else 'other']}"
        if result.rank == 0:
            kind = "Not graded"
        elif result.non_human:
            kind = "Only animal or lab studies"
        else:
            kind = (
                "Studies in people" if _has_human_study(result) else "Reviews, opinion or guidance"
            )
        rows.append(
            {
                "section_id": section.id,
                "section": section.heading_for(tier),
                "section_order": order,
                "label": result.label,
                "rank": result.rank,
                "position": result.rank + 1,
                "words": words,
                "kind": kind,
                "non_human": result.non_human,
                "reason": result.reason,
                "rests_on": rests_on(result),
                "route": result.basis_of_grade.route,
                "how": route_words(result, plain=tier != reference_tier()),
                "how_we_know": (
                    how_we_know(result)
                    if tier == reference_tier()
                    else plain_how_we_know(result, with_design=tier != plain_tier())
                ),
            }
        )
    return rows


def _has_human_study(evidence: SectionEvidence) -> bool:
    opinion = vocabulary().opinion_levels
    return any(i.human and i.level is not None and i.level not in opinion for i in evidence.items)


def _strongest(evidence: SectionEvidence) -> EvidenceItem | None:
    weighted = [i for i in evidence.items if i.weight is not None]
    if weighted:
        return max(weighted, key=lambda i: i.weight or 0.0)
    return evidence.items[0] if evidence.items else None


def _plain_basis(evidence: SectionEvidence) -> str:
    """The designs behind a section in patient words, strongest level first, no repeats."""
    order = list(vocabulary().designs)
    items = sorted(evidence.items, key=lambda i: order.index(i.type))
    words: list[str] = []
    for item in items:
        plain = vocabulary().designs[item.type].patient
        if plain not in words:
            words.append(plain)
    return "; ".join(words)


def strength_words(evidence: SectionEvidence, tier: str) -> str:
    """What a section's evidence rests on, in the words each reader is given (EVIDENCE.md).

    Shown beside the strength label, so it does not repeat it: patients get the GRADE 26
    sentence, how we know and the designs in plain words; students the certainty words and the
    route; clinicians the level with its scheme, outcome and reference, or the design estimate.
    """
    vocab = vocabulary()
    band = vocab.band(evidence.score)
    strongest = _strongest(evidence)
    if strongest is None:
        return "No source given for this part." if tier == plain_tier() else "No source cited."
    flags = f" Flag: {'; '.join(evidence.flags)}." if evidence.flags else ""
    if tier == reference_tier():
        return f"{how_we_know(evidence)}.{flags}"
    route = plain_how_we_know(evidence, with_design=tier != plain_tier())
    if tier == plain_tier():
        basis = _plain_basis(evidence)
        if band is None and guideline_only(evidence):
            return f"Not graded here. {GUIDELINE_NOT_RECORDED} Based on {basis}."
        if band is None:
            return f"Not graded: there are no studies we can rate. Based on {basis}."
        sentence = PATIENT_SENTENCES.get(band["plain"], f"{band['plain'].capitalize()}.")
        return f"{sentence} {route} Based on {basis}."
    if band is None and guideline_only(evidence):
        return "Not graded here: guideline advice whose stated certainty we have not recorded."
    if band is None:
        return "Not graded: no cited study or stated certainty to rate."
    return f"{band['between'][0].upper()}{band['between'][1:]}. {route}{flags}"


def _rung(level: int | None, bottom: int) -> str:
    if level is None:
        return "outside the evidence pyramid"
    return f"rung {level} of {bottom} in the evidence pyramid"


def section_summaries(
    article: Article, tier: str, evidence: Evidence | None = None
) -> list[dict[str, Any]]:
    """One row per section: its label, the words for this reader, and its flags."""
    graded = _evidence(article, evidence)
    rows = []
    for section in article.sections:
        evidence_here = graded[section.id]
        rows.append(
            {
                "section_id": section.id,
                "section": section.heading_for(tier),
                "label": evidence_here.label,
                "grade": grade_words(evidence_here.label, tier),
                "reason": evidence_here.reason,
                "words": strength_words(evidence_here, tier),
                "route": evidence_here.basis_of_grade.route,
                "how": route_words(evidence_here, plain=tier != reference_tier()),
                "flags": list(evidence_here.flags),
                "score": evidence_here.score,
            }
        )
    return rows


def label_counts(article: Article, evidence: Evidence | None = None) -> dict[str, int]:
    """How many sections carry each strength label, strongest first, then not graded."""
    labels = [e.label for e in _evidence(article, evidence).values()]
    order = list(reversed(GRADE_ORDER[1:])) + [NOT_GRADED]
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
            "In people": _in_people(design.human),
            "In plain words": design.patient,
        }
        for design in vocab.designs.values()
    ]


def _in_people(human: bool | None) -> str:
    if human is None:
        return "not a study"
    return "yes" if human else "no (animal or lab)"


def band_rows() -> list[dict[str, Any]]:
    """The strength bands: the lowest score for each label and the words readers see."""
    return [
        {
            "From score": band["min"],
            "Label": band["label"],
            f"{tier_label(plain_tier())} reads": band["plain"],
            **{f"{tier_label(t)} reads": band["between"] for t in plain_tiers()[1:]},
        }
        for band in vocabulary().bands
    ]


def grade_cap_rows() -> list[dict[str, Any]]:
    """Each certainty level, the grade it is drawn as, and whether design alone can reach it."""
    vocab = vocabulary()
    ceiling = CERTAINTY_ORDER.index(vocab.design_ceiling)
    return [
        {
            "Certainty": LEVEL_LABELS[name],
            "Drawn at": vocab.grade_caps[name],
            "From study design alone": "yes"
            if i <= ceiling
            else "no: only when a source states it",
        }
        for i, name in enumerate(CERTAINTY_ORDER)
    ]


def design_estimate_rows() -> list[dict[str, Any]]:
    """What each design earns when no cited source states a certainty (the design route)."""
    vocab = vocabulary()
    rows = [
        {
            "Cited in the section": "A systematic review or meta-analysis of randomised trials",
            "Estimate": LEVEL_LABELS[vocab.pooled_trials],
        },
        {
            "Cited in the section": "Two or more randomised trials",
            "Estimate": LEVEL_LABELS[vocab.several_trials],
        },
    ]
    for name, design in vocab.designs.items():
        if design.estimate is None:
            continue
        label = design.label
        if name in ("systematic_review", "meta_analysis"):
            label += " of observational, mixed or unstated studies"
        elif name == "rct":
            label = "One randomised trial"
        rows.append({"Cited in the section": label, "Estimate": LEVEL_LABELS[design.estimate]})
    return rows
