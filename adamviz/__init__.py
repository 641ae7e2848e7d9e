"""adamviz: watch the optimizers of Dive into Deep Learning's chapter 7 move."""

__version__ = "0.1.0"
