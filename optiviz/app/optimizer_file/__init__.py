"""A learner's own optimizer file in the window: load, watch, reload, and show its errors."""

from optiviz.app.optimizer_file.install import OptimizerFiles, install_optimizer_file

__all__ = ["OptimizerFiles", "install_optimizer_file"]
