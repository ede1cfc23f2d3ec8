"""A package whose version is static in pyproject.toml.

__version__ = "0.0.0" in a docstring is not a site.
"""

__version__: str = "1.2.3"  # keep in step with pyproject.toml

VERSION_INFO = (1, 2, 3)


def answer():
    return 42
