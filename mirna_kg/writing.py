"""Writing files and whole releases so that a failure never leaves a half-written artefact behind.

- ``write_atomically``: one file, through a temporary file in the same folder and a rename.
- ``open_release`` / ``Release.commit``: a set of files (a release, subfolders allowed) written into a staging
  folder beside the target and swapped in with one atomic exchange of the two folders (Linux ``renameat2`` with
  ``RENAME_EXCHANGE``; elsewhere two renames, with the old folder put back by the next build if one was killed
  in between). A reader sees the complete old release or the complete new one, never a mix. A lock
  (``folder_lock``: ``fcntl.flock`` on a file beside the target, never followed if it is a link) keeps two
  writers from writing the same folder at once, and stale staging folders of a killed build are removed once
  the lock is held. On-disk stores (``mirna_kg.stores.oxigraph``) use the same lock and exchange.

Every ``OSError`` becomes an ``OutputError`` naming the path (read-only folder, full disk, file in the way).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .errors import OutputError, output_error

#: The release manifest inside a release folder: every file of the release with its SHA-256.
MANIFEST_NAME = ".mirna-kg-release.json"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_file_target(path: Path) -> None:
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"{parent}: is a file, but {path} needs it to be a folder")
            break


def _is_special(path: Path) -> bool:
    """A device, FIFO or socket (``/dev/stdout``, ``/dev/full``): written in place, never renamed over."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``: readers see the old file or the whole new one, never a part.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the file is renamed over
    the target (an atomic step on POSIX and Windows); on any error the temporary file is removed. The file
    gets the usual permissions (0644 under the usual umask), not the private ones of a temporary file. A device
    or pipe (``/dev/stdout``) is written directly.
    """
    with open_atomically(path) as out:
        out.write(data)


@contextlib.contextmanager
def open_atomically(path: Path) -> Iterator[BinaryIO]:
    """A binary file to stream into, that replaces ``path`` only when the block ends without an error.

    For outputs too large to hold in memory (an export of millions of rows): the same guarantees as
    ``write_atomically`` — a temporary file beside the target, flushed and renamed over it on success, removed
    on any error or interruption.
    """
    _check_file_target(path)
    if _is_special(path):
        try:
            with path.open("wb") as out:
                yield out
        except OSError as exc:
            raise output_error(exc, path) from exc
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise output_error(exc, path) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        Path(tmp).chmod(0o666 & ~_umask())
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise output_error(exc, path) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Fail now (``OutputError``) if ``write_atomically(path, …)`` would fail for want of a place to write.

    For commands that compute for a long time before writing (``reason``): a real temporary file is created
    and removed in the target's folder, which is the only honest test (permissions, read-only mounts, quotas).
    """
    _check_file_target(path)
    if _is_special(path):
        if not os.access(path, os.W_OK):
            raise OutputError(f"{path}: cannot write (permission denied)")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent):
            pass
    except OSError as exc:
        raise output_error(exc, path) from exc


# ------------------------------------------------------------------------------------------------------------
# Releases: a set of files swapped in as a whole
# ------------------------------------------------------------------------------------------------------------


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> dict[str, str]:
    """File name -> SHA-256 of the release in ``folder`` (empty when it holds no release)."""
    try:
        document = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        files = document["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {str(name): str(value) for name, value in files.items()} if isinstance(files, dict) else {}


def _release_name(name: str) -> PurePosixPath:
    """A release file name: relative, no ``..``, no empty parts (``figures/x.svg`` is fine)."""
    pure = PurePosixPath(name)
    if (
        pure.is_absolute()
        or not pure.parts
        or any(part in ("", ".", "..") for part in pure.parts)
        or name == MANIFEST_NAME
    ):
        raise ValueError(f"not a release file name: {name!r}")
    return pure


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two existing paths (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@dataclass
class Release:
    """A locked release folder, ready to receive a new file set (see ``open_release``)."""

    target: Path
    lock_handle: int

    @property
    def _stem(self) -> str:
        return f".{self.target.name}"

    def _staging_entries(self) -> list[Path]:
        parent = self.target.parent
        return sorted(
            p
            for p in parent.glob(f"{self._stem}.*-*")
            if p.name.startswith((f"{self._stem}.staging-", f"{self._stem}.old-"))
        )

    def clean_stale(self) -> None:
        """Remove what a killed build left beside the target; put back an old release left aside."""
        leftovers = self._staging_entries()
        if not self.target.exists():
            olds = [p for p in leftovers if p.name.startswith(f"{self._stem}.old-")]
            if olds:  # killed between the two renames of the fallback swap: the old release comes back
                olds[-1].rename(self.target)
                leftovers.remove(olds[-1])
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)

    def commit(self, files: Mapping[str, bytes]) -> list[Path]:
        """Write ``files`` (name -> bytes; names may contain ``/``) as the new release and swap it in.

        Files of the old folder that were never part of a release (``reason``'s ``inferred.ttl``, a user's
        notes) are carried over; files of the old release that the new one lacks disappear with it.
        """
        names = {name: _release_name(name) for name in files}
        parent = self.target.parent
        try:
            staging = Path(tempfile.mkdtemp(prefix=f"{self._stem}.staging-", dir=parent))
        except OSError as exc:
            raise output_error(exc, self.target) from exc
        try:
            staging.chmod(0o777 & ~_umask())
            file_mode = 0o666 & ~_umask()
            for name in sorted(files):
                path = staging.joinpath(*names[name].parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("xb") as out:
                    out.write(files[name])
                    out.flush()
                    os.fsync(out.fileno())
                path.chmod(file_mode)
            self._carry_over(staging, {names[n].parts[0] for n in files})
            manifest = {"files": {name: digest(files[name]) for name in sorted(files)}}
            (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
            (staging / MANIFEST_NAME).chmod(file_mode)
            _fsync_dir(staging)
            self._swap_in(staging)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise output_error(exc, self.target) from exc
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return [self.target / name for name in files]

    def _carry_over(self, staging: Path, new_top: set[str]) -> None:
        if not self.target.is_dir():
            return
        owned = {PurePosixPath(name).parts[0] for name in read_manifest(self.target)} | new_top | {MANIFEST_NAME}
        for entry in sorted(self.target.iterdir()):
            if entry.name in owned or (entry.name.startswith(".") and entry.name.endswith(".tmp")):
                continue
            if entry.is_symlink():
                (staging / entry.name).symlink_to(entry.readlink())
            elif entry.is_dir():
                shutil.copytree(entry, staging / entry.name, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(entry), str(staging / entry.name))

    def _swap_in(self, staging: Path) -> None:
        parent = self.target.parent
        if not self.target.exists():
            staging.rename(self.target)
        elif exchange(staging, self.target):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the old release
        else:
            aside = Path(tempfile.mkdtemp(prefix=f"{self._stem}.old-", dir=parent))
            aside.rmdir()
            self.target.rename(aside)
            staging.rename(self.target)
            shutil.rmtree(aside, ignore_errors=True)
        _fsync_dir(parent)


@contextlib.contextmanager
def open_release(target: Path, *, what: str = "build") -> Iterator[Release]:
    """Check, lock and tidy the release folder ``target`` before a long build; yields a ``Release``.

    Fails at once (``OutputError``) when ``target`` is a file, a read-only folder, in a read-only folder, or
    locked by another build — so nothing is computed that could not be written.
    """
    target = Path(os.path.realpath(target))
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target}: is a file; --out names the release folder")
    if target.is_dir() and not os.access(target, os.W_OK):
        raise OutputError(f"{target}: folder is read-only")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"{parent}: is a file, but {target} needs it to be a folder")
            break
    with folder_lock(target, what, "wait for it to finish, or give another --out") as handle:
        release = Release(target, handle)
        try:
            release.clean_stale()
        except OSError as exc:
            raise output_error(exc, target) from exc
        yield release


def lock_path(target: Path) -> Path:
    """The lock file of a folder that mirna-kg writes as a whole: ``.NAME.lock`` beside it."""
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def folder_lock(target: Path, what: str, advice: str) -> Iterator[int]:
    """Hold the lock of ``target`` (a release or store folder) for the block; yields the lock file's descriptor.

    The lock is ``fcntl.flock`` on ``.NAME.lock`` beside the folder, taken without waiting: a second writer
    fails at once with an ``OutputError`` naming the first one's process id (written into the lock file), and
    the lock goes with the process however it ends (even ``kill -9``), so a stale lock file is harmless. The
    file is opened with ``O_NOFOLLOW`` and must be a plain file with one link: a symbolic or hard link planted
    there is refused, never followed or written through. The lock is not re-entrant: a second block for the
    same folder, even in the same process, fails like another process would.
    """
    target = target.absolute()
    lock = lock_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(
                f"{lock}: the lock file is a symbolic link, which mirna-kg never follows; remove it and run again"
            ) from None
        raise output_error(exc, target) from exc
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            raise OutputError(
                f"{lock}: the lock file is not a plain file of its own (a hard link or a special file); "
                "remove it and run again"
            )
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip() or "?"
            raise OutputError(
                f"{target}: another mirna-kg {what} is writing this folder (pid {holder}); {advice}"
            ) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        yield handle
    finally:
        os.close(handle)  # closing the descriptor releases the lock


def write_release(target: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Lock ``target`` and swap ``files`` in as its release (see ``Release.commit``)."""
    with open_release(target) as release:
        return release.commit(files)
