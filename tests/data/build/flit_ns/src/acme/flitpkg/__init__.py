"""
	Namespace member built by flit: the summary is the first line.

Second paragraph.
"""
from ._version import __version__

__all__ = ["__version__"]
