"""Predict, then reveal: guesses on the loss surface, scored once the run has made N steps."""

from optiviz.app.predict.install import install_predict

__all__ = ["install_predict"]
