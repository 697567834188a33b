"""The cyclic garbage collector waits while the window starts.

Importing torch, Qt and pyqtgraph and building the window make about a million objects that
live as long as the process; Python's collector walks all of them several times on the way
(about a quarter of a second of CPU before the first frame) and finds next to nothing to
free. The launcher pauses it before its imports and resumes it at the first usable frame,
after freezing what exists by then (:func:`gc.freeze`): those objects are never walked again,
so later full collections, during an animation, stay short. The price is that cyclic garbage
made while starting is never freed (reference counting still frees the rest), a little memory.
The worker is a spawned process, with its own collector, untouched.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collector() -> None:
    """Stop automatic collections (if they were on) until :func:`resume_collector`."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Freeze what exists and collect automatically again; once, and only if paused here."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
