AUTHOR = "x"
__version__ = "0.0.1rc2"
