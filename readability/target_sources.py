"""Where each tier's reading target comes from: kept as an import path for the About page.

The sources are the `source:` field of each tier in targets.yaml, validated with the targets.
"""

from readability.targets import target_sources

__all__ = ["target_sources"]
