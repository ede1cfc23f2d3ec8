"""Flit reads this docstring and __version__."""

__version__ = "1!0.9.post1"
