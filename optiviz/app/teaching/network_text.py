"""What the code panel shows for a network: its loop, a table of its layers and a sentence per
phase. A network's record (see :mod:`optiviz.engine.explain.network_teaching`) has one row per
named parameter instead of two numbers; the column the phase changed is highlighted.
"""

from __future__ import annotations

import html

import numpy as np

from optiviz.app.teaching.phase_text import LoopCode, fmt, fmt_vec
from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.explain.codegen import plain_script
from optiviz.engine.explain.network_teaching import LayerRow, network_code
from optiviz.engine.explain.teaching import PhaseRecord
from optiviz.engine.runs.config import RunConfig
from optiviz.plots.i18n import fill, tr

PLANE_NAMES = ("α", "β")


def network_loop_code(config: RunConfig) -> LoopCode:
    """The model, the optimizer and the training loop of the network script of ``config``."""
    script = plain_script(config, print_every=100)
    blocks = script.split("\n\n\n")
    keep = [b for b in blocks if "model = " in b or b.startswith("for epoch")]
    lines = tuple("\n\n".join(keep).splitlines())
    code = network_code(config, optimizer_info(config.optimizer))
    partial = LoopCode(lines, {})
    return LoopCode(lines, {phase: partial.lines_of(c) for phase, c in code.items()})


def _norm(value: float | None) -> str:
    return "None" if value is None else f"{value:.4g}"


def _cell(before: float | None, after: float | None, changed: bool) -> tuple[str, bool]:
    if not changed:
        return _norm(after), False
    return f"{_norm(before)} → {_norm(after)}", True


def layer_cells(row: LayerRow) -> tuple[str, str, str, str, bool, bool]:
    """layer, shape, ‖θ‖, ‖∇‖ and whether each norm changed in the phase."""
    theta, theta_changed = _cell(row.param_norm_before, row.param_norm, row.param_changed)
    grad, grad_changed = _cell(row.grad_norm_before, row.grad_norm, row.grad_changed)
    shape = "(" + ", ".join(str(n) for n in row.shape) + ("," if len(row.shape) == 1 else "") + ")"
    return row.name, shape, theta, grad, theta_changed, grad_changed


def layer_lines(record: PhaseRecord) -> list[str]:
    """The table as plain lines, e.g. ``0.weight  (8, 2)  ‖θ‖ 1.2  ‖∇‖ None``."""
    out = []
    for row in record.layers or ():
        name, shape, theta, grad, _, _ = layer_cells(row)
        out.append(f"{name}  {shape}  ‖θ‖ {theta}  ‖∇‖ {grad}")
    return out


def layer_table_html(record: PhaseRecord, background: str, foreground: str) -> str:
    """The compact table of the layers; the cells the phase changed drawn highlighted."""
    marked = f" style='background:{background}; color:{foreground}'"
    head = "".join(
        f"<th align='left' style='padding-right:8px'>{html.escape(h)}</th>"
        for h in (tr("layer"), tr("shape"), "‖θ‖", "‖∇‖")
    )
    body = []
    for row in record.layers or ():
        name, shape, theta, grad, theta_changed, grad_changed = layer_cells(row)
        cells = [
            (name, False),
            (shape, False),
            (theta, theta_changed),
            (grad, grad_changed),
        ]
        body.append(
            "<tr>"
            + "".join(
                f"<td{marked if on else ''} style='padding-right:8px'>"
                f"<code>{html.escape(text)}</code></td>"
                for text, on in cells
            )
            + "</tr>"
        )
    return f"<table cellspacing='0'><tr>{head}</tr>{''.join(body)}</table>"


def network_rows(record: PhaseRecord) -> list[tuple[str, str]]:
    """The record's few numbers that are not per layer, on the plane for the vectors."""
    rows: list[tuple[str, str]] = [("epoch", str(record.epoch))]
    if record.step is not None:
        rows.append(("step", str(record.step)))
    if record.loss is not None and record.phase != "diverged":
        rows.append(("loss", fmt(record.loss)))
    if record.phase == "step":
        rows.append(("lr", fmt(record.lr)))
        rows.append((tr("Δ on the plane"), fmt_vec(record.update, PLANE_NAMES)))
        if record.lr_next is not None and record.lr_next != record.lr:
            rows.append((tr("lr of the next epoch"), fmt(record.lr_next)))
    if record.phase in ("backward", "clip", "step") and record.grad is not None:
        rows.append((tr("∇ on the plane"), fmt_vec(record.grad, PLANE_NAMES)))
    return rows


def _total(rows: tuple[LayerRow, ...], after: bool = True) -> float:
    values = [(r.grad_norm if after else r.grad_norm_before) or 0.0 for r in rows]
    return float(np.sqrt(sum(v * v for v in values)))


def network_phase_text(record: PhaseRecord) -> str:
    """One short sentence on what the phase did to the layers, in the interface's language."""
    layers = record.layers or ()
    phase = record.phase
    if phase == "forward":
        text = fill(
            tr("model(x) runs the %1 parameter tensors on the points; loss_fn gives %2."),
            len(layers),
            fmt(record.loss),
        )
    elif phase == "zero_grad" and record.zero_grad_skipped:
        text = tr(
            "optimizer.zero_grad() is skipped: every layer keeps its ‖∇‖, and backward() "
            "adds to it."
        )
    elif phase == "zero_grad":
        text = tr("optimizer.zero_grad() clears every layer's gradient (torch sets .grad to None).")
    elif phase == "backward" and record.zero_grad_skipped:
        text = fill(
            tr("loss.backward() adds this step's gradient to each layer's .grad: ‖∇‖ grows to %1."),
            f"{_total(layers):.4g}",
        )
    elif phase == "backward":
        text = fill(
            tr("loss.backward() fills each layer's .grad; the whole gradient's norm is %1."),
            f"{_total(layers):.4g}",
        )
    elif phase == "clip":
        text = fill(
            tr("Clipping scales the gradients: their norm goes from %1 to %2."),
            f"{_total(layers, False):.4g}",
            f"{_total(layers):.4g}",
        )
    elif phase == "step":
        text = fill(
            tr("optimizer.step() moves every layer's parameters (lr = %1); ‖θ‖ changes."),
            fmt(record.lr),
        )
    else:
        return record.explanation
    if record.plane_changed:
        text += " " + tr("The plane was refit since the last phase: its vectors do not compare.")
    return text
