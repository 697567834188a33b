"""One run as the app model holds it: its settings and how the window shows it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from optiviz.engine.runs.config import RunConfig

#: Settings that change the whole run, from its first step: the batches it sees, their seed,
#: the noise added to each gradient, how gradients are clipped and whether zero_grad runs.
STOCHASTIC_FIELDS = (
    "batch_size",
    "shuffle",
    "seed",
    "grad_noise",
    "clip_grad_norm",
    "clip_grad_value",
    "zero_grad",
)
#: A change to any of these starts the runs again; lr, hyperparameters and epochs do not.
RESET_FIELDS = (
    "problem",
    "optimizer",
    "scheduler",
    "sched",
    "start",
    "dataset",
    "expression",
    "network",
    *STOCHASTIC_FIELDS,
)
#: What every run of a race shares: an edit of the edited run's copy applies to all runs.
#: The stochastic settings are each run's own: a noise fan races one optimizer at several
#: batch sizes, and runs that differ only in their seed show the spread a seed makes.
SHARED_FIELDS = ("problem", "start", "epochs", "dataset", "expression", "network")


@dataclass(frozen=True)
class RunEntry:
    """A run of the window: the config it runs with, and its legend entry.

    ``label`` is the user's own name for the run ("" names it by its settings, so the legend
    always describes the config the curve ran with); ``color`` a scenario's "#rrggbb" ("" takes
    the palette's colour for the run's place).
    """

    config: RunConfig
    label: str = ""
    visible: bool = True
    color: str = ""

    def with_config(self, config: RunConfig) -> RunEntry:
        return replace(self, config=config)


def needs_reset(before: RunConfig, after: RunConfig) -> bool:
    """True when ``after`` cannot continue the run that ``before`` started."""
    return any(getattr(before, name) != getattr(after, name) for name in RESET_FIELDS)


def shared_changes(before: RunConfig, after: RunConfig) -> dict[str, object]:
    """The shared fields that ``after`` changes (they apply to every run of the race)."""
    return {
        name: getattr(after, name)
        for name in SHARED_FIELDS
        if getattr(after, name) != getattr(before, name)
    }
