"""The worker: typed commands and updates, the session loop and the window's mirror of it."""
