"""The optimizer and scheduler catalogues, read from torch's own signatures."""
