"""``optiviz run --scenario FILE --tune-lr``: each setting's grid of lrs and its best, as text."""

from __future__ import annotations

import math

from optiviz.engine.runs.tune_lr import TuneResult
from optiviz.engine.worker.session_state import run_label


def tuning_text(result: TuneResult) -> str:
    """One block per setting: each lr's final loss (or why it has none), the best marked."""
    blocks = []
    for tuning in result.tunings:
        runs = ", ".join(str(i + 1) for i in tuning.runs)
        setting = " ".join(w for w in run_label(tuning.config).split() if not w.startswith("lr="))
        lines = [f"== Tune lr: {setting} (run{'s' if len(tuning.runs) > 1 else ''} {runs}) =="]
        best = tuning.best_index
        for i, (lr, loss) in enumerate(zip(tuning.lrs, tuning.final_loss, strict=False)):
            value = f"{loss:.6g}" if math.isfinite(loss) else tuning.notes[i]
            lines.append(f"lr {lr:<10.3g} final loss {value}{'  <- best' if i == best else ''}")
        if best is None:
            lines.append("no lr of the grid finished without diverging: the run keeps its lr")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
