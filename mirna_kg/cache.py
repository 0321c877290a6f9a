"""One cache: computed answers kept by key, bounded by the bytes they hold — in memory for the server
(``ByteCache``), on disk across processes for the build (``DiskCache``).

``ByteCache``: entity pages, searches, query results and figures are computed on demand and kept (the graph a
server holds is read-only, so an answer never goes stale). Starlette runs handlers in threads, so the cache
locks; each key is computed once even when asked for concurrently (the second caller waits for the first). The
bound is in bytes, not entries: a few large results must not grow the server without limit. The least recently
used answers go first; an answer larger than the whole budget is returned but not kept.

>>> cache = ByteCache(10)
>>> cache.get("a", lambda: b"12345")
b'12345'
>>> cache.get("b", lambda: b"123456") and "a" in cache
False
>>> cache.size_in_bytes
6

``DiskCache``: the same idea for bytes that outlive a process. A build makes some of its output from inputs that
rarely change, at a cost out of proportion to the bytes: the figures (matplotlib, slow to import and to draw),
the validation report (pySHACL), the RO-Crate metadata (``rocrate``, slow to import). Each is kept in a file
named by a digest of everything it depends on (its data, the code that makes it, the libraries' versions:
``DiskCache.key``, ``code_fingerprint``); an entry never goes stale, since a change to any of those is another
key. The folder is ``$MIRNA_KG_CACHE``, else ``$XDG_CACHE_HOME/mirna-kg``, else ``~/.cache/mirna-kg``
(``cache_folder``); ``MIRNA_KG_CACHE=off`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .errors import OutputError
from .writing import write_atomically

T = TypeVar("T")

#: The cost charged for a value whose size cannot be read off it (a parsed description, a list of matches).
OBJECT_COST = 16 * 1024


def cost_of(value: object) -> int:
    """The bytes a cached value is charged: its length for bytes and text, its body for a response-like value,
    the sum over a tuple, ``OBJECT_COST`` otherwise."""
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    body = getattr(value, "body", None)
    if isinstance(body, bytes):
        return len(body) + 256
    if isinstance(value, tuple):
        return sum(cost_of(v) for v in value) + 64
    return OBJECT_COST


class ByteCache:
    """A thread-safe LRU bounded by ``max_bytes`` (0 keeps nothing)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}
        self.size_in_bytes = 0

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def get(self, key: Hashable, make: Callable[[], T], *, keep: Callable[[T], bool] | None = None) -> T:
        """The value for ``key``, made by ``make`` the first time; ``keep`` may veto keeping a made value."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
            making = self._making.setdefault(key, threading.Lock())
        with making:
            with self._lock:
                if key in self._items:
                    return self._items[key][0]
            try:
                value = make()
            finally:
                with self._lock:
                    self._making.pop(key, None)
            if keep is None or keep(value):
                self._put(key, value)
        return value

    def _put(self, key: Hashable, value: object) -> None:
        cost = cost_of(value)
        if cost > self.max_bytes:
            return
        with self._lock:
            self._items[key] = (value, cost)
            self.size_in_bytes += cost
            while self.size_in_bytes > self.max_bytes and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size_in_bytes -= dropped


# ------------------------------------------------------------------------------------------------------------
# On disk, across processes
# ------------------------------------------------------------------------------------------------------------

#: The environment variable naming the on-disk cache's folder; ``off`` turns the cache off.
CACHE_VARIABLE = "MIRNA_KG_CACHE"
CACHE_OFF = "off"

#: The most a folder of the on-disk cache keeps before the entries read longest ago are removed: a release's
#: entries (figures above all) weigh well under a megabyte, so this holds those of many versions of the graph.
DISK_CACHE_BYTES = 64 * 1024 * 1024

#: The first line of every entry (its format), then the SHA-256 of the payload and a newline, then the payload.
ENTRY_MAGIC = b"mirna-kg cache 1\n"
_DIGEST_LENGTH = 64


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """Where the on-disk cache lives, or None when ``MIRNA_KG_CACHE=off`` (or there is no home folder).

    ``$MIRNA_KG_CACHE`` when set (not empty), else ``$XDG_CACHE_HOME/mirna-kg`` (the XDG base-directory
    convention), else ``~/.cache/mirna-kg``.

    >>> cache_folder({"MIRNA_KG_CACHE": "off"}) is None
    True
    >>> cache_folder({"MIRNA_KG_CACHE": "/tmp/c", "XDG_CACHE_HOME": "/x"}), cache_folder({"XDG_CACHE_HOME": "/x"})
    (PosixPath('/tmp/c'), PosixPath('/x/mirna-kg'))
    """
    env = os.environ if environ is None else environ
    chosen = env.get(CACHE_VARIABLE, "").strip()
    if chosen.lower() == CACHE_OFF:
        return None
    if chosen:
        return Path(chosen).expanduser()
    xdg = env.get("XDG_CACHE_HOME", "").strip()
    if xdg:
        return Path(xdg) / "mirna-kg"
    try:
        return Path.home() / ".cache" / "mirna-kg"
    except RuntimeError:  # no home folder to be found: no cache, rather than no build
        return None


def package_sources() -> list[Path]:
    """Every Python file of the ``mirna_kg`` package, in a fixed order: the code of a value that may depend on
    any of it (a validation report, the figure catalogue)."""
    return sorted(Path(__file__).parent.rglob("*.py"))


def code_fingerprint(sources: Iterable[Path], packages: Iterable[str]) -> str:
    """A digest of the code a cached value is made by: the text of ``sources`` (Python files, stored queries),
    the installed versions of ``packages`` and Python's own version. Part of every key, so new code never reads
    old values."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [sys.version]
    for source in sources:
        parts += [source.name, source.read_text(encoding="utf-8")]
    for package in packages:
        try:
            parts += [package, version(package)]
        except PackageNotFoundError:
            parts += [package, "?"]
    return DiskCache.key(*parts)


def disk_cache(part: str, *, enabled: bool = True) -> DiskCache | None:
    """The on-disk cache's sub-folder ``part`` (the build's: ``build``), or None when it is turned off
    (``enabled`` False, as ``--no-cache`` asks, or ``MIRNA_KG_CACHE=off``)."""
    folder = cache_folder() if enabled else None
    return DiskCache(folder / part) if folder is not None else None


class DiskCache:
    """Bytes kept in files of ``folder`` by a digest key, shared by every process that uses the folder.

    An entry is written atomically (``write_atomically``) and carries the SHA-256 of its payload, checked on
    every read: an entry cut short or damaged is ignored and made again, so a warm cache gives exactly the
    bytes a cold one does. The cache can only cost time, never fail the caller: a folder that cannot be read
    or written (a read-only home) just means every value is made. Once the folder holds more than
    ``max_bytes``, the entries read longest ago are removed (a read touches its entry's modification time).
    """

    def __init__(self, folder: Path, max_bytes: int = DISK_CACHE_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    @staticmethod
    def key(*parts: str) -> str:
        """The key of a value made from ``parts`` (every input its bytes depend on), as hexadecimal SHA-256.

        >>> DiskCache.key("a", "bc") == DiskCache.key("ab", "c")
        False
        """
        digest = hashlib.sha256()
        for part in parts:
            encoded = part.encode("utf-8")
            digest.update(b"%d:" % len(encoded) + encoded)
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        if len(key) != _DIGEST_LENGTH or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"not a cache key (hexadecimal SHA-256): {key!r}")
        return self.folder / key[:2] / key[2:]

    def read(self, key: str) -> bytes | None:
        """The payload kept under ``key``, or None when there is none or it is damaged."""
        path = self.path(key)
        try:
            entry = path.read_bytes()
        except OSError:
            return None
        header = len(ENTRY_MAGIC) + _DIGEST_LENGTH + 1
        payload = entry[header:]
        recorded = entry[len(ENTRY_MAGIC) : header - 1]
        if not entry.startswith(ENTRY_MAGIC) or recorded != hashlib.sha256(payload).hexdigest().encode("ascii"):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return payload

    def write(self, key: str, payload: bytes) -> None:
        """Keep ``payload`` under ``key`` (atomically), then trim the folder to ``max_bytes``; failures are
        ignored."""
        entry = ENTRY_MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload
        try:
            write_atomically(self.path(key), entry)
        except OutputError:
            return
        self.trim()

    def get(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes kept under ``key``, else ``make()``'s, kept for next time."""
        kept = self.read(key)
        if kept is not None:
            return kept
        made = make()
        self.write(key, made)
        return made

    def trim(self) -> None:
        """Remove the entries read longest ago until the folder holds at most ``max_bytes``."""
        entries = []
        with contextlib.suppress(OSError):
            for sub in self.folder.iterdir():
                for path in sub.iterdir() if sub.is_dir() else ():
                    with contextlib.suppress(OSError):
                        info = path.stat()
                        entries.append((info.st_mtime_ns, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
