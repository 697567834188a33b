"""Help: the guide, the glossary, About, and why a run stalls."""

from optiviz.app.help.install import HelpController, install_help

__all__ = ["HelpController", "install_help"]
