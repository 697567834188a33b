"""The app model: the window's state without widgets, rendered by the views."""

from optiviz.app.model.app_model import AppModel, WorkerLink
from optiviz.app.model.runs import RunEntry

__all__ = ["AppModel", "RunEntry", "WorkerLink"]
