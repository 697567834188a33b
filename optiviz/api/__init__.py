"""optiviz in a notebook: :func:`run` returns a run's history, :func:`animate` its recording.

Both take ``optiviz run``'s flags as keywords and need no window (see
:mod:`optiviz.api.arguments` for how values are written).
"""

from optiviz.api.animation import Animation, animate
from optiviz.api.errors import OptimizerCodeError, UsageError
from optiviz.api.result import RaceResult, RunResult
from optiviz.api.running import run

__all__ = [
    "Animation",
    "OptimizerCodeError",
    "RaceResult",
    "RunResult",
    "UsageError",
    "animate",
    "run",
]
