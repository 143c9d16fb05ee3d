"""The bottom of the house: the persistent result cache on disk, imported by `content` and
`readability` alike, importing neither.

- `cache.folder.cache_folder()`: where rebuildable files live (`READER_CACHE_DIR`, else
  `~/.cache/tiered-reader/`).
- `cache.results`: one SQLite file of computed results (loaded articles, scores, findings,
  assessments, ...) keyed by a hash of every input and of the code's version, so a result is
  never stale and the file is safe to delete at any time.

The app's in-memory layer (a versioned snapshot of the library, keyed by each file's identity)
lives in `ui/cached.py`, the only module that may use Streamlit's caches.
"""
