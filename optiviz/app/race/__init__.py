"""Races in the window: several runs on one problem, from one start, stepped together."""

from optiviz.app.race.controller import RaceController
from optiviz.app.race.install import install_race

__all__ = ["RaceController", "install_race"]
