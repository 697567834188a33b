"""Presenter mode (F5): the panes large enough for a projector, a caption of the step, and one
pane alone on a double-click."""

from optiviz.app.presenter.install import PresenterController, install_presenter

__all__ = ["PresenterController", "install_presenter"]
