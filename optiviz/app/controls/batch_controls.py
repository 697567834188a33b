"""The "Batches" group of the controls: batch size, shuffle, seed, added noise, clipping and
the "Forget zero_grad" switch.

Each of these changes the whole run, so an edit starts the runs again. A problem with data
steps through a ``DataLoader`` of its points (batch size, shuffle, seed); a problem without
data has no batches, and offers Gaussian noise added to each gradient instead, labelled as
added noise. The group only shows and reads values: the panel checks each edit against the
engine and shows a refusal at the field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QWidget

from optiviz.app.controls.field_errors import ErrorFrame, ErrorLabel
from optiviz.app.controls.hyper_form import field_label
from optiviz.app.controls.sci_spinbox import IntSpinBox, SciSpinBox
from optiviz.app.names import name_widget
from optiviz.engine.fields import Field
from optiviz.engine.problems.library import Problem
from optiviz.engine.runs.config import RunConfig
from optiviz.engine.runs.stochastic import data_size
from optiviz.plots.engine_words import engine_words
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

FULL_BATCH = QT_TR_NOOP("full batch")
#: torch.manual_seed takes 64-bit seeds; the spin box offers the ones a person types.
SEED_MAX = 2**31 - 1
CLIP_MODES = (
    (QT_TR_NOOP("off"), None),
    (QT_TR_NOOP("by norm"), "clip_grad_norm"),
    (QT_TR_NOOP("by value"), "clip_grad_value"),
)
DEFAULT_CLIP = 1.0
#: The engine's fields and the ids of this group's fields (both clip fields are one control).
FIELD_IDS = {
    "batch_size": "batch_size",
    "shuffle": "shuffle",
    "seed": "seed",
    "grad_noise": "grad_noise",
    "clip_grad_norm": "clip",
    "clip_grad_value": "clip",
    "zero_grad": "zero_grad",
}


def batch_field_id(field: Field | str) -> str | None:
    """This group's field id for an engine field (``("runs", 2, "seed")`` too), else None."""
    if isinstance(field, str):
        return None
    if field[:1] == ("runs",) and len(field) > 2:
        field = field[2:]
    return FIELD_IDS.get(str(field[0])) if len(field) == 1 else None


def _full_batch(typed: str) -> bool:
    """Whether ``typed`` begins "full batch", in English or in the shown language."""
    return FULL_BATCH.startswith(typed) or tr(FULL_BATCH).startswith(typed)


class BatchSizeSpin(IntSpinBox):
    """Whole points per batch, or "full batch" (the data in one step, the tutorial's loop)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, lo=1, hi=1, allow_none=True)
        self.set_number(None)

    def set_points(self, points: int) -> None:
        """The arrows step from 1 to ``points`` (typed values are checked by the engine)."""
        self._hi = max(1, int(points))

    def textFromValue(self, value: int) -> str:
        return tr(FULL_BATCH) if value == self.minimum() else str(value)

    def valueFromText(self, text: str) -> int:
        typed = text.strip().lower()
        if typed and (_full_batch(typed) or typed == "none"):
            return self.minimum()
        return super().valueFromText(text)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        typed = text.strip().lower()
        if typed in (FULL_BATCH, tr(FULL_BATCH), "full", "none"):
            return QValidator.State.Acceptable, text, pos
        if typed and _full_batch(typed):
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)


class BatchControls(QGroupBox):
    """The group; ``edited(field_id, changes)`` when the user finishes changing a field."""

    edited = Signal(str, object)  # ("batch_size", {"batch_size": 4}), ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Batches"), parent)
        self._points: int | None = 11
        self._seed = 0  # the seed shown, which may be above what the spin box can show
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)

        self.batch_spin = BatchSizeSpin()
        name_widget(self.batch_spin, "batch_size", tr("Batch size"), control=True)
        self.batch_frame = ErrorFrame(self.batch_spin)
        self.batch_label = field_label(tr("batch size"))
        form.addRow(self.batch_label, self.batch_frame)

        self.shuffle_box = QCheckBox(tr("shuffle each epoch"))
        name_widget(self.shuffle_box, "shuffle", tr("Shuffle the data each epoch"), control=True)
        self.shuffle_frame = ErrorFrame(self.shuffle_box)
        self.shuffle_frame.set_tooltip(
            tr(
                "DataLoader(shuffle=True): a new order of the points every epoch, drawn from a "
                "generator seeded with the seed. Off: the batches are the same every epoch.\n"
                "Changing it starts the runs again."
            )
        )
        form.addRow(self.shuffle_frame)

        self.noise_spin = SciSpinBox(lo=0.0, hi=1e6)
        name_widget(self.noise_spin, "grad_noise", tr("Added gradient noise sigma"), control=True)
        self.noise_frame = ErrorFrame(self.noise_spin)
        self.noise_frame.set_tooltip(
            tr(
                "Added gradient noise, not a batch: after backward(), each gradient gets "
                "σ·N(0, 1) drawn from a generator seeded with the seed (0: off). A problem "
                "without data has no batches; this stands in for their noise.\n"
                "Changing it starts the runs again."
            )
        )
        self.noise_label = field_label(tr("added gradient noise σ"))
        form.addRow(self.noise_label, self.noise_frame)

        self.seed_spin = IntSpinBox(lo=0, hi=SEED_MAX)
        name_widget(self.seed_spin, "seed", tr("Random seed"), control=True)
        self.seed_frame = ErrorFrame(self.seed_spin)
        self.seed_frame.set_tooltip(
            tr(
                "torch.manual_seed(seed) before the model is built, and the seed of the "
                "DataLoader's shuffle and of added noise: the same seed gives the same batches.\n"
                "Used by mini-batches and added noise only. Changing it starts the runs again."
            )
        )
        form.addRow(field_label(tr("seed")), self.seed_frame)

        self.clip_combo = QComboBox()
        name_widget(self.clip_combo, "clip", tr("Clip gradients"), control=True)
        for text, key in CLIP_MODES:
            self.clip_combo.addItem(tr(text), key)
        self.clip_spin = SciSpinBox(lo=1e-6, hi=1e6, log=True)
        name_widget(self.clip_spin, "clip_threshold", tr("Clipping threshold"), control=True)
        self.clip_spin.setValue(DEFAULT_CLIP)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.clip_combo, 1)
        line.addWidget(self.clip_spin, 1)
        self.clip_frame = ErrorFrame(row)
        self.clip_frame.set_tooltip(
            tr(
                "Between backward() and step(): by norm, torch.nn.utils.clip_grad_norm_ scales "
                "the gradient down to that norm; by value, clip_grad_value_ clamps each entry to "
                "±threshold. Off: the gradient as computed.\nChanging it starts the runs again."
            )
        )
        form.addRow(field_label(tr("clip gradients")), self.clip_frame)

        self.forget_box = QCheckBox(tr("Forget zero_grad"))
        name_widget(self.forget_box, "zero_grad", tr("Forget zero_grad"), control=True)
        self.forget_frame = ErrorFrame(self.forget_box)
        self.forget_frame.set_tooltip(
            tr(
                "Run the loop without optimizer.zero_grad(), as PyTorch then behaves: each "
                "backward() adds its gradient to params.grad, so every step uses the sum of all "
                "the gradients so far. Step by step shows it growing beside this step's own.\n"
                "Changing it starts the runs again."
            )
        )
        form.addRow(self.forget_frame)

        self.errors = ErrorLabel()
        form.addRow(self.errors)

        self.batch_spin.valueChanged.connect(
            lambda _v: self.edited.emit("batch_size", {"batch_size": self.batch_spin.number()})
        )
        self.shuffle_box.toggled.connect(
            lambda on: self.edited.emit("shuffle", {"shuffle": bool(on)})
        )
        self.seed_spin.valueChanged.connect(
            lambda _value: self.edited.emit("seed", {"seed": self._shown_seed()})
        )
        self.noise_spin.valueChanged.connect(
            lambda value: self.edited.emit("grad_noise", {"grad_noise": float(value)})
        )
        self.forget_box.toggled.connect(
            lambda on: self.edited.emit("zero_grad", {"zero_grad": not on})
        )
        self.clip_combo.currentIndexChanged.connect(self._on_clip)
        self.clip_spin.valueChanged.connect(self._on_clip)

    # ------------------------------------------------------------------ showing
    def show_config(
        self, config: RunConfig, problem: Problem, points: int | bool | None = False
    ) -> None:
        """Show ``config``'s values for ``problem`` (its data's size; ``points``: the training
        points when the problem does not hold them, a network's), without emitting."""
        self._points = data_size(problem) if points is False else points  # type: ignore[assignment]
        has_data = self._points is not None
        blockers = [
            QSignalBlocker(w)
            for w in (
                self.batch_spin,
                self.shuffle_box,
                self.seed_spin,
                self.noise_spin,
                self.clip_combo,
                self.clip_spin,
                self.forget_box,
            )
        ]
        self.batch_spin.set_points(self._points or 1)
        self.batch_spin.set_number(config.batch_size if has_data else None)
        self.batch_spin.setEnabled(has_data)
        self.shuffle_box.setChecked(bool(config.shuffle))
        self._seed = int(config.seed)
        self.seed_spin.setValue(min(self._seed, SEED_MAX))
        self.noise_spin.setValue(float(config.grad_noise))
        mode = (
            "clip_grad_norm"
            if config.clip_grad_norm is not None
            else "clip_grad_value"
            if config.clip_grad_value is not None
            else None
        )
        self.clip_combo.setCurrentIndex(self.clip_combo.findData(mode))
        threshold = config.clip_grad_norm or config.clip_grad_value
        if threshold is not None:
            self.clip_spin.setValue(float(threshold))
        self.forget_box.setChecked(not config.zero_grad)
        del blockers
        self.clip_spin.setEnabled(mode is not None)
        self.shuffle_frame.setVisible(has_data)
        self.noise_frame.setVisible(not has_data)
        self.noise_label.setVisible(not has_data)
        self._batch_tooltip(problem)

    def _batch_tooltip(self, problem: Problem) -> None:
        if self._points is None:
            text = fill(
                tr(
                    "%1 has no data to split into batches, so every step sees the whole loss. "
                    "For a stochastic gradient, set the added gradient noise σ below."
                ),
                engine_words(problem.title),
            )
        else:
            text = fill(
                tr(
                    "Points per optimizer step: a DataLoader over the %1 points, 1 to %1; '%2' "
                    "takes them all in one step an epoch (the tutorial's loop). Each batch is one "
                    "step, so an epoch has ceil(points / batch size) steps.\n"
                    "Changing it starts the runs again."
                ),
                self._points,
                tr(FULL_BATCH),
            )
        self.batch_frame.set_tooltip(text)

    # ------------------------------------------------------------------ reading
    def values(self) -> dict[str, Any]:
        """Every field as shown (refused values included), as RunConfig fields."""
        mode = self.clip_combo.currentData()
        threshold = float(self.clip_spin.value())
        has_data = self._points is not None
        return {
            "batch_size": self.batch_spin.number() if has_data else None,
            "shuffle": self.shuffle_box.isChecked(),
            "seed": self._shown_seed(),
            "grad_noise": 0.0 if has_data else float(self.noise_spin.value()),
            "clip_grad_norm": threshold if mode == "clip_grad_norm" else None,
            "clip_grad_value": threshold if mode == "clip_grad_value" else None,
            "zero_grad": not self.forget_box.isChecked(),
        }

    def _shown_seed(self) -> int:
        """The spin box's seed; a file's seed above :data:`SEED_MAX` while it is untouched."""
        value = int(self.seed_spin.value())
        return self._seed if value == SEED_MAX and self._seed > SEED_MAX else value

    def frames(self) -> dict[str, ErrorFrame]:
        """The red-framed fields by id, for the panel's refusals."""
        return {
            "batch_size": self.batch_frame,
            "shuffle": self.shuffle_frame,
            "seed": self.seed_frame,
            "grad_noise": self.noise_frame,
            "clip": self.clip_frame,
            "zero_grad": self.forget_frame,
        }

    def _on_clip(self, *_args: object) -> None:
        values = self.values()
        self.clip_spin.setEnabled(self.clip_combo.currentData() is not None)
        changes = {k: values[k] for k in ("clip_grad_norm", "clip_grad_value")}
        self.edited.emit("clip", changes)
