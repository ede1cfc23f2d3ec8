"""A tiny demo package built with flit.

More words here.
"""

__version__ = "1.2.0"
