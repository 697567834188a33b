"""The loss at many flat parameter vectors at once, without touching the model.

Each vector is loaded by ``torch.func.functional_call`` (the model's own parameters are never
replaced or changed) and the points are evaluated ``torch.func.vmap``-ed, a chunk at a time,
with no autograd. A module vmap cannot run (data-dependent control flow, ``.item()``, an
in-place op on an input) is evaluated one point at a time instead, with the same results.
Torch's thread count is whatever the caller set (the worker sets one).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch.func import functional_call, vmap

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


class BatchedLoss:
    """The loss of ``model`` on (x, y) at flat parameter vectors, in ``parameters()`` order."""

    def __init__(
        self,
        model: torch.nn.Module,
        loss_fn: LossFn,
        x: torch.Tensor,
        y: torch.Tensor,
        chunk_bytes: int = CHUNK_BYTES,
    ) -> None:
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

    def _params(self, flat: torch.Tensor, batch: tuple[int, ...]) -> dict[str, torch.Tensor]:
        parts = torch.split(flat, self.sizes, dim=-1)
        return {
            name: part.reshape(*batch, *shape)
            for name, part, shape in zip(self.names, parts, self.shapes, strict=True)
        }

    def _one(self, params: dict[str, torch.Tensor]) -> torch.Tensor:
        out = functional_call(self.model, (params, self.buffers), (self.x,))
        return self.loss_fn(out, self.y)

    def _vmapped(self, flat: torch.Tensor) -> torch.Tensor:
        return vmap(self._one)(self._params(flat, (flat.shape[0],)))

    def _looped(self, flat: torch.Tensor) -> torch.Tensor:
        return torch.stack([self._one(self._params(row, ())) for row in flat])

    def __call__(self, count: int, points: Callable[[int, int], torch.Tensor]) -> torch.Tensor:
        """The losses (count,) of the vectors ``points(start, stop)`` -> (stop - start, P),
        built one chunk at a time so the whole (count, P) never exists at once."""
        losses = torch.empty(count, dtype=torch.float32)
        with torch.no_grad():
            for start in range(0, count, self.chunk):
                stop = min(count, start + self.chunk)
                flat = points(start, stop)
                if flat.shape != (stop - start, self.size):
                    raise ValueError(f"points of shape {tuple(flat.shape)}, not (n, {self.size})")
                if self.vectorised:
                    try:
                        losses[start:stop] = self._vmapped(flat)
                        continue
                    except (RuntimeError, NotImplementedError):
                        self.vectorised = False
                losses[start:stop] = self._looped(flat)
        return losses
