"""SHA-256 and MD5 whose running state is saved between requests, so a tus upload is hashed as its chunks
arrive and never read again to be hashed.

hashlib's objects cannot be pickled, and the chunks of one upload land on any web worker (or host). OpenSSL's
low-level ``SHA256_*`` / ``MD5_*`` functions keep their state in a plain C struct (``SHA256_CTX``,
``MD5_CTX``: a few chaining words, the bit count and the unprocessed tail of at most one 64-byte block), which
we copy out as bytes after a chunk and back in before the next. They are the same assembly (SHA-NI where the
CPU has it) that hashlib runs, and ctypes lets go of the GIL while they work.

Those functions are deprecated in OpenSSL 3 (still exported). If they are missing, or the self-test below
disagrees with hashlib, ``AVAILABLE`` is False: chunks are then not hashed as they arrive and the whole file
is hashed once when it is joined, as before. Nothing else changes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import logging
from typing import Any

log = logging.getLogger(__name__)

_uint = ctypes.c_uint32


class _Sha256Ctx(ctypes.Structure):
    # openssl/sha.h: SHA_LONG h[8]; SHA_LONG Nl, Nh; SHA_LONG data[SHA_LBLOCK]; unsigned int num, md_len;
    _fields_ = [
        ("h", _uint * 8),
        ("nl", _uint),
        ("nh", _uint),
        ("data", _uint * 16),
        ("num", _uint),
        ("md_len", _uint),
    ]


class _Md5Ctx(ctypes.Structure):
    # openssl/md5.h: MD5_LONG A, B, C, D; MD5_LONG Nl, Nh; MD5_LONG data[MD5_LBLOCK]; unsigned int num;
    _fields_ = [("abcd", _uint * 4), ("nl", _uint), ("nh", _uint), ("data", _uint * 16), ("num", _uint)]


_CTX: dict[str, type[ctypes.Structure]] = {"sha256": _Sha256Ctx, "md5": _Md5Ctx}
_SIZE = {"sha256": 32, "md5": 16}
_PREFIX = {"sha256": "SHA256", "md5": "MD5"}
_functions: dict[str, tuple[Any, Any, Any]] = {}


def _load() -> bool:
    path = ctypes.util.find_library("crypto")
    if not path:
        return False
    try:
        lib = ctypes.CDLL(path)
        for name, prefix in _PREFIX.items():
            init, update, final = (getattr(lib, f"{prefix}_{f}") for f in ("Init", "Update", "Final"))
            init.argtypes = [ctypes.c_void_p]
            update.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
            final.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
            for f in (init, update, final):
                f.restype = ctypes.c_int
            _functions[name] = (init, update, final)
    except (OSError, AttributeError) as exc:
        log.info("resumable digests unavailable (%s): uploads are hashed when joined", exc)
        _functions.clear()
        return False
    return True


class ResumableDigest:
    """One running digest (``sha256`` or ``md5``), started fresh or from a saved ``state``."""

    def __init__(self, name: str, state: str | None = None) -> None:
        self.name = name
        self._ctx = _CTX[name]()
        init, self._update, self._final = _functions[name]
        if state:
            raw = bytes.fromhex(state)
            if len(raw) != ctypes.sizeof(self._ctx):
                raise ValueError(f"a saved {name} state of {len(raw)} bytes")
            ctypes.memmove(ctypes.addressof(self._ctx), raw, len(raw))
        else:
            init(ctypes.byref(self._ctx))

    def update(self, data: bytes) -> None:
        self._update(ctypes.byref(self._ctx), data, len(data))

    def state(self) -> str:
        """The state as hex text (JSON-safe): 112 bytes for SHA-256, 92 for MD5."""
        return ctypes.string_at(ctypes.addressof(self._ctx), ctypes.sizeof(self._ctx)).hex()

    def hexdigest(self) -> str:
        # Finishing destroys the state, so finish a copy: the digest may be asked for more than once.
        copy = type(self._ctx).from_buffer_copy(self._ctx)
        out = ctypes.create_string_buffer(_SIZE[self.name])
        self._final(out, ctypes.byref(copy))
        return out.raw.hex()


def _self_test() -> bool:
    data = bytes(range(256)) * 700 + b"tail"
    for name in _CTX:
        first = ResumableDigest(name)
        first.update(data[:1001])  # cut mid-block, so the saved tail matters
        second = ResumableDigest(name, first.state())
        second.update(data[1001:])
        if second.hexdigest() != hashlib.new(name, data).hexdigest():
            log.warning("resumable %s disagrees with hashlib: uploads are hashed when joined", name)
            return False
    return True


AVAILABLE = _load() and _self_test()
