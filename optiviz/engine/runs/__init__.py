"""Runs: their settings, the one loop that steps an epoch, history, races and the LR range test."""
