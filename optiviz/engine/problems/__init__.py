"""The problems: the tutorial's linear fit, the test functions, typed expressions and data."""
