"""The loss landscape of a network: a plane through parameter space, the loss on a grid over it,
the loss along the straight line from the start, and their files."""
