"""The LR range test with mini-batches: one seeded DataLoader batch per lr, as a plain loop."""

from __future__ import annotations

import json
from collections.abc import Iterator

import torch
from torch.utils.data import DataLoader, TensorDataset

from optiviz.cli.main import main
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.lr_find import lr_find, lr_schedule
from tests.engine.plain_loops import X, Y, loss_fn, model


def plain_range_test(lrs: list[float], batch_size: int, seed: int) -> list[float]:
    """Each lr: one SGD step on the next batch; the whole data's loss after it."""
    torch.manual_seed(seed)
    x, y = 0.1 * torch.tensor(X), torch.tensor(Y)
    params = torch.tensor([1.0, 0.0], requires_grad=True)
    optimizer = torch.optim.SGD([params], lr=lrs[0])
    loader = DataLoader(
        TensorDataset(x, y),
        batch_size=batch_size,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )

    def batches() -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        while True:
            yield from loader

    losses = []
    for lr, (xb, yb) in zip(lrs, batches(), strict=False):
        optimizer.param_groups[0]["lr"] = lr
        loss = loss_fn(model(xb, *params), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            losses.append(loss_fn(model(x, *params), y).item())
    return losses


def test_each_lr_steps_one_batch_of_the_seeded_dataloader():
    lrs = lr_schedule(1e-5, 0.05, 30)
    result = lr_find(RunConfig(batch_size=4, seed=6), 1e-5, 0.05, 30)
    assert result.lr == lrs
    assert result.loss == plain_range_test(lrs, 4, 6)
    full = lr_find(RunConfig(), 1e-5, 0.05, 30)
    assert full.loss != result.loss


def test_the_command_line_passes_the_batch_flags(capsys):
    argv = ["lr-find", "--batch-size", "4", "--seed", "6", "--min-lr", "1e-5", "--max-lr"]
    assert main([*argv, "0.05", "--steps", "30", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["loss"] == plain_range_test(lr_schedule(1e-5, 0.05, 30), 4, 6)
