"""A package whose version setuptools reads with attr:."""

__version__ = "2.3.0rc1"


def main():
    print("st-dynver " + __version__)
