"""In-process caches of what the project's own data files say (registries, word lists, targets).

Parsing a YAML file once per process is what makes a warm run fast, but a long-running process
(the app) would then keep serving a file's old contents after an editor changed it. Such caches
register here; `forget_data()` clears them all. The app calls it when the contents of those files
change (`ui.cached` hashes them on every run), so no other code needs to stat them on each call.
Caches keyed only by their arguments (a text's clean blocks, a word's syllables) stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar


class _Clearable(Protocol):
    def cache_clear(self) -> None: ...


F = TypeVar("F", bound=Callable[..., Any])
_registered: list[_Clearable] = []


def reads_data_files(cached_function: F) -> F:
    """Mark a `functools` cache whose result depends on a data file's contents (put it above
    `@cache`/`@lru_cache`): `forget_data()` clears it."""
    _registered.append(cached_function)  # type: ignore[arg-type]
    return cached_function


def forget_data() -> None:
    """Forget every registered cache: the next call reads its file again."""
    for cached_function in _registered:
        cached_function.cache_clear()
