"""A module."""

__version__ = "0.9.1"


def main():
    print("module main", __version__)
