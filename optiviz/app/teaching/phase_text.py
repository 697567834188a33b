"""What the code panel shows: the training loop's lines and each phase's numbers, as text.

No widgets here: the loop is taken from :func:`~optiviz.engine.explain.codegen.plain_script` (the
same
script that "Show as PyTorch code" writes), and a phase's lines are found in it by the code
that :class:`~optiviz.engine.explain.teaching.PhaseRecord` carries. Numbers are the record's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication

from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.catalogue.schedulers import scheduler_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.explain.codegen import phase_code, plain_script
from optiviz.engine.explain.teaching import PhaseRecord
from optiviz.engine.explain.zero_grad_lesson import SET_TO_NONE
from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.runs.config import RunConfig, build_problem

#: The phase that follows each one (the loss stop only exists for problems with data).
NEXT_WITH_DATA = {
    "forward": "loss",
    "loss": "zero_grad",
    "zero_grad": "backward",
    "backward": "step",
    "clip": "step",
    "step": "forward",
}
NEXT_WITHOUT_DATA = {**NEXT_WITH_DATA, "forward": "zero_grad"}


def next_phase(record: PhaseRecord | None, has_data: bool) -> str:
    """The phase a "Step phase" after ``record`` shows ("" once the run stopped)."""
    if record is None:
        return "forward"
    if record.phase == "diverged":
        return ""
    if record.phase == "backward" and record.clips:
        return "clip"
    return (NEXT_WITH_DATA if has_data else NEXT_WITHOUT_DATA)[record.phase]


def mid_epoch(record: PhaseRecord | None) -> bool:
    """True while an epoch begun phase by phase is not finished."""
    return record is not None and record.phase not in ("step", "diverged")


@dataclass(frozen=True)
class LoopCode:
    """The code shown in the panel and, per phase, the indices of its lines."""

    lines: tuple[str, ...]
    phase_lines: dict[str, tuple[int, ...]]

    def lines_of(self, code: tuple[str, ...]) -> tuple[int, ...]:
        """Indices of the lines that execute ``code`` (a record's lines), inside the loop."""
        wanted = [c.strip() for c in code if c.strip()]
        start = next(
            (i for i, line in enumerate(self.lines) if line.startswith("def training_loop")), 0
        )
        found = []
        for i in range(start, len(self.lines)):
            text = self.lines[i].strip()
            if any(text == c or text.endswith("= " + c) for c in wanted):
                found.append(i)
        return tuple(found)


def loop_code(config: RunConfig) -> LoopCode:
    """The model, the loss and the training loop of ``config``, as the script writes them."""
    if config.problem == NETWORK_PROBLEM:
        from optiviz.app.teaching.network_text import network_loop_code

        return network_loop_code(config)
    problem = build_problem(config)
    info = optimizer_info(config.optimizer)
    sched = scheduler_info(config.scheduler) if config.scheduler else None
    code = phase_code(problem, info, sched, config)
    try:
        script = plain_script(config, print_every=100)
        # header, data (linear fit), model and loss or the function, loop, set-up: keep the
        # code between the header and the set-up, without the data.
        blocks = [b for b in script.split("\n\n\n")[1:-1] if not b.startswith("x = ")]
        lines = tuple("\n\n".join(blocks).splitlines())
    except ConfigError:  # a loss that cannot be written as a script: the loop alone
        body = ["    " + line for phase in code.values() for line in phase]
        lines = ("for epoch in range(1, n_epochs + 1):", *body)
    partial = LoopCode(lines, {})
    return LoopCode(lines, {phase: partial.lines_of(c) for phase, c in code.items()})


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate's context for a bare tr()


# -- numbers -------------------------------------------------------------------------------------
def fmt(value: float | None) -> str:
    return "None" if value is None else f"{float(value):.6g}"


def fmt_vec(values: np.ndarray | None, names: tuple[str, str] | None = None) -> str:
    """``(w, b)`` values, or ``None`` (what torch leaves in params.grad after zero_grad)."""
    if values is None:
        return "None"
    parts = [fmt(v) for v in np.asarray(values).reshape(-1)]
    if names is not None and len(parts) == 2:
        parts = [f"{n}={p}" for n, p in zip(names, parts, strict=True)]
    return "(" + ", ".join(parts) + ")"


def phase_rows(record: PhaseRecord, names: tuple[str, str]) -> list[tuple[str, str]]:
    """(quantity, value) rows of one phase, in the order a learner reads them."""
    a, b = names
    rows: list[tuple[str, str]] = [("epoch", str(record.epoch))]
    if record.step is not None:
        rows.append(("step", str(record.step)))
    phase = record.phase
    if phase == "forward":
        rows.append(("params", fmt_vec(record.params, names)))
        if record.predictions is not None:
            rows.append(("y_p", fmt_vec(record.predictions)))
        elif record.loss is not None:
            rows.append(("loss", fmt(record.loss)))
    elif phase == "loss":
        rows.append(("y_p", fmt_vec(record.predictions)))
        rows.append(("y", fmt_vec(record.targets)))
        rows.append(("loss", fmt(record.loss)))
    elif phase == "zero_grad" and record.zero_grad_skipped:
        rows.append((tr("optimizer.zero_grad()"), tr("skipped: params.grad carries over")))
        rows.append(("params.grad", fmt_vec(record.grad, names)))
    elif phase == "zero_grad":
        rows.append((tr("params.grad before"), fmt_vec(record.grad_before, names)))
        after = fmt_vec(record.grad, names)
        if record.grad is None:
            after += tr("  (torch sets it to None, not to zeros)")
        rows.append((tr("params.grad after"), after))
        rows += [(call, tr(effect)) for call, effect in SET_TO_NONE]
    elif phase == "backward" and record.own_grad is not None:
        partials = (f"∂loss/∂{a}", f"∂loss/∂{b}")
        rows.append(("loss", fmt(record.loss)))
        rows.append((tr("this step's gradient"), fmt_vec(record.own_grad, partials)))
        rows.append((tr("params.grad (accumulated)"), fmt_vec(record.grad, partials)))
    elif phase == "backward":
        rows.append(("loss", fmt(record.loss)))
        rows.append(("params.grad", fmt_vec(record.grad, (f"∂loss/∂{a}", f"∂loss/∂{b}"))))
    elif phase == "clip":
        rows.append((tr("params.grad before"), fmt_vec(record.grad_before, names)))
        rows.append((tr("params.grad after"), fmt_vec(record.grad, names)))
    elif phase == "step":
        rows.append(("lr", fmt(record.lr)))
        rows.append((tr("params before"), fmt_vec(record.params_before, names)))
        rows.append((tr("Δ = after − before"), fmt_vec(record.update, names)))
        rows.append((tr("params after"), fmt_vec(record.params, names)))
        if record.closure_evals is not None:
            rows.append((tr("closure() calls"), str(record.closure_evals)))
        if record.lr_next is not None and record.lr_next != record.lr:
            rows.append((tr("lr of the next epoch"), fmt(record.lr_next)))
    return rows
