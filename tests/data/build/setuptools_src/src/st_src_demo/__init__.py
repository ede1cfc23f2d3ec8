"""setuptools src-layout demo."""

__version__ = "0.4.1"
