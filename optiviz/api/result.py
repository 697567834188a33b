"""What ``optiviz.run`` returns: a finished run's numbers as numpy arrays, a table, its JSON.

Arrays are copies, safe to keep. ``loss`` has one value per epoch; ``step_loss``,
``params``, ``grad``, ``lr`` and ``epoch`` one per optimizer step (a full-batch run steps once
an epoch, so the two agree). :meth:`RunResult.table` has the columns of
``optiviz run --history``; :meth:`RunResult.as_json` is ``optiviz run --json``'s object.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from optiviz.cli.run_command import result_object, summary_line
from optiviz.engine.formats.export import batched, history_rows

if TYPE_CHECKING:
    from optiviz.engine.runs.config import RunConfig
    from optiviz.engine.runs.run import Run

#: Rows of the table shown inline: the last few steps.
SHOWN_ROWS = 5


class RunResult:
    """One finished (or diverged) run."""

    def __init__(self, run: Run, label: str = "") -> None:
        history = run.history
        self.label = label
        self.config: RunConfig = run.config
        self._json = result_object(run)
        self._summary = summary_line(run)
        self._columns, rows = history_rows(run)
        self._rows = np.asarray(rows, dtype=np.float64).reshape(-1, len(self._columns))
        self._counters = 2 if batched(run) else 1
        self.param_names: tuple[str, str] = tuple(run.problem.param_names)  # type: ignore[assignment]
        self.status: str = self._json["status"]
        self.epochs: int = int(self._json["epochs"])
        self.steps: int = int(self._json["steps"])
        self.loss = history.epoch_loss.copy()
        self.step_loss = history.loss.copy()
        self.params = history.params.copy()
        self.grad = history.grad.copy()
        self.lr = history.lr.copy()
        self.epoch = np.asarray(history.epochs, dtype=np.float64)
        self.start = history.start.copy()
        self.final_params = np.asarray(self._json["params"], dtype=np.float64)
        self.diverged_at: int | None = run.diverged_at

    @property
    def trajectory(self) -> np.ndarray:
        """``(steps + 1, 2)``: the start, then the parameters after each step."""
        return np.vstack([self.start[None, :], self.params])

    def as_json(self) -> dict[str, Any]:
        """The object ``optiviz run --json`` prints for this run (``label`` from a scenario)."""
        out = dict(self._json)
        if self.label:
            out["label"] = self.label
        return out

    def table(self) -> dict[str, np.ndarray]:
        """One numpy column per ``--history`` column, one row per step:
        ``pandas.DataFrame(result.table())`` makes a data frame."""
        columns = {}
        for i, name in enumerate(self._columns):
            column = self._rows[:, i]
            columns[name] = column.astype(np.int64) if i < self._counters else column.copy()
        return columns

    def to_pandas(self) -> Any:
        """The table as a ``pandas.DataFrame`` (pandas is not installed with optiviz)."""
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "to_pandas() needs pandas (pip install pandas); table() gives numpy columns"
            ) from None
        return pandas.DataFrame(self.table())

    def epoch_lines(self, every: int = 100) -> list[str]:
        """The tutorial's ``Epoch N, Loss L`` lines, every ``every`` epochs."""
        return [
            "Epoch %d, Loss %f" % (e, self.loss[e - 1])
            for e in range(every, self.epochs + 1, every)
        ]

    def summary(self) -> str:
        """The last line ``optiviz run`` prints: how the run ended and where."""
        return self._summary

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"<RunResult {name}{self._summary}>"

    def _repr_html_(self) -> str:
        """The summary and the table's last rows, for Jupyter."""
        head = "".join(f"<th>{html.escape(name)}</th>" for name in self._columns)
        body = []
        shown = self._rows[-SHOWN_ROWS:]
        for row in shown:
            cells = [str(int(v)) if i < self._counters else f"{v:.6g}" for i, v in enumerate(row)]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        title = html.escape(f"{self.label}: " if self.label else "")
        more = len(self._rows) - len(shown)
        note = f"<p>… {more} earlier rows: <code>.table()</code></p>" if more > 0 else ""
        return (
            f"<div><p><b>{title}{html.escape(self._summary)}</b></p>{note}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )


class RaceResult(Sequence[RunResult]):
    """The runs of a scenario, in the file's order."""

    def __init__(self, runs: Sequence[RunResult]) -> None:
        self.runs = list(runs)

    def __getitem__(self, index: int) -> RunResult:  # type: ignore[override]
        return self.runs[index]

    def __len__(self) -> int:
        return len(self.runs)

    def __iter__(self) -> Iterator[RunResult]:
        return iter(self.runs)

    def as_json(self) -> dict[str, Any]:
        """``optiviz run --scenario FILE --json``: one run's object, or ``{"runs": [...]}``."""
        objects = [run.as_json() for run in self.runs]
        return objects[0] if len(objects) == 1 else {"runs": objects}

    def __repr__(self) -> str:
        return "<RaceResult\n" + "\n".join(f"  {run!r}" for run in self.runs) + "\n>"

    def _repr_html_(self) -> str:
        return "".join(run._repr_html_() for run in self.runs)
