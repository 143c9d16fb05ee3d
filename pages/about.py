"""About: how tiers are written, what the scores mean and where they fail, the evidence scale."""

import pandas as pd
import streamlit as st

import ui
from content.evidence_words import (
    DISCLAIMER,
    band_rows,
    design_estimate_rows,
    grade_cap_rows,
    vocabulary_rows,
)
from content.tiers import tier_label
from readability import CONSENSUS_FORMULAS, load_targets
from readability.scores import SMOG_MIN_SENTENCES, STABLE_MIN_SENTENCES, STABLE_MIN_WORDS

persona = ui.frame("About")

st.title("About this reader")
st.markdown(
    "Every article answers one health question three times: for patients, for students and for "
    "clinicians. Each page also shows how hard its text is to read and how strong the evidence "
    "behind each part is, so you can judge both for yourself."
)

st.header("Three ways to read each article")
st.markdown(
    "- **Patient**: everyday words and short sentences. Writers aim at US school grade 6 and "
    "never go above grade 8. A hard word is avoided, or explained under *Words used on this "
    "page*.\n"
    "- **Student**: for a curious undergraduate, grade 10 to 12. The key scientific terms "
    "stay in, and each is explained the first time it appears.\n"
    "- **Clinician**: full technical detail, with every claim cited.\n\n"
    "All three versions say the same things and cite the same sources. On an article you can "
    "open any part at another level with its *Simpler* or *More detail* button."
)
targets = pd.DataFrame(
    [
        {
            "Reader": tier_label(tier),
            "Goal grade": "none" if t.goal is None else f"{t.goal:g}",
            "Upper limit": "none" if t.max is None else f"{t.max:g}",
            "Why, and the source": t.source,
        }
        for tier, t in load_targets().items()
    ]
).set_index("Reader")
st.table(targets)
st.markdown(
    "A page **meets its target** at or under the goal, is **above goal, within limit** between "
    "the goal and the upper limit, and **misses its target** above the limit. The verdict is "
    "always written in words next to its colour."
)

st.header("What the reading scores mean")
formula_names = {
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "smog_index": "SMOG",
    "gunning_fog": "Gunning fog",
    "coleman_liau_index": "Coleman-Liau",
    "automated_readability_index": "Automated Readability Index",
}
consensus = ", ".join(formula_names.get(f, f) for f in CONSENSUS_FORMULAS)
st.markdown(
    "Grades are US school years: grade 6 is about age 11 to 12, grade 12 the end of "
    "secondary school, above 12 college level. Scores are worked out on exactly the text you "
    "see at your reading level, after removing Markdown, links and citation numbers and "
    "ending every list item as a sentence (otherwise a list reads as one giant sentence)."
)
scores = pd.DataFrame(
    [
        (
            "Reading grade (consensus)",
            f"The middle value (median) of {consensus}.",
            "One formula that overreacts to a text cannot swing it, but it is still an "
            "estimate from word and sentence lengths, not a test with readers.",
        ),
        (
            "Flesch-Kincaid grade",
            "Words per sentence and syllables per word, as a school grade.",
            "Rewards short sentences even when the words are unfamiliar; counts a number "
            "as a one-syllable word.",
        ),
        (
            "Flesch Reading Ease",
            "The same two counts on a 0 to 100 scale; higher is easier (60 to 70 is plain "
            "English).",
            "Can go below 0 for dense technical text; we show it clamped to 0 to 100.",
        ),
        (
            "SMOG",
            "Counts words of three or more syllables, as a school grade.",
            f"Defined on samples of {SMOG_MIN_SENTENCES} or more sentences; on shorter text it "
            "is marked low confidence.",
        ),
        (
            "Words, sentences, reading time",
            "Counts after cleaning; reading time at 238 words a minute, the average silent "
            "reading rate of adults for non-fiction (Brysbaert, 2019).",
            "Assumes a fluent adult reader; a new topic, or reading in a second language, "
            "takes longer.",
        ),
    ],
    columns=["Score", "What it measures", "Where it fails"],
).set_index("Score")
st.table(scores)
st.markdown(
    f"On fewer than {STABLE_MIN_SENTENCES} sentences or {STABLE_MIN_WORDS} words, most "
    "formulas swing by about 3 grades, so single sections are marked *low confidence*. "
    "No formula knows whether a reader knows a word: *serotonin* and *dopamine* score like "
    "any other three-syllable words. That is why patient pages also explain their hard words."
)

st.header("How we rate the evidence")
st.markdown(
    "Each section's evidence comes from the sources it cites and from the kinds of study its "
    "own sentences name (for example *in animal models*). Every source has a study design "
    "from the fixed list below, and each design has a level and a weight."
)
designs = pd.DataFrame(vocabulary_rows()).set_index("Design")
# Four columns, so the table fits a phone: the level with its name (which says whether it is
# animal or lab work, as the plain words do), without the separate "In people" column.
designs["Level"] = designs["Level"].astype(str) + ": " + designs.pop("Level name")
designs = designs.drop(columns=["In people"])
designs["Weight"] = designs["Weight"].map(lambda w: "not scored" if pd.isna(w) else f"{w:.2f}")
st.table(designs)
st.subheader("How a section is graded: two routes")
st.markdown(
    "**1. Rated by the researchers themselves.** Good reviews and guidelines say themselves"
    " how sure they are. Cochrane reviews and other GRADE reviews rate their certainty for "
    "each outcome (high, moderate, low or very low); the US Preventive Services Task Force "
    "states its certainty of net benefit. When a source a section cites states one, the "
    "section takes it: the highest such rating among its sources, for the outcome the "
    "section reports. *Example:* a Cochrane review of probiotics for children taking "
    "antibiotics rated its own certainty *moderate* for diarrhoea, so that section reads "
    '"probably" and its bar is solid.\n\n'
    "**2. Our estimate from the kind of study.** When no cited source states a certainty, we "
    "estimate it from the study designs cited, and never above Moderate, because a rating "
    "of High needs judgements about bias, consistency and precision that a design label "
    'cannot make. *Example:* a section resting on one randomised trial is Low ("may"): one '
    "trial is not a body of evidence. Its bar is pale with a dashed edge.\n\n"
    "Only a source's own rating can make a section High. Sections whose every study is in "
    "animals or in the lab stay Very low whatever is stated. Summaries written by others, "
    "and guidance that states no certainty, are not graded. A design named in a section's "
    "text (for example *in observational studies*) can lower its estimate, never raise it."
)
st.table(pd.DataFrame(design_estimate_rows()).set_index("Cited in the section"))
st.markdown("Each reader sees the grade in their own words:")
st.table(pd.DataFrame(band_rows()).set_index("Label").style.format({"From score": "{:.2f}"}))
caps = pd.DataFrame(grade_cap_rows()).set_index("Certainty")
st.table(caps.style.format({"Drawn at": "{:.2f}"}))
st.markdown(
    "The chart on each article draws one bar per section; its length is the grade. Blue bars "
    "rest on studies in people, yellow on reviews, opinion or guidance, grey on animal "
    f"and lab work only, white bars are not graded. **{DISCLAIMER}**"
)
ui.disclaimer(persona)
