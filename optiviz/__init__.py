"""optiviz: a desktop visual simulator of PyTorch optimizers."""

__version__ = "0.1.0"
