"""`check_text`: the article-free rules on pasted text, the same findings an article gets."""

from content.tiers import plain_tier, reference_tier
from readability.checks.text_rules import NO_ARTICLE, check_text


def test_pasted_text_gets_the_plain_tier_rules() -> None:
    text = "Taking it gave a 58 % lower risk. Tryptase rises after meals."
    rules = {f.rule for f in check_text(text, plain_tier())}
    assert {"relative-risk", "rare-word"} <= rules
    assert all(f.article == NO_ARTICLE for f in check_text(text, plain_tier()))


def test_the_reference_tier_skips_plain_reader_rules() -> None:
    text = "Taking it gave a 58 % lower risk. Tryptase rises after meals."
    assert check_text(text, reference_tier()) == []


def test_clean_text_has_no_findings() -> None:
    assert check_text("Walk every day. It helps your heart.", plain_tier()) == []
