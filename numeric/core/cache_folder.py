"""Where mileak keeps what it can compute again, and what its keys are made of.

:func:`cache_dir` is ``$MILEAK_CACHE_DIR``, else ``$XDG_CACHE_HOME/mileak/proofs`` or ``~/.cache/mileak/proofs``
(the proof cache, kept outputs, tables of certified constants, the lowered statements and family cards);
:func:`files_hash` hashes the source a cached entry was computed by (:func:`package_hash` a whole package, found
by name without importing it), :func:`versions_text` the installed libraries it depends on (read from their
metadata, so asking imports none of them). :func:`kept_path`, :func:`read_kept` and :func:`keep` are how every
such cache names, reads and writes one JSON file: named by a SHA-256 of its key's parts, sealed with an HMAC of a
key only this user can read (kept outside the cache folder, :func:`key_file`), read as ``None`` when absent,
unreadable or not sealed here for that name, written atomically, a failure to write not an error (it is a cache).
What a program computed here is read back; what anyone else wrote, or edited, is computed again.

>>> cache_dir().name != ""
True
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import os
from importlib import metadata
from pathlib import Path

from mileak.numeric.core.atomic import write_atomic

MAX_KEPT_BYTES = 64 * 2**20  # a larger kept file is not read
_PACKAGE_HASHES: dict[str, str] = {}


def cache_dir() -> Path:
    """``$MILEAK_CACHE_DIR``, else ``$XDG_CACHE_HOME/mileak/proofs`` or ``~/.cache/mileak/proofs``."""
    base = os.environ.get("MILEAK_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mileak" / "proofs"


def files_hash(root: Path, names=None) -> str:
    """SHA-256 of the ``.py`` files under ``root`` (or of the files ``names`` in it), paths and contents."""
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")) if names is None else [root / n for n in names]:
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def versions_text(*distributions: str) -> str:
    """The installed versions of ``distributions``, joined (a cache key's part)."""
    return "\0".join(metadata.version(name) for name in distributions)


def package_hash(name: str) -> str:
    """:func:`files_hash` of the package ``name``'s folder, found without importing it (once per process)."""
    if name not in _PACKAGE_HASHES:
        spec = importlib.util.find_spec(name)
        _PACKAGE_HASHES[name] = files_hash(Path(next(iter(spec.submodule_search_locations))))
    return _PACKAGE_HASHES[name]


def kept_path(kind: str, parts, folder: Path | None = None) -> Path:
    """``folder/KIND-SHA256.json`` (``folder`` defaults to :func:`cache_dir`), the digest of the key's ``parts``."""
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return (folder or cache_dir()) / f"{kind}-{digest}.json"


SEAL_FORMAT = "mileak-sealed/1"
_KEYS: dict[str, bytes | None] = {}


def key_file() -> Path:
    """Where this user's sealing key lives: ``$MILEAK_KEY_FILE``, else ``$XDG_CONFIG_HOME/mileak/cache-key`` or
    ``~/.config/mileak/cache-key``: outside the cache folder, which may be shared or restored from elsewhere."""
    given = os.environ.get("MILEAK_KEY_FILE")
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "mileak" / "cache-key"


def _sealing_key() -> bytes | None:
    """This user's 32 random bytes (made on first use, readable by the user only), or ``None`` when there is no
    place for one (then nothing is kept or read: every cache is computed afresh)."""
    path = key_file()
    if str(path) not in _KEYS:
        key = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as fh:
                    fh.write(os.urandom(32).hex())
            except FileExistsError:
                pass
            text = path.read_text().strip()
            key = bytes.fromhex(text) if len(text) == 64 else None
        except (OSError, ValueError):
            key = None
        _KEYS[str(path)] = key
    return _KEYS[str(path)]


def _seal(key: bytes, name: str, body: str) -> str:
    return hmac.new(key, f"{name}\0{body}".encode(), hashlib.sha256).hexdigest()


def read_kept(path: Path):
    """The JSON kept at ``path`` when it was sealed by :func:`keep` with this user's key for this very file name,
    or ``None`` (no file, too large, not JSON, no seal, a seal that does not match: edited, swapped onto another
    name, or written elsewhere with another key). A kept file is never believed unchecked."""
    key = _sealing_key()
    if key is None:
        return None
    try:
        if path.stat().st_size > MAX_KEPT_BYTES:
            return None
        doc = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not (isinstance(doc, dict) and doc.get("format") == SEAL_FORMAT and isinstance(doc.get("seal"), str)
            and isinstance(doc.get("body"), str)):
        return None
    if not hmac.compare_digest(doc["seal"], _seal(key, path.name, doc["body"])):
        return None
    try:
        return json.loads(doc["body"])
    except ValueError:
        return None


def keep(path: Path, payload, what: str) -> None:
    """Write ``payload`` (JSON-ready) to ``path`` atomically, sealed with an HMAC-SHA256 of this user's key over
    the file name and the payload's text; a failure to write is not an error (nor is having no key)."""
    key = _sealing_key()
    if key is None:
        return
    body = json.dumps(payload)
    doc = json.dumps({"format": SEAL_FORMAT, "seal": _seal(key, path.name, body), "body": body})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(str(path), lambda fh: fh.write(doc.encode()), what)
    except OSError:
        pass
