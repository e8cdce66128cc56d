"""Give memory the process no longer uses back to the system.

Freed Python objects stay in glibc's heap (and so in the process's RSS and
PSS) until the allocator happens to return the pages; after a big import, a
stage's chunks or a long document that is hours of idle memory, and on a
two-core machine the main process and the workers share a few GB.
`release_free_memory` asks glibc to return every free page (`malloc_trim`);
off glibc (musl, macOS) it does nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        # by its soname: `ctypes.util.find_library` would run ldconfig or a compiler
        libc = ctypes.CDLL("libc.so.6")
        trim = libc.malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim  # type: ignore[no-any-return]


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; True if glibc gave some back.

    No garbage collection: objects without cycles are already freed, and a
    full collection of a large heap costs more than the pages it finds.
    """
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False
