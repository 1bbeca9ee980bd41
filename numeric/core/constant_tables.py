"""Tables of certified constants kept between runs (the variance-gamma rule's node densities, F1).

A table maps a key (an int, or an ``mpf``'s exact ``_mpf_`` tuple) to a tuple of ``mpf`` values, each of which
the caller computed and certified at some precision; it is kept as JSON (never pickle), each ``mpf`` as its exact
``(sign, mantissa, exponent, bitcount)``, so a value read back is the value written, bit for bit. The file name
holds a SHA-256 of the computing module's source, the versions of mpmath and python-flint, and the table's own
key: change any of them and the table is computed again. A file that cannot be read, or holds anything but such
tuples, is ignored; writes are atomic (a reader sees the old table or the new one) and merge with what another
process wrote meanwhile; a failure to write is not an error (the table is a cache).

>>> import mpmath, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> t = ConstantTable("demo", ("p", 3), __file__, folder=folder)
>>> t.load()
{}
>>> t.save({5: (mpmath.mpf(1) / 3,)})
>>> ConstantTable("demo", ("p", 3), __file__, folder=folder).load()[5][0] == mpmath.mpf(1) / 3
True
"""

from __future__ import annotations

import json
from pathlib import Path

import mpmath

from mileak.numeric.core.cache_folder import cache_dir, files_hash, keep, kept_path, read_kept, versions_text


def _encode(x: mpmath.mpf) -> list:
    sign, man, exp, bc = x._mpf_
    return [int(sign), format(int(man), "x"), int(exp), int(bc)]


def _decode(item) -> mpmath.mpf:
    sign, man, exp, bc = item
    if not (sign in (0, 1) and isinstance(man, str) and isinstance(exp, int) and isinstance(bc, int)):
        raise ValueError("not an mpf")
    mantissa = int(man, 16)
    if mantissa.bit_length() != bc or (mantissa and mantissa % 2 == 0):
        raise ValueError("not a normalised mpf")
    return mpmath.mp.make_mpf((sign, mpmath.libmp.MPZ(mantissa), exp, bc))


def _encode_key(key):
    return list(key[:1]) + [format(int(key[1]), "x"), int(key[2]), int(key[3])] if isinstance(key, tuple) else key


def _decode_key(item):
    if isinstance(item, int):
        return item
    return _decode(item)._mpf_


class ConstantTable:
    """One table: ``name`` and ``key`` (JSON-ready) say what it holds, ``source_file`` the module computing it."""

    def __init__(self, name: str, key, source_file: str, folder: Path | None = None):
        source = Path(source_file)
        parts = [name, json.dumps(key), files_hash(source.parent, [source.name]), versions_text("mpmath", "python-flint")]
        self.path = kept_path(name, parts, folder or cache_dir() / "constants")

    def load(self) -> dict:
        """The kept table (``{}`` when there is none, or it cannot be read)."""
        try:
            return {_decode_key(k): tuple(_decode(v) for v in values) for k, values in read_kept(self.path)}
        except (ValueError, TypeError, KeyError, AttributeError):  # None (no table), or not such tuples
            return {}

    def save(self, table: dict) -> None:
        """Keep ``table`` merged with the kept one (its own entries win)."""
        merged = {**self.load(), **table}
        keep(self.path, [[_encode_key(k), [_encode(v) for v in values]] for k, values in merged.items()],
             "table of constants")
