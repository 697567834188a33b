"""Small neural networks (MLP, a small CNN) trained by torch's optimizers, step by step."""
