"""The "Network" group of the controls, shown for the mlp problem: the data set, the hidden
layers, the activation, the model, the held-out fraction, the points and their seed, and the
plane the landscape pane shows.

Every field but the plane changes the network or its data, so an edit starts the runs again;
the group only shows and reads values and the panel checks each edit against the engine. The
hidden layers are typed ("8,8"; empty: no hidden layer) and read with the engine's
:func:`parse_hidden`, so a list that does not parse is refused at the field with its reason.
The plane (pca or random directions) is a view setting: it goes to the worker on its own and
the runs go on.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QWidget,
)

from optiviz.app.controls.field_errors import ErrorFrame, ErrorLabel
from optiviz.app.controls.hyper_form import field_label
from optiviz.app.controls.sci_spinbox import IntSpinBox
from optiviz.app.names import name_widget
from optiviz.engine.fields import Field
from optiviz.engine.networks.spec import (
    ACTIVATIONS,
    DATASETS,
    MAX_SAMPLES,
    MAX_TEST_FRACTION,
    MIN_SAMPLES,
    MODELS,
    NetworkSpec,
    parse_hidden,
)
from optiviz.engine.worker.live_landscape import KINDS
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

#: The spec's fields and this group's field ids ("network" itself is blamed on the data set).
FIELD_IDS = {
    "dataset": "net:dataset",
    "hidden": "net:hidden",
    "activation": "net:activation",
    "model": "net:model",
    "test_fraction": "net:test_fraction",
    "samples": "net:samples",
    "data_seed": "net:data_seed",
    "network": "net:dataset",
}
SEED_MAX = 2**31 - 1


def network_field_id(field: Field | str) -> str | None:
    """This group's field id for an engine field (``("runs", 2, "hidden")`` too), else None."""
    if isinstance(field, str):
        return None
    if field[:1] == ("runs",) and len(field) > 2:
        field = field[2:]
    return FIELD_IDS.get(str(field[0])) if len(field) == 1 else None


def hidden_text(hidden: tuple[int, ...]) -> str:
    return ",".join(str(width) for width in hidden)


class NetworkControls(QGroupBox):
    """The group; ``edited(field_id)`` when the user finishes changing a field of the network,
    ``directionsChanged(kind)`` when the plane's directions change."""

    edited = Signal(str)
    directionsChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Network"), parent)
        self._spec = NetworkSpec()
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        self.form = form

        self.dataset_combo = QComboBox()
        name_widget(self.dataset_combo, "network.dataset", tr("Data set"), control=True)
        for name in DATASETS:
            self.dataset_combo.addItem(name, name)
        self.dataset_frame = self._row(
            QT_TR_NOOP("data set"),
            self.dataset_combo,
            QT_TR_NOOP(
                "The points the network learns, generated with the data seed (digits: the "
                "1,797 8x8 images scikit-learn ships).\nChanging it starts the runs again."
            ),
        )

        self.hidden_edit = QLineEdit()
        name_widget(self.hidden_edit, "network.hidden", tr("Hidden layers"), control=True)
        self.hidden_edit.setPlaceholderText(tr("none: logistic or linear regression"))
        self.hidden_frame = self._row(
            QT_TR_NOOP("hidden layers"),
            self.hidden_edit,
            QT_TR_NOOP(
                "The widths of the hidden layers, separated by commas, such as 8,8; empty for "
                "none (logistic or linear regression).\nChanging it starts the runs again."
            ),
        )

        self.activation_combo = QComboBox()
        name_widget(self.activation_combo, "network.activation", tr("Activation"), control=True)
        for name in ACTIVATIONS:
            self.activation_combo.addItem(name, name)
        self.activation_frame = self._row(
            QT_TR_NOOP("activation"),
            self.activation_combo,
            QT_TR_NOOP(
                "The non-linearity after each hidden layer (torch.nn.Tanh, ReLU, Sigmoid, "
                "GELU).\nChanging it starts the runs again."
            ),
        )

        self.model_combo = QComboBox()
        name_widget(self.model_combo, "network.model", tr("Model"), control=True)
        for name in MODELS:
            self.model_combo.addItem(name, name)
        self.model_frame = self._row(
            QT_TR_NOOP("model"),
            self.model_combo,
            QT_TR_NOOP(
                "mlp: nn.Sequential(Linear, activation, ..., Linear). cnn: a small "
                "convolutional network, for the 8x8 digits only.\nChanging it starts the runs "
                "again."
            ),
        )

        self.fraction_spin = QDoubleSpinBox()
        name_widget(
            self.fraction_spin, "network.test_fraction", tr("Held-out fraction"), control=True
        )
        self.fraction_spin.setRange(0.0, MAX_TEST_FRACTION)
        self.fraction_spin.setSingleStep(0.05)
        self.fraction_spin.setDecimals(2)
        self.fraction_spin.setKeyboardTracking(False)
        self.fraction_frame = self._row(
            QT_TR_NOOP("test fraction"),
            self.fraction_spin,
            fill(
                tr(
                    "The share of the points held out to measure accuracy on (0 to %1), "
                    "chosen with the data seed; the network never trains on them.\n"
                    "Changing it starts the runs again."
                ),
                MAX_TEST_FRACTION,
            ),
        )

        self.samples_spin = IntSpinBox(lo=MIN_SAMPLES, hi=MAX_SAMPLES)
        name_widget(self.samples_spin, "network.samples", tr("Points"), control=True)
        self.samples_spin.setSingleStep(50)
        self.samples_frame = self._row(
            QT_TR_NOOP("samples"),
            self.samples_spin,
            fill(
                tr(
                    "How many points a generated data set has (%1 to %2).\n"
                    "Changing it starts the runs again."
                ),
                MIN_SAMPLES,
                f"{MAX_SAMPLES:,}",
            ),
        )

        self.seed_spin = IntSpinBox(lo=0, hi=SEED_MAX)
        name_widget(self.seed_spin, "network.data_seed", tr("Data seed"), control=True)
        self.seed_frame = self._row(
            QT_TR_NOOP("data seed"),
            self.seed_spin,
            QT_TR_NOOP(
                "Seeds the generated points and the held-out split; the run's own seed sets "
                "the initial weights and the batches.\nChanging it starts the runs again."
            ),
        )

        self.plane_combo = QComboBox()
        name_widget(self.plane_combo, "network.plane", tr("Landscape plane"), control=True)
        for kind in KINDS:
            self.plane_combo.addItem(kind, kind)
        self.plane_combo.setToolTip(
            tr(
                "The plane through the weights the loss surface shows. pca: the top two "
                "principal directions of the paths so far (Li et al. 2018), fitted again as "
                "they grow; random: two filter-normalised random directions.\n"
                "A view setting: the runs go on."
            )
        )
        self.plane_frame = ErrorFrame(self.plane_combo)  # framed as the other fields
        form.addRow(field_label(tr("plane")), self.plane_frame)

        self.errors = ErrorLabel()
        form.addRow(self.errors)

        self.dataset_combo.currentIndexChanged.connect(self._on_dataset)
        self.hidden_edit.editingFinished.connect(self._on_hidden)
        self.activation_combo.currentIndexChanged.connect(lambda _i: self.edited.emit("activation"))
        self.model_combo.currentIndexChanged.connect(lambda _i: self.edited.emit("model"))
        self.fraction_spin.valueChanged.connect(lambda _v: self.edited.emit("test_fraction"))
        self.samples_spin.valueChanged.connect(lambda _v: self.edited.emit("samples"))
        self.seed_spin.valueChanged.connect(lambda _v: self.edited.emit("data_seed"))
        self.plane_combo.currentIndexChanged.connect(
            lambda _i: self.directionsChanged.emit(self.plane_combo.currentData())
        )

    def _row(self, label: str, widget: QWidget, tip: str) -> ErrorFrame:
        frame = ErrorFrame(widget)
        frame.set_tooltip(tr(tip))
        self.form.addRow(field_label(tr(label)), frame)
        return frame

    # ------------------------------------------------------------------ showing
    def show_spec(self, spec: NetworkSpec | None) -> None:
        """Show ``spec``'s values (the default network for None), without emitting."""
        spec = spec or NetworkSpec()
        self._spec = spec
        widgets = (
            self.dataset_combo,
            self.hidden_edit,
            self.activation_combo,
            self.model_combo,
            self.fraction_spin,
            self.samples_spin,
            self.seed_spin,
        )
        blockers = [QSignalBlocker(w) for w in widgets]
        index = self.dataset_combo.findData(spec.dataset)
        if index < 0:  # a CSV's table: named by itself
            self.dataset_combo.addItem(spec.dataset, spec.dataset)
            index = self.dataset_combo.count() - 1
        self.dataset_combo.setCurrentIndex(index)
        self.hidden_edit.setText(hidden_text(spec.hidden))
        self.activation_combo.setCurrentIndex(self.activation_combo.findData(spec.activation))
        self.model_combo.setCurrentIndex(self.model_combo.findData(spec.model))
        self.fraction_spin.setValue(float(spec.test_fraction))
        self.samples_spin.setValue(int(spec.samples))
        self.seed_spin.setValue(min(int(spec.data_seed), SEED_MAX))
        del blockers
        self._enable_for(spec.dataset)

    def show_directions(self, kind: str) -> None:
        with QSignalBlocker(self.plane_combo):
            self.plane_combo.setCurrentIndex(max(self.plane_combo.findData(kind), 0))

    def _enable_for(self, dataset: str) -> None:
        """The CNN reads 8x8 images; the digits have their own count of points."""
        digits = dataset == "digits"
        cnn = self.model_combo.model().item(self.model_combo.findData("cnn"))  # type: ignore[attr-defined]
        cnn.setEnabled(digits)
        cnn.setToolTip("" if digits else tr("The CNN reads 8x8 images: choose the digits first."))
        self.samples_spin.setEnabled(not digits)

    # ------------------------------------------------------------------ reading
    def spec(self) -> NetworkSpec:
        """Every field as shown, as a NetworkSpec; raises ConfigError("hidden") if the hidden
        layers do not parse (the other values are checked by the engine)."""
        changes: dict[str, object] = {}
        for name in ("dataset", "hidden", "activation", "model", "test_fraction"):
            changes.update(self.changes(name))
        changes.update(self.changes("samples"))
        changes.update(self.changes("data_seed"))
        return replace(self._spec, **changes)  # type: ignore[arg-type]

    def changes(self, field: str) -> dict[str, object]:
        """The NetworkSpec fields one edited field sets, as shown (the hidden layers parsed:
        ConfigError if they do not)."""
        if field == "hidden":
            return {"hidden": parse_hidden(self.hidden_edit.text())}
        if field == "dataset":
            dataset = self.dataset_combo.currentData()
            changes: dict[str, object] = {"dataset": dataset}
            if dataset != self._spec.dataset:
                changes["table"] = None
            if dataset != "digits" and self.model_combo.currentData() == "cnn":
                changes["model"] = "mlp"  # the CNN is offered for the digits only
            return changes
        if field in ("activation", "model"):
            combo = self.activation_combo if field == "activation" else self.model_combo
            return {field: combo.currentData()}
        if field == "test_fraction":
            return {field: float(self.fraction_spin.value())}
        if field == "samples":
            return {field: int(self.samples_spin.value())}
        if field == "data_seed":
            return {field: int(self.seed_spin.value())}
        raise KeyError(field)

    def frames(self) -> dict[str, ErrorFrame]:
        """The red-framed fields by id, for the panel's refusals."""
        return {
            "net:dataset": self.dataset_frame,
            "net:hidden": self.hidden_frame,
            "net:activation": self.activation_frame,
            "net:model": self.model_frame,
            "net:test_fraction": self.fraction_frame,
            "net:samples": self.samples_frame,
            "net:data_seed": self.seed_frame,
        }

    def _on_dataset(self, _index: int) -> None:
        self._enable_for(self.dataset_combo.currentData())
        self.edited.emit("dataset")

    def _on_hidden(self) -> None:
        if self.hidden_edit.text() != hidden_text(self._spec.hidden) or self.hidden_frame.error():
            self.edited.emit("hidden")
