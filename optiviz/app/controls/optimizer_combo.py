"""The optimizer combo box: torch.optim's optimizers, then each installed package's in a group
of its own, then the learner's files.

A package is imported only when the list first opens (pytorch-optimizer takes seconds to
read), so start-up does not pay for it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from optiviz.engine.catalogue.external import (
    installed_packages,
    is_file_name,
    package_optimizers,
    short_name,
)
from optiviz.engine.catalogue.optimizers import OptimizerInfo, optimizer_catalogue, optimizer_info


def _tip(info: OptimizerInfo) -> str:
    tip = f"{info.qualified}: {info.doc}"
    if info.origin.endswith(".py"):
        tip = f"{info.cls.__name__} from {info.origin}: {info.doc}"
    return tip + (f"\n{info.layout_note()}" if info.layout_note() else "")


class OptimizerCombo(QComboBox):
    """Items carry the config's optimizer name as their data; group separators carry none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        for info in optimizer_catalogue().values():
            self._add(info.name, info)
        self.packages_listed = False
        self._files_separator = False

    def _add(self, text: str, info: OptimizerInfo) -> int:
        self.addItem(text, info.name)
        index = self.count() - 1
        self.setItemData(index, _tip(info), Qt.ItemDataRole.ToolTipRole)
        return index

    def list_packages(self) -> None:
        """Add the installed packages' optimizers once, each package after a separator."""
        if self.packages_listed:
            return
        self.packages_listed = True
        for package in installed_packages():
            found = package_optimizers(package)
            if not found:
                continue
            self.insertSeparator(self.count())
            for name, info in found.items():
                self._add(name, info)

    def showPopup(self) -> None:
        self.list_packages()
        super().showPopup()

    def ensure(self, name: str) -> int:
        """The index of optimizer ``name``, adding a package's or a file's item if needed."""
        index = self.findData(name)
        if index < 0 and not is_file_name(name):
            self.list_packages()
            index = self.findData(name)
        if index < 0:
            info = optimizer_info(name)
            if not self._files_separator:
                self.insertSeparator(self.count())
                self._files_separator = True
            index = self._add(short_name(name), info)
        return index
