"""The loss at many flat parameter vectors at once, without touching the model.

The vectors are an affine family, ``anchor + coeffs @ basis``: a plane's grid, a line.

Each vector is loaded by ``torch.func.functional_call`` (the model's own parameters are never
replaced or changed) and the points are evaluated ``torch.func.vmap``-ed, a chunk at a time,
with no autograd. An ``nn.Sequential`` starting with a Linear or Conv layer runs that layer
1 + m times for the whole family and only the rest per point (first_layer.py). A module vmap
cannot run (data-dependent control flow, ``.item()``, an in-place op on an input) is evaluated
one point at a time instead, with the same results.
Torch's thread count is whatever the caller set (the worker sets one).
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch.func import functional_call, vmap

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
    """The loss of ``model`` on (x, y) at the points ``anchor + coeffs @ basis`` of an affine
    family of flat parameter vectors (``parameters()`` order): a plane's grid, a line."""

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
        #: Whether the first layer's output is combined from 1 + m runs of it (first_layer.py).
        self.split = split_first_layer(model)

    def _params(self, flat: torch.Tensor, batch: tuple[int, ...]) -> dict[str, torch.Tensor]:
        parts = torch.split(flat, self.sizes, dim=-1)
        return {
            name: part.reshape(*batch, *shape)
            for name, part, shape in zip(self.names, parts, self.shapes, strict=True)
        }

    def _one(self, params: dict[str, torch.Tensor]) -> torch.Tensor:
        out = functional_call(self.model, (params, self.buffers), (self.x,))
        return self.loss_fn(out, self.y)

    def _looped(self, flat: torch.Tensor) -> torch.Tensor:
        return torch.stack([self._one(self._params(row, ())) for row in flat])

    def _whole(self, anchor: torch.Tensor, basis: torch.Tensor) -> Evaluate:
        """Every point through the whole model, vmapped."""

        def evaluate(coeffs: torch.Tensor) -> torch.Tensor:
            flat = anchor + coeffs @ basis
            return vmap(self._one)(self._params(flat, (flat.shape[0],)))

        return evaluate

    def _after_first(self, anchor: torch.Tensor, basis: torch.Tensor) -> Evaluate:
        """The first layer's outputs combined, the rest of the model vmapped."""
        assert self.split is not None
        first, rest = self.split
        prefix = next(iter(dict(self.model.named_children())))  # "0"
        mine = [n.startswith(prefix + ".") for n in self.names]
        outputs = first_layer_outputs(
            first,
            self.x,
            [
                {
                    name.removeprefix(prefix + "."): value
                    for (name, value), own in zip(self._params(v, ()).items(), mine, strict=True)
                    if own
                }
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

        def evaluate(coeffs: torch.Tensor) -> torch.Tensor:
            flat = rest_anchor + coeffs @ rest_basis
            parts = torch.split(flat, rest_sizes, dim=-1)
            params = {
                name: part.reshape(flat.shape[0], *shape)
                for name, part, shape in zip(rest_names, parts, rest_shapes, strict=True)
            }
            inputs = torch.addmm(base, coeffs, rows).reshape(coeffs.shape[0], *shape)
            return vmap(one)(params, inputs)

        return evaluate

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
            evaluate = (
                self._after_first(anchor, basis) if self.split else self._whole(anchor, basis)
            )
            for start in range(0, count, self.chunk):
                stop = min(count, start + self.chunk)
                if self.vectorised:
                    try:
                        losses[start:stop] = evaluate(coeffs[start:stop])
                        continue
                    except (RuntimeError, NotImplementedError):
                        self.vectorised = False
                losses[start:stop] = self._looped(anchor + coeffs[start:stop] @ basis)
        return losses
