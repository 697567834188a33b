"""The teaching mode's words for a run that forgets ``optimizer.zero_grad()``.

Without it PyTorch adds each backward's gradient into ``params.grad``, so the step uses the sum
of every gradient so far. The zero_grad stop says the line was skipped and the gradient carries
over; the backward stop shows this step's own gradient beside the accumulated one the step
will use. Both numbers are read from ``params.grad`` before and after ``loss.backward()``.
"""

from __future__ import annotations

import numpy as np

#: What ``zero_grad(set_to_none=...)`` leaves in ``params.grad``, for the phase panel.
SET_TO_NONE = (
    ("set_to_none=True", "params.grad = None (the default)"),
    ("set_to_none=False", "params.grad = zeros of its shape"),
)


def _vec(values: np.ndarray | None) -> str:
    if values is None:
        return "None"
    return "(" + ", ".join(f"{float(v):.4g}" for v in values) + ")"


def own_gradient(accumulated: np.ndarray, before: np.ndarray | None) -> np.ndarray:
    """This step's own gradient: what backward() added to ``params.grad``."""
    return accumulated.copy() if before is None else accumulated - before


def skipped_text(before: np.ndarray | None) -> str:
    """The zero_grad stop of a run that forgets it."""
    if before is None:
        held = "params.grad is still None: no backward() has run yet, so nothing carries over."
    else:
        held = (
            f"params.grad still holds {_vec(before)}, the sum of every earlier gradient: "
            "it carries over, and backward() will add this step's gradient to it."
        )
    return f"optimizer.zero_grad() is skipped (forgotten). {held}"


def accumulated_text(accumulated: np.ndarray, own: np.ndarray) -> str:
    """The backward stop of a run that forgets zero_grad: both gradients and their sizes."""
    own_norm = float(np.linalg.norm(own))
    ratio = float(np.linalg.norm(accumulated)) / own_norm if own_norm > 0 else float("inf")
    return (
        f"loss.backward() adds this step's gradient {_vec(own)} to what params.grad held, "
        f"so params.grad is now {_vec(accumulated)}, {ratio:.3g}× as long as this step's own. "
        "optimizer.step() uses the accumulated one: without zero_grad the gradient grows "
        "step by step."
    )
