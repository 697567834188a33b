"""The step-by-step teaching mode: phases, vectors, timeline, code and history export."""

from optiviz.app.teaching.controller import TeachingController
from optiviz.app.teaching.install import install_teaching

__all__ = ["TeachingController", "install_teaching"]
