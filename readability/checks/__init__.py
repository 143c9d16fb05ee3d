"""Editorial checks: every finding an editor must see before approving an article.

One engine behind `python -m readability check` and the editor page. Each rule reads the same
sentence list the scores read (`readability.sentences`), the evidence grades
(`content.evidence.article_evidence`), the word lists in check_words.yaml and style_words.yaml
and the everyday alternatives in plain_alternatives.yaml. Rule ids and the JSON keys of
`Finding.to_dict` are a contract (issue 9): extend, never rename.

One module per family of rules (`certainty`, `numbers`, `plain_words`, `alternatives`, `style`,
`questions`, `tier_parity`), the rule table and `Finding` in `findings`, accepted exceptions in
`acceptances`, and the `engine` that runs them, caches their findings and checks files in batches.
"""

from readability.checks.engine import (
    CHECK,
    check_article,
    check_file_version,
    check_files,
    check_library,
    checks_version,
    find_all,
    finding_rows,
    load_check_data,
    load_failure,
)
from readability.checks.findings import ERROR, RULES, SEVERITY, WARNING, Finding
from readability.checks.plain_words import everyday_zipf

__all__ = [
    "CHECK",
    "ERROR",
    "RULES",
    "SEVERITY",
    "WARNING",
    "Finding",
    "check_article",
    "check_file_version",
    "check_files",
    "check_library",
    "checks_version",
    "everyday_zipf",
    "find_all",
    "finding_rows",
    "load_check_data",
    "load_failure",
]
