"""Explore: your own data, typed functions, the lr range test and the 3-D view."""

from optiviz.app.explore.install import install_explore

__all__ = ["install_explore"]
