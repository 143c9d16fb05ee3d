"""Sample texts and article data shared by the tests, built in code so each test states its data."""

from __future__ import annotations

import copy
from typing import Any

# The score names of the CLI and report contract (issue 2): textstat's own function names.
TEXTSTAT_NAMES = (
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "smog_index",
    "gunning_fog",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
)
SCORE_KEYS = {*TEXTSTAT_NAMES, "consensus_grade", "words", "sentences"}

PLAIN_BULLETS = """\
- Gut bacteria make chemicals that can reach the brain [1]
- Some of these chemicals change how the gut moves [2]
- Scientists are still learning how much this matters for people [1, 2]
"""

LONG_PATIENT_TEXT = " ".join(
    [
        "Your gut is home to many tiny living things.",
        "Most of them are bacteria.",
        "They help you break down food.",
        "They also make small chemicals.",
        "Some of these chemicals send signals to your brain.",
        "Doctors are still learning how this works.",
        "Eating fruit and vegetables can help good bacteria grow.",
        "Ask your doctor before you try a new supplement.",
    ]
)

CLINICAL_TEXT = (
    "Interleukin-18 activates macrophages, drives T-helper-1 differentiation and promotes "
    "interleukin-1-beta and tumour necrosis factor-alpha production, representing a pivotal "
    "inflammatory node in bidirectional neuroimmune communication between intestinal "
    "microbiota and central autonomic circuitry. Corticotropin-releasing hormone markedly "
    "enhances gastrointestinal motility and visceral hypersensitivity."
)

_VALID_ARTICLE: dict[str, Any] = {
    "id": "sample-article",
    "title": "Does a sample article load?",
    "status": "draft",
    "updated": "2026-01-15",
    "topics": ["testing"],
    "summary": {
        "patient": "Yes, it does. [1]",
        "student": "Yes: the loader accepts it. [1]",
        "clinician": "Affirmative; the validator accepts the document. [1]",
    },
    "sections": [
        {
            "id": "first-section",
            "heading": "First section",
            "group": "A group",
            "tiers": {
                "patient": "- A short line for patients. [1]",
                "student": "- A longer line for students, with a key term. [1]",
                "clinician": "- Technical detail for clinicians. [1, 2]",
            },
        },
        {
            "id": "second-section",
            "heading": "Second section",
            "basis": ["animal"],
            "tiers": {
                "patient": "- Tests in mice. [2]",
                "student": "- Experiments in mice. [2]",
                "clinician": "- Experiments in mice. [2]",
            },
        },
    ],
    "references": [
        {
            "id": "1",
            "type": "rct",
            "title": "A trial",
            "source": "A Journal",
            "year": 2020,
        },
        {
            "id": "2",
            "type": "guideline",
            "title": "A guideline",
            "source": "A Society",
            "year": 2024,
            "issuer": "A Society",
        },
    ],
    "glossary": {"bacteria": "tiny living things"},
    "actions": {
        "patient": ["Ask your doctor what this means for you."],
        "student": ["Read the cited trial before relying on the claim."],
    },
}


def valid_article(**changes: Any) -> dict[str, Any]:
    """A fresh copy of a small valid article, with top-level fields replaced."""
    data = copy.deepcopy(_VALID_ARTICLE)
    data.update(changes)
    return data
