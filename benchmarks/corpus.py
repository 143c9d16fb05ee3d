"""A synthetic library: N copies of the shipped articles, each copy's wording varied.

Every copy gets its own id and a share of its words swapped for other words of the corpus, so
no cache (ours, textstat's, the app's) can serve one copy's result for another, while the
Markdown structure (lists, links, citation markers) and the article's validity stay intact.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import yaml

from content.loader import DEFAULT_CONTENT_DIR, load_library
from content.model import TIERS

# Plain words only: markup, citation markers, numbers and link targets are left alone.
_WORD = re.compile(r"(?<![\[(/#\w-])[A-Za-z]{4,}(?![\w\]-])")
SWAP_SHARE = 0.15
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _texts(data: dict[str, Any]) -> list[str]:
    texts = [data["summary"].get(t) or "" for t in TIERS]
    for listed in ("key_points", "actions"):
        texts += [item for t in TIERS for item in (data.get(listed) or {}).get(t) or []]
    texts += [s["tiers"].get(t) or "" for s in data["sections"] for t in TIERS]
    return texts


def _vocabulary(articles: list[dict[str, Any]]) -> list[str]:
    words: set[str] = set()
    for data in articles:
        for text in _texts(data):
            words.update(w.lower() for w in _WORD.findall(text))
    return sorted(words)


def _vary(text: str | None, rng: random.Random, vocabulary: list[str]) -> str | None:
    if not text:
        return text

    def swap(match: re.Match[str]) -> str:
        if rng.random() >= SWAP_SHARE:
            return match.group(0)
        word = rng.choice(vocabulary)
        return word.capitalize() if match.group(0)[0].isupper() else word

    return _WORD.sub(swap, text)


def make_corpus(folder: Path, count: int, seed: int = 11) -> list[str]:
    """Write `count` varied copies of the shipped articles into `folder`; return their ids."""
    shipped = load_library(DEFAULT_CONTENT_DIR).articles.values()
    sources = [a.model_dump(mode="json", exclude_none=True) for a in shipped]
    vocabulary = _vocabulary(sources)
    ids = []
    for n in range(count):
        rng = random.Random(seed * 1_000_003 + n)
        data = {**sources[n % len(sources)]}
        data["id"] = f"bench-{n:05d}"
        data["title"] = f"{data['title']} (copy {n})"
        data["summary"] = {t: _vary(v, rng, vocabulary) for t, v in data["summary"].items()}
        for listed in ("key_points", "actions"):
            if data.get(listed):
                data[listed] = {
                    t: [_vary(item, rng, vocabulary) for item in items or []]
                    for t, items in data[listed].items()
                }
        data["sections"] = [
            {**s, "tiers": {t: _vary(v, rng, vocabulary) for t, v in s["tiers"].items()}}
            for s in data["sections"]
        ]
        text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
        (folder / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
        ids.append(data["id"])
    return ids
