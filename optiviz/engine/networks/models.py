"""The networks: an MLP of the spec's widths, or the small CNN for 8x8 digits, and the loss
each task trains with."""

from __future__ import annotations

import torch
from torch import nn

from optiviz.engine.networks.data import BINARY, MULTICLASS, Table
from optiviz.engine.networks.spec import NetworkSpec

_ACTIVATIONS: dict[str, type[nn.Module]] = {
    "tanh": nn.Tanh,
    "relu": nn.ReLU,
    "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU,
}


def outputs(table: Table) -> int:
    """One logit for a binary task, one per class for multiclass, one value for regression."""
    return table.classes if table.task == MULTICLASS else 1


def build_model(spec: NetworkSpec, table: Table) -> nn.Module:
    """The untrained network, initialised by torch's default (the caller seeds first)."""
    if spec.model == "cnn":
        return small_cnn(outputs(table))
    widths = [table.features.shape[1], *spec.hidden, outputs(table)]
    layers: list[nn.Module] = []
    for i in range(len(widths) - 1):
        if i:
            layers.append(_ACTIVATIONS[spec.activation]())
        layers.append(nn.Linear(widths[i], widths[i + 1]))
    return nn.Sequential(*layers)


def small_cnn(classes: int = 10) -> nn.Sequential:
    """Two 3x3 convolutions with 2x2 max pooling on a flat row of 64 pixels, read as one 8x8
    channel (the Unflatten has no parameters)."""
    return nn.Sequential(
        nn.Unflatten(1, (1, 8, 8)),
        nn.Conv2d(1, 8, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 2 * 2, classes),
    )


def loss_function(task: str) -> nn.Module:
    """BCEWithLogitsLoss (binary), CrossEntropyLoss (multiclass), MSELoss (regression)."""
    if task == BINARY:
        return nn.BCEWithLogitsLoss()
    if task == MULTICLASS:
        return nn.CrossEntropyLoss()
    return nn.MSELoss()


def predicted_labels(logits: torch.Tensor, task: str) -> torch.Tensor:
    """The class each row of outputs says: logit > 0 (binary), the argmax (multiclass)."""
    if task == BINARY:
        return (logits[:, 0] > 0).long()
    return logits.argmax(dim=1)


def architecture(spec: NetworkSpec, table: Table) -> str:
    """``"2-8-8-1 tanh"``; ``"CNN 1x8x8 conv8 pool conv16 pool 10"``."""
    if spec.model == "cnn":
        return f"CNN 1x8x8 conv8 pool conv16 pool {outputs(table)}"
    widths = [table.features.shape[1], *spec.hidden, outputs(table)]
    text = "-".join(str(w) for w in widths)
    return f"{text} {spec.activation}" if spec.hidden else text
