"""The version comes from the package."""
__version__ = "2.0.1"
