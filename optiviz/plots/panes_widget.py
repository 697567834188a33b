"""The four panes in one widget: what the window shows and what the recorder films.

Plot items are created once per session in :meth:`PanesWidget.set_session`; :meth:`refresh`
only feeds new data to them, and only for runs whose history moved since the last call, so a
timer can call it freely. Layout: the surface on the left, the loss on the right, the fit below
it; with a scheduler the surface shares its column with the fit and the learning rate takes
the bottom right, under the loss, with the same epoch axis.

One pane can be shown alone, filling the widget (:meth:`PanesWidget.maximise`): a double-click
on a pane maximises it and restores the grid again, except where the pane's view takes
double-clicks itself (adding a point to the data). The panes draw at a scale
(:meth:`PanesWidget.set_scale`) for presenter mode: fonts, lines and markers grow together.

A network session shows its data in a :class:`NetworkPane` in the fit pane's place ("fit" in
a view's pane names), fed from the chosen run's latest predictions (:class:`NetworkFeed`).

The learning-rate pane and the network's data pane are made the first time they are needed
(a scheduler, a network session): most sessions show neither, and each pane takes tens of
milliseconds to make at start-up. :attr:`PanesWidget.panes` holds the panes made so far;
:meth:`PanesWidget.on_each_pane` reaches those made later too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPalette
from PySide6.QtWidgets import QGridLayout, QWidget

from optiviz.engine.networks.spec import NETWORK_PROBLEM
from optiviz.engine.worker.session_state import RunState, SessionState
from optiviz.plots.base import Pane
from optiviz.plots.fit_pane import FitPane
from optiviz.plots.loss_pane import LossPane
from optiviz.plots.lr_pane import LrPane
from optiviz.plots.network_feed import NetworkFeed
from optiviz.plots.network_pane import NetworkPane
from optiviz.plots.scaling import rescale_items, rescale_pane
from optiviz.plots.surface_pane import SurfacePane
from optiviz.plots.theme import get_theme


def run_key(run: RunState) -> tuple:
    """What changes when a run's drawing must change (appends, truncation, status, label)."""
    history = run.history
    n = len(history)
    last = float(history.loss[-1]) if n else None
    # a network run's metrics and data pane may arrive after its rows
    network = (id(run.metrics), id(run.data_view))
    return (id(history), n, last, run.status, run.visible, run.label, *network)


#: The panes a scenario's ``[view] panes`` may name (``state``: the fit pane's place on a
#: problem without data, where it shows the parameters and the distance to the minimum).
PANE_NAMES = ("surface", "loss", "fit", "lr")


class PanesWidget(QWidget):
    """Loss, fit, surface and learning-rate panes for one :class:`SessionState`."""

    startMoved = Signal(float, float)
    maximisedChanged = Signal(object)  # the pane now shown alone, or None

    def __init__(self, parent=None, theme: str = "dark") -> None:
        super().__init__(parent)
        self.theme = get_theme(theme)
        #: The pane shown alone in the whole widget, or None: the grid.
        self.maximised: Pane | None = None
        self.loss_pane = LossPane(self.theme)
        self.fit_pane = FitPane(self.theme)
        self.surface_pane = SurfacePane(self.theme)
        self._lr_pane: LrPane | None = None
        self._network_pane: NetworkPane | None = None
        self._network_feed: NetworkFeed | None = None
        self._data_run = 0  # the run a network session's data pane shows
        self._made: list[Pane] = [self.loss_pane, self.fit_pane, self.surface_pane]
        self._pane_hooks: list[Callable[[Pane], None]] = []
        self._network = False
        self._landscape: object = None
        self.surface_pane.startMoved.connect(self.startMoved)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(2, 2, 2, 2)
        self._grid.setSpacing(2)
        self._lr_shown: bool | None = None
        self._wanted = frozenset(PANE_NAMES)
        self._layout(show_lr=False)
        self.session: SessionState | None = None
        self._keys: dict[int, tuple] = {}
        self._epoch: int | None = None
        self._paint_background()
        for pane in self.panes:
            self._adopt(pane)

    @property
    def panes(self) -> tuple:
        """The panes made so far (the lr and network panes wait until they are needed)."""
        return tuple(self._made)

    def on_each_pane(self, hook: Callable[[Pane], None]) -> None:
        """Call ``hook`` with each pane made so far, and with each one made later."""
        self._pane_hooks.append(hook)
        for pane in self._made:
            hook(pane)

    @property
    def lr_pane(self) -> LrPane:
        """The learning-rate pane, made on first use."""
        if self._lr_pane is None:
            pane = LrPane(self.theme.scaled(1.0))
            pane.plot_item.setXLink(self.loss_pane.plot_item)
            self._lr_pane = pane
            self._add_pane(pane)
        return self._lr_pane

    @property
    def network_pane(self) -> NetworkPane:
        """A network session's data pane, made on first use."""
        if self._network_pane is None:
            pane = NetworkPane(self.theme.scaled(1.0))
            self._network_pane = pane
            self._add_pane(pane)
        return self._network_pane

    @property
    def network_feed(self) -> NetworkFeed:
        if self._network_feed is None:
            self._network_feed = NetworkFeed(self.network_pane)
            self._network_feed.selected = self._data_run
        return self._network_feed

    def _add_pane(self, pane: Pane) -> None:
        """Take in a pane made after the others: owned while out of the grid (so deleted with
        the panes), hidden until laid out, at the panes' scale, on the session."""
        pane.setParent(self)
        pane.hide()
        if self.theme.scale != 1.0:  # made at the desk's scale, then scaled as set_scale does
            pane.apply_theme(self.theme)
            rescale_pane(pane, self.theme.scale)
            pane.refit_legend()
        self._made.append(pane)
        self._adopt(pane)
        if self.session is not None and pane is not self._network_pane:
            pane.build(self.session)  # the network pane is fed by its feed
        for hook in self._pane_hooks:
            hook(pane)

    def _adopt(self, pane: Pane) -> None:
        # Their own font, so a larger application font (presenter mode) does not reach
        # the plots; they grow by their scale alone.
        font = QFont(pane.scene().font())
        font.setPointSizeF(font.pointSizeF())  # set, not inherited: it stays put
        pane.scene().setFont(font)
        pane.viewport().installEventFilter(self)

    @property
    def data_pane(self) -> Pane:
        """The pane in the "fit" place: the fit pane, or a network session's data pane."""
        return self.network_pane if self._network else self.fit_pane

    def set_data_run(self, index: int) -> None:
        """Show run ``index``'s predictions in a network session's data pane (if visible)."""
        self._data_run = int(index)
        if self._network_feed is not None:
            self._network_feed.selected = self._data_run
        if self._network and self.session is not None:
            self.network_feed.refresh(self.session)

    # -- the contract --------------------------------------------------------------------------
    def set_session(self, state: SessionState) -> None:
        """(Re)build every plot item for this problem and these runs, then draw them."""
        self.session = state
        for pane in (self.loss_pane, self.fit_pane, self.surface_pane, self._lr_pane):
            if pane is not None:  # an lr pane not made yet is built when it is made
                pane.build(state)
                pane.backdrop_changed()
        self._network = state.problem.name == NETWORK_PROBLEM and bool(state.runs)
        self._landscape = state.landscape
        if self._network:
            self.network_feed.build(state)
        self._layout(show_lr=state.has_scheduler, force=True)
        has_data = state.problem.dataset is not None
        self.fit_pane.plot_item.setXLink(None if has_data else self.loss_pane.plot_item)
        self._layout(show_lr=state.has_scheduler)
        self._keys = {}
        self._epoch = None
        self._draw(state, None, force=True)
        self._rescale()
        # Lay the plots out now (axis labels, a pane that moved), so a frame grabbed right
        # away is already right; Qt would otherwise do it on the next turn of the event loop.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def refresh(self, epoch: int | None = None) -> None:
        """Feed what changed since the last call; ``epoch`` draws that (scrubbed) epoch."""
        if self.session is not None:
            self._draw(self.session, epoch, force=False)

    def set_theme(self, theme: str) -> None:
        self.theme = get_theme(theme).scaled(self.theme.scale)
        for pane in self.panes:
            pane.apply_theme(self.theme)
        self._rescale()
        self._paint_background()

    @property
    def scale(self) -> float:
        return self.theme.scale

    def set_scale(self, factor: float) -> None:
        """Draw fonts, lines and markers ``factor`` times their size (1: the desk's)."""
        if factor == self.theme.scale:
            return
        self.theme = self.theme.scaled(factor)
        for pane in self.panes:
            pane.apply_theme(self.theme)
        self._rescale()
        for pane in self.panes:
            pane.refit_legend()

    def _rescale(self) -> None:
        for pane in self.panes:
            rescale_pane(pane, self.theme.scale)
            if pane.isVisible():
                pane.plot_item.layout.activate()
                pane.resizeEvent(None)  # the plot back to the pane's size once its axes shrank

    # -- one pane alone ------------------------------------------------------------------------
    def maximise(self, pane: Pane | None) -> None:
        """Show ``pane`` alone in the whole widget; None shows the grid again."""
        if pane is not None and pane not in self.panes:
            raise ValueError("not one of these panes")
        if pane is self.maximised:
            return
        self.maximised = pane
        has_scheduler = self.session.has_scheduler if self.session is not None else False
        self._layout(show_lr=has_scheduler, force=True)
        if self.session is not None:
            self._draw(self.session, self._epoch, force=True)
        self.maximisedChanged.emit(pane)

    def toggle_maximised(self, pane: Pane) -> None:
        self.maximise(None if self.maximised is pane else pane)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick:
            pane = next((p for p in self.panes if p.viewport() is watched), None)
            if pane is not None and isinstance(event, QMouseEvent):
                if not self._claims_double_click(pane, pane.mapToScene(event.position().toPoint())):
                    self.toggle_maximised(pane)
        return False  # the pane still sees the click (the surface ignores a double one)

    def _claims_double_click(self, pane: Pane, scene_pos: QPointF) -> bool:
        """Whether ``pane``'s view takes a double-click itself: the data pane adds a point."""
        if pane is not self.fit_pane or self._network or not self.fit_pane.has_data:
            return False
        return self.fit_pane.plot_item.getViewBox().sceneBoundingRect().contains(scene_pos)

    def needed_width(self) -> int:
        """The width the shown panes need side by side (titles, axes, colour bar whole). The
        two columns share the width equally, so it is twice the wider column's need."""
        margins = self._grid.contentsMargins()
        extra = margins.left() + margins.right() + self._grid.spacing()
        shown = [pane for pane in self.panes if not pane.isHidden()]
        return extra + 2 * max(p.needed_width() for p in shown)

    # -- inside --------------------------------------------------------------------------------
    def _draw(self, session: SessionState, epoch: int | None, force: bool) -> None:
        """Feed ``session`` (always :attr:`session`, passed in once known to be set)."""
        keys = {run.id: run_key(run) for run in session.runs}
        if session.landscape is not self._landscape:  # a new plane: every path moved on it
            self._landscape = session.landscape
            force = True
        changed = {i for i, key in keys.items() if force or self._keys.get(i) != key}
        epoch_changed = force or epoch != self._epoch
        lr_changed = changed
        if session.has_scheduler != self._lr_shown:  # a run's config changed in place
            self._layout(show_lr=session.has_scheduler)
            lr_changed, epoch_changed = set(keys), True
        if not changed and not epoch_changed:
            return
        self._keys = keys
        self._epoch = epoch
        for pane in (self.loss_pane, self.fit_pane, self.surface_pane):
            pane.update_data(session, epoch, changed, epoch_changed)
        if self._network:
            self.network_feed.refresh(session)
        if self._lr_shown:  # a hidden pane is fed when it is shown
            self.lr_pane.update_data(session, epoch, lr_changed, epoch_changed)
        if changed and self.theme.scale != 1.0:
            # a mini-batch run's curves get their pens with their first rows: only the curves
            # are looked at each frame (the whole scene takes about 1 ms a pane)
            for pane in self.panes:
                rescale_items(pane.plot_item.listDataItems(), self.theme.scale)
        if (force or lr_changed is not changed) and (
            self._lr_shown or session.problem.dataset is None
        ):
            # Panes x-linked to the loss pane follow its range once it has autoranged, which
            # pyqtgraph defers to the loss pane's next paint; after a rebuild do it now, so a
            # linked pane grabbed alone (or first) already shows the epochs.
            self.loss_pane.plot_item.getViewBox().prepareForPaint()

    def set_shown(self, names: Sequence[str]) -> None:
        """Show only the panes named: ``surface``, ``loss``, ``fit`` (``state`` is its name on
        a problem without data) and ``lr`` (drawn only when a run has a scheduler). An empty
        list shows them all."""
        wanted = frozenset(names) or frozenset(PANE_NAMES)
        if "state" in wanted:
            wanted |= {"fit"}
        if wanted != self._wanted:
            self._wanted = wanted
            has_scheduler = self.session.has_scheduler if self.session is not None else False
            self._layout(show_lr=has_scheduler, force=True)
            if self.session is not None:
                self._draw(self.session, self._epoch, force=True)

    def _layout(self, show_lr: bool, force: bool = False) -> None:
        if show_lr == self._lr_shown and not force:
            return
        grid = self._grid
        for pane in self.panes:
            grid.removeWidget(pane)
        named = (
            ("surface", lambda: self.surface_pane),
            ("loss", lambda: self.loss_pane),
            ("fit", lambda: self.data_pane),
            ("lr", lambda: self.lr_pane),
        )
        shown = [  # a pane made on first use is made here, once it is shown
            pane() for name, pane in named if name in self._wanted and (name != "lr" or show_lr)
        ] or [self.loss_pane]
        if self.maximised in shown:
            shown = [self.maximised]
        places = {
            1: [(0, 0, 2, 2)],
            2: [(0, 0, 2, 1), (0, 1, 2, 1)],
            3: [(0, 0, 2, 1), (0, 1, 1, 1), (1, 1, 1, 1)],
            4: [(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)],
        }[len(shown)]
        for pane, place in zip(shown, places, strict=True):
            grid.addWidget(pane, *place)
        for pane in self.panes:
            pane.setVisible(pane in shown)
        for i in range(2):
            grid.setRowStretch(i, 1)
            grid.setColumnStretch(i, 1)
        self._lr_shown = show_lr
        grid.activate()  # size the panes now: a frame grabbed right after must be laid out

    def _paint_background(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(self.theme.background))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
