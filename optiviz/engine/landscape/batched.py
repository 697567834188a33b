"""The loss at many flat parameter vectors at once, without touching the model.

The vectors are an affine family, ``anchor + coeffs @ basis``: a plane's grid, a line.

Each vector is loaded by ``torch.func.functional_call`` (the model's own parameters are never
replaced or changed) and the points are evaluated ``torch.func.vmap``-ed, a chunk at a time,
with no autograd. An ``nn.Sequential`` starting with a Linear or Conv layer runs that layer
1 + m times for the whole family and only the rest per point (first_layer.py). A module vmap
cannot run (data-dependent control flow, ``.item()``, an in-place op on an input) is evaluated
one point at a time instead, with the same results.

vmap is not always faster: on bigger models a loop over the points wins (strategy.py). The
first full chunk of a call runs both ways and the faster way does the rest, and every later
BatchedLoss of the same model and data shapes (a grid that refreshes) reuses that choice.
Torch's thread count is whatever the caller set (the worker sets one).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch.func import functional_call, vmap

from optiviz.engine.landscape import strategy
from optiviz.engine.landscape.first_layer import first_layer_outputs, split_first_layer

#: Bytes of activation memory a chunk of grid points may take, by default.
CHUNK_BYTES = 256 * 1024 * 1024
#: Chunks past this size are slower, not faster (measured on the small CNN: 21x21 points on
#: 256 images take 0.9 s in 16 MB chunks, 1.4 s in 256 MB ones): their activations leave the
#: cache. ``chunk_bytes`` stays the memory cap; chunks are at most this big.
CACHE_BYTES = 16 * 1024 * 1024
#: Live activation tensors per layer output while a batch passes (the output, its
#: pre-activation and the op's temporaries), in the memory estimate.
ACTIVATION_FACTOR = 4

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Evaluate = Callable[[torch.Tensor], torch.Tensor]
#: ``mode``: measure and pick the faster way, or always one of them.
AUTO = "auto"
MODES = (AUTO, strategy.VMAP, strategy.LOOP)


def widest_output(model: torch.nn.Module, x: torch.Tensor) -> int:
    """The most values any module's output holds for the whole batch ``x``, from one forward
    pass with the model's own parameters (hooks are removed afterwards)."""
    widest = [int(x.numel())]

    def hook(_module: torch.nn.Module, _inputs: object, output: object) -> None:
        if isinstance(output, torch.Tensor):
            widest[0] = max(widest[0], int(output.numel()))

    handles = [m.register_forward_hook(hook) for m in model.modules()]
    try:
        with torch.no_grad():
            functional_call(model, _own_buffers(model), (x,))
    finally:
        for handle in handles:
            handle.remove()
    return widest[0]


def _own_buffers(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Copies of the model's buffers: a normalisation layer in training mode updates these
    running statistics, never the model's."""
    return {name: b.clone() for name, b in model.named_buffers()}


def chunk_points(model: torch.nn.Module, x: torch.Tensor, chunk_bytes: int = CHUNK_BYTES) -> int:
    """How many parameter vectors one vmapped call may evaluate: the activations of a point are
    estimated as batch x widest layer x 4 bytes x ``ACTIVATION_FACTOR`` (plus the point's own
    parameters), and a chunk stays under ``chunk_bytes`` and ``CACHE_BYTES``."""
    size = sum(p.numel() for p in model.parameters())
    per_point = widest_output(model, x) * 4 * ACTIVATION_FACTOR + size * 4
    return max(1, int(min(chunk_bytes, CACHE_BYTES) // per_point))


@dataclass(frozen=True)
class Family:
    """One affine family's points evaluated both ways: ``vmapped`` and ``looped`` each map
    coefficients (count, m) to losses (count,) with the same numbers."""

    vmapped: Evaluate
    looped: Evaluate


class BatchedLoss:
    """The loss of ``model`` on (x, y) at the points ``anchor + coeffs @ basis`` of an affine
    family of flat parameter vectors (``parameters()`` order): a plane's grid, a line.

    ``mode`` is ``"auto"`` (measure, see the module's doc), ``"vmap"`` or ``"loop"``; after a
    call, ``mode`` says which way ran the points past the first chunk and ``choice`` holds the
    timings it was chosen by (None when nothing was measured or remembered)."""

    def __init__(
        self,
        model: torch.nn.Module,
        loss_fn: LossFn,
        x: torch.Tensor,
        y: torch.Tensor,
        chunk_bytes: int = CHUNK_BYTES,
        mode: str = AUTO,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        self.model = model
        self.loss_fn = loss_fn
        self.x = x
        self.y = y
        self.names = [name for name, _ in model.named_parameters()]
        self.shapes = [tuple(p.shape) for _, p in model.named_parameters()]
        self.sizes = [p.numel() for _, p in model.named_parameters()]
        self.size = sum(self.sizes)
        self.buffers = _own_buffers(model)
        self.chunk = chunk_points(model, x, chunk_bytes)
        #: False once vmap failed on this model: every later point goes through the loop.
        self.vectorised = True
        #: Whether the first layer's output is combined from 1 + m runs of it (first_layer.py).
        self.split = split_first_layer(model)
        self.clock = clock
        self.key = strategy.shape_key(model, x, loss_fn, self.chunk, self.split is not None)
        self.choice: strategy.Choice | None = None
        self.mode = mode
        if mode == AUTO:
            self.choice = strategy.remembered(self.key)
            if self.choice is not None:
                self.mode = self.choice.mode

    def _params(self, flat: torch.Tensor, batch: tuple[int, ...]) -> dict[str, torch.Tensor]:
        parts = torch.split(flat, self.sizes, dim=-1)
        return {
            name: part.reshape(*batch, *shape)
            for name, part, shape in zip(self.names, parts, self.shapes, strict=True)
        }

    def _one(self, params: dict[str, torch.Tensor]) -> torch.Tensor:
        out = functional_call(self.model, (params, self.buffers), (self.x,))
        return self.loss_fn(out, self.y)

    def _whole(self, anchor: torch.Tensor, basis: torch.Tensor) -> Family:
        """Every point through the whole model."""

        def vmapped(coeffs: torch.Tensor) -> torch.Tensor:
            flat = anchor + coeffs @ basis
            return vmap(self._one)(self._params(flat, (flat.shape[0],)))

        def looped(coeffs: torch.Tensor) -> torch.Tensor:
            flat = anchor + coeffs @ basis
            return torch.stack([self._one(self._params(row, ())) for row in flat])

        return Family(vmapped, looped)

    def _after_first(self, anchor: torch.Tensor, basis: torch.Tensor) -> Family:
        """The first layer's outputs combined, the rest of the model run per point."""
        assert self.split is not None
        first, rest = self.split
        first_names = {name for name, _ in first.named_parameters()}
        mine = [n in first_names for n in self.names]
        outputs = first_layer_outputs(
            first,
            self.x,
            [
                {name: value for name, value in self._params(v, ()).items() if name in first_names}
                for v in (anchor, *basis)
            ],
        )
        shape = outputs[0].shape
        base = outputs[0].reshape(1, -1)
        rows = torch.stack([o.reshape(-1) for o in outputs[1:]])  # (m, out values)
        keep = torch.tensor([not own for own in mine])
        columns = torch.repeat_interleave(keep, torch.tensor(self.sizes))
        rest_anchor, rest_basis = anchor[columns], basis[:, columns]
        rest_names = [n for n, own in zip(self.names, mine, strict=True) if not own]
        rest_sizes = [s for s, own in zip(self.sizes, mine, strict=True) if not own]
        rest_shapes = [s for s, own in zip(self.shapes, mine, strict=True) if not own]
        rest_buffers = _own_buffers(rest)

        def one(params: dict[str, torch.Tensor], inputs: torch.Tensor) -> torch.Tensor:
            out = functional_call(rest, (params, rest_buffers), (inputs,))
            return self.loss_fn(out, self.y)

        def params(flat: torch.Tensor, batch: tuple[int, ...]) -> dict[str, torch.Tensor]:
            parts = torch.split(flat, rest_sizes, dim=-1)
            return {
                name: part.reshape(*batch, *shape)
                for name, part, shape in zip(rest_names, parts, rest_shapes, strict=True)
            }

        def vmapped(coeffs: torch.Tensor) -> torch.Tensor:
            flat = rest_anchor + coeffs @ rest_basis
            inputs = torch.addmm(base, coeffs, rows).reshape(coeffs.shape[0], *shape)
            return vmap(one)(params(flat, (flat.shape[0],)), inputs)

        def looped(coeffs: torch.Tensor) -> torch.Tensor:
            flat = rest_anchor + coeffs @ rest_basis
            inputs = torch.addmm(base, coeffs, rows).reshape(coeffs.shape[0], *shape)
            return torch.stack(
                [one(params(row, ()), point) for row, point in zip(flat, inputs, strict=True)]
            )

        return Family(vmapped, looped)

    def _timed(self, evaluate: Evaluate, coeffs: torch.Tensor) -> tuple[torch.Tensor, float]:
        """The losses and the seconds per point they took."""
        begin = self.clock()
        losses = evaluate(coeffs)
        return losses, (self.clock() - begin) / coeffs.shape[0]

    def _measure(self, family: Family, coeffs: torch.Tensor) -> torch.Tensor:
        """The first chunk's losses, vmapped; a few of its points also run one at a time, and
        the faster way per point becomes ``mode`` (and is remembered for this model's shape)."""
        losses, vmap_seconds = self._timed(family.vmapped, coeffs)
        # the median point: the first one run alone also pays for warming up
        loop_seconds = statistics.median(
            self._timed(family.looped, coeffs[i : i + 1])[1]
            for i in range(min(strategy.LOOP_SAMPLE, coeffs.shape[0]))
        )
        self.choice = strategy.Choice(
            strategy.faster(vmap_seconds, loop_seconds), vmap_seconds, loop_seconds
        )
        self.mode = self.choice.mode
        strategy.remember(self.key, self.choice)
        return losses

    def _chunk(self, family: Family, coeffs: torch.Tensor, more: bool) -> torch.Tensor:
        """One chunk's losses the current way; ``more``: points follow this chunk."""
        if self.vectorised and self.mode != strategy.LOOP:
            try:
                if self.mode == AUTO and more:
                    return self._measure(family, coeffs)
                return family.vmapped(coeffs)
            except (RuntimeError, NotImplementedError):
                self.vectorised = False
        return family.looped(coeffs)

    def __call__(
        self, anchor: torch.Tensor, basis: torch.Tensor, coeffs: torch.Tensor
    ) -> torch.Tensor:
        """The losses (count,) at ``anchor`` (P,) + ``coeffs`` (count, m) @ ``basis`` (m, P),
        one chunk at a time: the whole (count, P) never exists at once."""
        anchor = anchor.to(torch.float32).reshape(-1)
        basis = basis.to(torch.float32).reshape(-1, anchor.shape[0])
        coeffs = coeffs.to(torch.float32).reshape(-1, basis.shape[0])
        if anchor.shape[0] != self.size:
            raise ValueError(f"{anchor.shape[0]} parameters given, the model has {self.size}")
        count = coeffs.shape[0]
        losses = torch.empty(count, dtype=torch.float32)
        with torch.no_grad():
            family = self._after_first(anchor, basis) if self.split else self._whole(anchor, basis)
            for start in range(0, count, self.chunk):
                stop = min(count, start + self.chunk)
                losses[start:stop] = self._chunk(family, coeffs[start:stop], stop < count)
        return losses
