"""The controls panel of the main window: problem, optimizer, schedule and run settings.

Every widget is built from the engine's catalogues. Every edit is checked with
:func:`optiviz.engine.runs.config.validate` before anything is emitted: a refused value stays in its
field with a red border and the reason, and :meth:`ControlsPanel.config` keeps the last valid
settings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from optiviz.app.controls.batch_controls import BatchControls, batch_field_id
from optiviz.app.controls.field_editors import tooltip_for
from optiviz.app.controls.field_errors import ErrorFrame, ErrorLabel
from optiviz.app.controls.hyper_form import HyperForm, field_label
from optiviz.app.controls.lr_control import LrControl
from optiviz.app.controls.network_controls import NetworkControls, network_field_id
from optiviz.app.controls.optimizer_combo import OptimizerCombo
from optiviz.app.controls.suggestions import optimizer_fixes, suggested_args
from optiviz.app.model.normalise import (
    fit_to_problem,
    non_default,
    normalised,
    training_points,
)
from optiviz.app.model.normalise import sched_specs as _sched_specs
from optiviz.app.model.runs import needs_reset
from optiviz.app.names import name_widget
from optiviz.engine.catalogue.optimizers import optimizer_info
from optiviz.engine.catalogue.schedulers import scheduler_catalogue, scheduler_info
from optiviz.engine.errors import ConfigError
from optiviz.engine.fields import form_id
from optiviz.engine.networks.spec import NETWORK_PROBLEM, NetworkSpec
from optiviz.engine.problems.library import PROBLEM_NAMES, Problem, make_problem
from optiviz.engine.runs.config import MAX_EPOCHS, RunConfig, build_problem, validate
from optiviz.plots.engine_words import engine_words
from optiviz.plots.i18n import QT_TR_NOOP, fill, tr

#: Epochs per second offered for playback; None runs as fast as possible.
SPEEDS: tuple[float | None, ...] = (None, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)
NO_SCHEDULER = QT_TR_NOOP("none")
#: Wide enough for every form, narrow enough for a side dock at 1280x720.
PREFERRED_WIDTH = 320
MUTED_STYLE = "color: #8a919c; font-size: 8.5pt;"


def _muted_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(MUTED_STYLE)
    return label


def _combo() -> QComboBox:
    """A combo box sized by a dozen characters, not by its longest item."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setVerticalSpacing(4)
    return form


class ControlsPanel(QWidget):
    """Problem, optimizer (lr and hyperparameters), scheduler, epochs, speed and start."""

    resetRequested = Signal(object)  # a validated RunConfig: the window starts a new run
    hyperChanged = Signal(str, object)  # (key, value): lr or a hyperparameter, from next epoch
    epochsChanged = Signal(int)
    speedChanged = Signal(object)  # epochs per second, or None for as fast as possible
    configShown = Signal(object)  # set_config showed these settings (nothing was requested)
    configEdited = Signal(object)  # the user's valid edit, as a whole RunConfig (for the model)
    directionsChanged = Signal(str)  # a network landscape's plane: "pca" or "random"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = normalised(validate(RunConfig()))
        self._problems: dict[str, Problem] = {name: make_problem(name) for name in PROBLEM_NAMES}
        self.hyper_form: HyperForm | None = None
        self.sched_form: HyperForm | None = None

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(6, 6, 6, 6)
        column.setSpacing(8)
        column.addWidget(self._problem_group())
        self.network_group = NetworkControls()
        self.network_group.edited.connect(self._on_network)
        self.network_group.directionsChanged.connect(self.directionsChanged)
        column.addWidget(self.network_group)
        column.addWidget(self._optimizer_group())
        column.addWidget(self._schedule_group())
        self.batches = BatchControls()
        self.batches.edited.connect(lambda fid, changes: self._edit(fid, _changed(changes)))
        column.addWidget(self.batches)
        column.addWidget(self._run_group())
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.setMinimumWidth(300)
        self._fill()

    # ---------------------------------------------------------------- building the groups
    def _problem_group(self) -> QGroupBox:
        box = QGroupBox(tr("Problem"))
        form = _form()
        self.problem_combo = _combo()
        name_widget(self.problem_combo, "problem", tr("Problem"), control=True)
        for name, problem in self._problems.items():
            self.problem_combo.addItem(name, name)
            tip = f"{engine_words(problem.title)}\nf = {engine_words(problem.formula)}"
            self.problem_combo.setItemData(self.problem_combo.count() - 1, tip, Qt.ToolTipRole)
        self.problem_combo.addItem(NETWORK_PROBLEM, NETWORK_PROBLEM)
        self.problem_combo.setItemData(
            self.problem_combo.count() - 1,
            tr("a small neural network: its loss on a plane through its weights"),
            Qt.ToolTipRole,
        )
        self.problem_frame = ErrorFrame(self.problem_combo)
        self.problem_note = _muted_label()
        form.addRow(field_label(tr("problem")), self.problem_frame)
        form.addRow(self.problem_note)
        self.start_spins = (self._start_spin(), self._start_spin())
        self.start_labels = (QLabel(tr("w")), QLabel(tr("b")))
        for i, spin in enumerate(self.start_spins):
            name_widget(spin, f"start.{i}", fill(tr("Start of parameter %1"), i + 1), control=True)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for label, spin in zip(self.start_labels, self.start_spins, strict=True):
            line.addWidget(label)
            line.addWidget(spin, 1)
        self.start_form = form
        self.start_frame = ErrorFrame(row)
        self.start_frame.set_tooltip(
            tr("Where the parameters start. Drag the start marker on the loss surface, or type.")
        )
        form.addRow(field_label(tr("start")), self.start_frame)
        self.problem_errors = ErrorLabel()
        form.addRow(self.problem_errors)
        box.setLayout(form)
        self.problem_combo.currentIndexChanged.connect(self._on_problem)
        for spin in self.start_spins:
            spin.valueChanged.connect(self._on_start)
        return box

    def _start_spin(self) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-1e6, 1e6)
        spin.setDecimals(4)
        spin.setSingleStep(0.1)
        spin.setKeyboardTracking(False)
        spin.setMinimumWidth(70)
        return spin

    def _optimizer_group(self) -> QGroupBox:
        box = QGroupBox(tr("Optimizer"))
        column = QVBoxLayout(box)
        column.setSpacing(4)
        form = _form()
        self.optimizer_combo = OptimizerCombo()
        name_widget(self.optimizer_combo, "optimizer", tr("Optimizer"), control=True)
        self.optimizer_frame = ErrorFrame(self.optimizer_combo)
        form.addRow(field_label(tr("optimizer")), self.optimizer_frame)
        self.optimizer_note = _muted_label()
        form.addRow(self.optimizer_note)
        self.lr = LrControl()
        self.lr_frame = ErrorFrame(self.lr)
        form.addRow(field_label("lr"), self.lr_frame)
        column.addLayout(form)
        self.optimizer_errors = ErrorLabel()
        column.addWidget(self.optimizer_errors)
        self._hyper_holder = QVBoxLayout()
        self._hyper_holder.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._hyper_holder)
        self.defaults_button = QPushButton(tr("Defaults"))
        name_widget(self.defaults_button, "defaults", tr("Default hyperparameters"))
        self.defaults_button.setToolTip(
            tr("Restore torch's default hyperparameters of this optimizer (the lr is kept).")
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.defaults_button)
        column.addLayout(buttons)
        self.optimizer_combo.currentIndexChanged.connect(self._on_optimizer)
        self.lr.valueChanged.connect(self._on_lr)
        self.defaults_button.clicked.connect(self._on_defaults)
        return box

    def _schedule_group(self) -> QGroupBox:
        box = QGroupBox(tr("Schedule"))
        column = QVBoxLayout(box)
        column.setSpacing(4)
        form = _form()
        self.scheduler_combo = _combo()
        name_widget(self.scheduler_combo, "scheduler", tr("Learning-rate scheduler"), control=True)
        self.scheduler_combo.addItem(tr(NO_SCHEDULER), None)
        no_scheduler_tip = tr("No scheduler: the lr stays as set.")
        self.scheduler_combo.setItemData(0, no_scheduler_tip, Qt.ToolTipRole)
        for index, (name, info) in enumerate(scheduler_catalogue().items(), start=1):
            self.scheduler_combo.addItem(name, name)
            tip = f"torch.optim.lr_scheduler.{name}: {info.doc}"
            self.scheduler_combo.setItemData(index, tip, Qt.ToolTipRole)
        self.scheduler_frame = ErrorFrame(self.scheduler_combo)
        form.addRow(field_label(tr("scheduler")), self.scheduler_frame)
        column.addLayout(form)
        self.schedule_errors = ErrorLabel()
        column.addWidget(self.schedule_errors)
        self._sched_holder = QVBoxLayout()
        self._sched_holder.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._sched_holder)
        self.scheduler_combo.currentIndexChanged.connect(self._on_scheduler)
        return box

    def _run_group(self) -> QGroupBox:
        box = QGroupBox(tr("Run"))
        form = _form()
        self.epochs_spin = QSpinBox()
        name_widget(self.epochs_spin, "epochs", tr("Epochs"), control=True)
        self.epochs_spin.setRange(1, MAX_EPOCHS)
        self.epochs_spin.setKeyboardTracking(False)
        self.epochs_spin.setSingleStep(100)
        self.epochs_spin.setGroupSeparatorShown(True)
        self.epochs_frame = ErrorFrame(self.epochs_spin)
        self.epochs_frame.set_tooltip(
            fill(
                tr(
                    "How many epochs (optimizer steps) the run takes: 1 to %1. "
                    "Changing it continues the run."
                ),
                f"{MAX_EPOCHS:,}",
            )
        )
        form.addRow(field_label(tr("epochs")), self.epochs_frame)
        self.speed_combo = _combo()
        name_widget(self.speed_combo, "speed", tr("Playback speed"), control=True)
        for speed in SPEEDS:
            text = fill(tr("%1 epochs/s"), f"{speed:g}") if speed else tr("as fast as possible")
            self.speed_combo.addItem(text, speed)
        self.speed_combo.setToolTip(
            tr(
                "Playback speed in epochs per second; 'as fast as possible' shows every "
                "frame the screen can draw while the run computes at full speed."
            )
        )
        form.addRow(field_label(tr("speed")), self.speed_combo)
        self.run_errors = ErrorLabel()
        form.addRow(self.run_errors)
        box.setLayout(form)
        self.epochs_spin.valueChanged.connect(self._on_epochs)
        self.speed_combo.currentIndexChanged.connect(
            lambda _index: self.speedChanged.emit(self.speed())
        )
        return box

    def sizeHint(self) -> QSize:
        return QSize(PREFERRED_WIDTH, 700)

    # ---------------------------------------------------------------- public API
    def set_config(self, config: RunConfig) -> None:
        """Show ``config`` in every widget without emitting; raises ConfigError if invalid."""
        self._config = normalised(validate(config))
        self._fill()
        self.configShown.emit(self._config.copy())

    def show_speed(self, speed: float | None) -> None:
        """Show ``speed`` (epochs per second, None: as fast as possible) without emitting."""
        combo = self.speed_combo
        index = 0 if speed is None else combo.findData(float(speed))
        if index < 0:
            combo.addItem(fill(tr("%1 epochs/s"), f"{float(speed):g}"), float(speed))  # type: ignore[arg-type]
            index = combo.count() - 1
        with QSignalBlocker(combo):
            combo.setCurrentIndex(index)

    def show_refusal(self, error: ConfigError) -> None:
        """Mark the field ``error`` names, with its reason (the settings shown are kept)."""
        self._show_error(error)

    def config(self) -> RunConfig:
        """The last valid settings (refused edits are not in it)."""
        return self._config.copy()

    def set_start(self, w: float, b: float) -> None:
        """Move the start (dragged on the surface) and request a new run from it."""
        start = (float(w), float(b))
        with QSignalBlocker(self.start_spins[0]), QSignalBlocker(self.start_spins[1]):
            self.start_spins[0].setValue(start[0])
            self.start_spins[1].setValue(start[1])
        self._edit("start", lambda c: c.copy(start=start))

    def speed(self) -> float | None:
        return self.speed_combo.currentData()

    def field_errors(self) -> dict[str, str]:
        """Every field now shown as refused, by field id (``lr``, ``param:betas``...)."""
        found = {fid: f.error() for fid, f in self._frames().items() if f.error()}
        for prefix, form in (("param:", self.hyper_form), ("sched:", self.sched_form)):
            if form is not None:
                found.update({prefix + k: m for k, m in form.errors().items()})
        return found

    # ---------------------------------------------------------------- filling
    def _fill(self) -> None:
        config = self._config
        with QSignalBlocker(self.problem_combo):
            index = self.problem_combo.findData(config.problem)
            if index < 0:  # a typed expression, or a problem from a scenario file
                self.problem_combo.addItem(config.problem, config.problem)
                index = self.problem_combo.count() - 1
            self.problem_combo.setCurrentIndex(index)
        problem = build_problem(config)  # an expression's is costly: build it once
        self._show_problem(problem)
        self.batches.show_config(config, problem, training_points(config, problem))
        self._show_network(config)
        with QSignalBlocker(self.optimizer_combo):
            self.optimizer_combo.setCurrentIndex(self.optimizer_combo.ensure(config.optimizer))
        self._build_hyper_form(config.optimizer)
        self.hyper_form.set_values(config.hyper)
        self.lr.set_value(config.lr)
        with QSignalBlocker(self.scheduler_combo):
            self.scheduler_combo.setCurrentIndex(self.scheduler_combo.findData(config.scheduler))
        self._build_sched_form(config.scheduler)
        if self.sched_form is not None:
            self.sched_form.set_values(config.sched)
        with QSignalBlocker(self.epochs_spin):
            self.epochs_spin.setValue(config.epochs)
        self._clear_errors()

    def _show_problem(self, problem: Problem) -> None:
        self.problem_note.setText(engine_words(problem.title))
        formula = engine_words(problem.formula)
        self.problem_note.setToolTip(f"f = {formula}")
        self.problem_frame.set_tooltip(
            fill(tr("The loss to minimise.\n%1\nf = %2"), engine_words(problem.title), formula)
        )
        for label, name in zip(self.start_labels, problem.param_names, strict=True):
            label.setText(name)
        for spin, value in zip(self.start_spins, problem.start, strict=True):
            with QSignalBlocker(spin):
                spin.setValue(value)

    def _show_network(self, config: RunConfig) -> None:
        """The Network group for a network; the start (its initialisation) hidden then."""
        network = config.problem == NETWORK_PROBLEM
        self.network_group.setVisible(network)
        if network:
            self.network_group.show_spec(config.network)
        self.start_form.setRowVisible(self.start_frame, not network)

    def _build_hyper_form(self, name: str) -> None:
        info = optimizer_info(name)
        specs = tuple(spec for spec in info.hyperparams if spec.name != "lr")
        self.hyper_form = self._replace_form(
            self._hyper_holder, self.hyper_form, HyperForm(specs, info.qualified)
        )
        self.hyper_form.edited.connect(self._on_hyper)
        self.hyper_form.name_fields("param", "Optimizer")
        tip = f"{info.qualified}: {info.doc}"
        self.optimizer_note.setText(info.layout_note())
        self.optimizer_note.setVisible(bool(info.layout_note()))
        self.optimizer_frame.set_tooltip(
            tip + (f"\n{info.layout_note()}" if info.layout_note() else "")
        )
        self.lr_frame.set_tooltip(
            tooltip_for(info.spec("lr"), info.qualified)
            + tr("\nThe slider spans 1e-6 to 10 on a log scale; type any other value in the box.")
            + tr("\nApplies from the next epoch, without restarting.")
        )

    def _build_sched_form(self, name: str | None) -> None:
        form = HyperForm(_sched_specs(name), f"torch.optim.lr_scheduler.{name}") if name else None
        self.sched_form = self._replace_form(self._sched_holder, self.sched_form, form)
        if self.sched_form is not None:
            self.sched_form.edited.connect(self._on_sched)
            self.sched_form.name_fields("sched", "Scheduler")
        tip = self.scheduler_combo.currentData(Qt.ToolTipRole) or ""
        self.scheduler_frame.set_tooltip(
            tip + tr("\nChanging the scheduler or its arguments starts a new run.")
        )

    @staticmethod
    def _replace_form(holder: QVBoxLayout, old: HyperForm | None, new: HyperForm | None):
        if old is not None:
            holder.removeWidget(old)
            old.hide()
            old.deleteLater()
        if new is not None:
            holder.addWidget(new)
        return new

    # ---------------------------------------------------------------- what the widgets show
    def _hyper_values(self) -> dict[str, Any]:
        if self.hyper_form is None:
            return {}
        return non_default(self.hyper_form.specs, self.hyper_form.values())

    def _sched_values(self) -> dict[str, Any]:
        if self.sched_form is None:
            return {}
        return non_default(self.sched_form.specs, self.sched_form.values(), keep_required=True)

    def _widget_config(self) -> RunConfig:
        """Every field as shown, refused values included (a network's hidden layers that do
        not parse raise ConfigError)."""
        network = self._config.network
        if self.problem_combo.currentData() == NETWORK_PROBLEM and network is not None:
            network = self.network_group.spec()
        return self._config.copy(
            network=network,
            problem=self.problem_combo.currentData(),
            optimizer=self.optimizer_combo.currentData(),
            lr=self.lr.value(),
            hyper=self._hyper_values(),
            scheduler=self.scheduler_combo.currentData(),
            sched=self._sched_values(),
            epochs=self.epochs_spin.value(),
            **self.batches.values(),
        )

    # ---------------------------------------------------------------- edits
    def _on_problem(self, _index: int) -> None:
        name = self.problem_combo.currentData()

        def apply(config: RunConfig) -> RunConfig:
            if name == NETWORK_PROBLEM:  # its own data, and torch's initialisation
                changed = config.copy(
                    problem=name,
                    start=None,
                    dataset=None,
                    expression=None,
                    grad_noise=0.0,
                    network=config.network or NetworkSpec(),
                )
            else:
                changed = config.copy(problem=name, start=None, network=None)
            return fit_to_problem(changed)

        if self._edit("problem", apply):
            problem = build_problem(self._config)
            self._show_problem(problem)
            self.batches.show_config(self._config, problem, training_points(self._config, problem))
            self._show_network(self._config)

    def _on_network(self, field: str) -> None:
        """A field of the Network group: the network or its data change, the runs restart."""
        group = self.network_group

        def apply(config: RunConfig) -> RunConfig:
            spec = config.network or NetworkSpec()
            return fit_to_problem(config.copy(network=replace(spec, **group.changes(field))))

        if self._edit(f"net:{field}", apply):
            problem = build_problem(self._config)
            self._show_problem(problem)  # its title names the architecture and the data
            self.batches.show_config(self._config, problem, training_points(self._config, problem))

    def _on_start(self, _value: float) -> None:
        start = (self.start_spins[0].value(), self.start_spins[1].value())
        self._edit("start", lambda c: c.copy(start=start))

    def _on_optimizer(self, _index: int) -> None:
        name = self.optimizer_combo.currentData()
        if name is None:  # a group's separator
            return
        self._build_hyper_form(name)
        fixes: dict[str, Any] = {}
        if self.sched_form is not None:
            sched_name = self.scheduler_combo.currentData()
            fixes = optimizer_fixes(scheduler_info(sched_name), optimizer_info(name))
            self.sched_form.set_values({**self.sched_form.values(), **fixes})
        self._edit(
            "optimizer", lambda c: c.copy(optimizer=name, hyper={}, sched={**c.sched, **fixes})
        )

    def _on_lr(self, lr: float) -> None:
        self._edit("lr", lambda c: c.copy(lr=float(lr)))

    def _on_hyper(self, key: str) -> None:
        form = self.hyper_form
        value = form.editor(key).value()
        self._edit(
            f"param:{key}", lambda c: c.copy(hyper=non_default(form.specs, {**c.hyper, key: value}))
        )

    def _on_defaults(self) -> None:
        self.hyper_form.set_values({})
        self._edit("optimizer", lambda c: c.copy(hyper={}))

    def _on_scheduler(self, _index: int) -> None:
        name = self.scheduler_combo.currentData()
        self._build_sched_form(name)
        if self.sched_form is not None:
            info = scheduler_info(name)
            optimizer = optimizer_info(self.optimizer_combo.currentData())
            self.sched_form.set_values(
                suggested_args(info, self.epochs_spin.value(), self.lr.value(), optimizer)
            )
        self._edit("scheduler", lambda c: c.copy(scheduler=name, sched=self._sched_values()))

    def _on_sched(self, key: str) -> None:
        form = self.sched_form
        value = form.editor(key).value()
        self._edit(
            f"sched:{key}",
            lambda c: c.copy(sched=non_default(form.specs, {**c.sched, key: value}, True)),
        )

    def _on_epochs(self, epochs: int) -> None:
        self._edit("epochs", lambda c: c.copy(epochs=int(epochs)))

    def _edit(self, field: str, apply: Callable[[RunConfig], RunConfig]) -> bool:
        """Check an edit; keep and announce it if valid, else show why. True if kept.

        The edit is tried with every field as shown first, so that fixing one field also
        accepts another that was waiting on it (nesterov, then momentum). If that fails, the
        edit alone is tried on the last valid settings.
        """
        try:
            checked = validate(apply(self._widget_config()))
        except ConfigError as pending:
            try:
                checked = validate(apply(self._config))
            except ConfigError as error:
                self._show_error(error, edited=field)
                return False
            self._show_error(pending)
        else:
            self._clear_errors()
        self._commit(checked)
        return True

    def _commit(self, config: RunConfig) -> None:
        """Keep a valid edit; say what it is (a new run, or changes from the next epoch)."""
        old, new = self._config, normalised(config)
        self._config = new
        self.configEdited.emit(new.copy())
        if needs_reset(old, new):
            self.resetRequested.emit(new.copy())
        else:
            if old.lr != new.lr:
                self.hyperChanged.emit("lr", new.lr)
            for spec in optimizer_info(new.optimizer).hyperparams:
                before = old.hyper.get(spec.name, spec.default)
                after = new.hyper.get(spec.name, spec.default)
                if before != after:
                    self.hyperChanged.emit(spec.name, after)
        if old.epochs != new.epochs:
            self.epochsChanged.emit(new.epochs)

    # ---------------------------------------------------------------- errors
    def _frames(self) -> dict[str, ErrorFrame]:
        return {
            "problem": self.problem_frame,
            "start": self.start_frame,
            "optimizer": self.optimizer_frame,
            "lr": self.lr_frame,
            "scheduler": self.scheduler_frame,
            "epochs": self.epochs_frame,
            **self.batches.frames(),
            **self.network_group.frames(),
        }

    def _labels(self) -> dict[str, ErrorLabel]:
        return {
            "problem": self.problem_errors,
            "start": self.problem_errors,
            "optimizer": self.optimizer_errors,
            "lr": self.optimizer_errors,
            "scheduler": self.schedule_errors,
            "epochs": self.run_errors,
            **dict.fromkeys(self.batches.frames(), self.batches.errors),
            **dict.fromkeys(self.network_group.frames(), self.network_group.errors),
        }

    def _field_id(self, error: ConfigError) -> str:
        network = self.problem_combo.currentData() == NETWORK_PROBLEM
        return (
            batch_field_id(error.field)
            or (network_field_id(error.field) if network else None)
            or form_id(error.field)
        )

    def _show_error(self, error: ConfigError, edited: str | None = None) -> None:
        self._clear_errors()
        blamed = self._set_error(self._field_id(error), error.message, label=True)
        if edited is not None and edited != blamed:
            self._set_error(edited, error.message, label=False)

    def _set_error(self, fid: str, message: str, label: bool) -> str:
        """Mark field ``fid`` red; return the id actually marked."""
        prefix, _, key = fid.partition(":")
        form = {"param": self.hyper_form, "sched": self.sched_form}.get(prefix)
        if form is not None and key in form.editors:
            if label:
                form.set_error(key, message)
            else:
                form.editor(key).set_error(message)
            return fid
        if prefix in ("param", "sched"):
            fid = "optimizer" if prefix == "param" else "scheduler"
        self._frames()[fid].set_error(message)
        if label:
            self._labels()[fid].set_message(fid, message)
        return fid

    def _clear_errors(self) -> None:
        for frame in self._frames().values():
            frame.set_error(None)
        for label in set(self._labels().values()):
            label.clear_messages()
        for form in (self.hyper_form, self.sched_form):
            if form is not None:
                form.clear_errors()


def _changed(changes: dict[str, Any]) -> Callable[[RunConfig], RunConfig]:
    """An edit that sets ``changes`` on a config."""
    return lambda config: config.copy(**changes)
