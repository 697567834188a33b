"""The first layer's output over a family of parameters, computed once.

A Linear or Conv layer's output is linear in its weight and bias together, so over the points
theta = anchor + sum_j c_j d_j its output is out(anchor) + sum_j c_j out(d_j), where out(d_j)
runs the layer with the direction's weight and bias. The grid then runs the layer 1 + m times
instead of once per point, and only the rest of the network per point: for the 64-64-10 digits
MLP that skips nine tenths of its multiplications.
"""

from __future__ import annotations

import torch
from torch.func import functional_call

#: Layers whose output is linear in (weight, bias) whatever their padding.
LINEAR_LAYERS = (torch.nn.Linear, torch.nn.Conv1d, torch.nn.Conv2d, torch.nn.Conv3d)
#: Layers without parameters that only reshape their input, allowed before the first layer.
RESHAPES = (torch.nn.Flatten, torch.nn.Unflatten, torch.nn.Identity)


def split_first_layer(model: torch.nn.Module) -> tuple[torch.nn.Module, torch.nn.Module] | None:
    """(first, rest) of an ``nn.Sequential`` whose first layer with parameters is a Linear or
    Conv layer that nothing later shares, after only reshaping layers (``RESHAPES``, as the
    app's CNN unflattens its rows); None for any other model. Both halves keep the model's
    parameter names."""
    if not isinstance(model, torch.nn.Sequential):
        return None
    layers = list(model)
    lead = 0
    while lead < len(layers) and type(layers[lead]) in RESHAPES:
        lead += 1
    if lead + 1 >= len(layers):
        return None
    first, rest = model[: lead + 1], model[lead + 1 :]
    layer = layers[lead]
    if type(layer) not in LINEAR_LAYERS or any(
        m._forward_hooks or m._forward_pre_hooks for m in first.modules()
    ):
        return None
    own = {id(p) for p in layer.parameters()}
    if any(id(p) in own for _, p in rest.named_parameters(remove_duplicate=False)):
        return None
    return first, rest


def first_layer_outputs(
    first: torch.nn.Module,
    x: torch.Tensor,
    vectors: list[dict[str, torch.Tensor]],
) -> list[torch.Tensor]:
    """The first layer's output on ``x`` with each of ``vectors`` (its parameters by their
    names in ``first``) as weight and bias."""
    with torch.no_grad():
        return [functional_call(first, params, (x,)) for params in vectors]
