"""Files: scenarios, history export and the one atomic writer."""
