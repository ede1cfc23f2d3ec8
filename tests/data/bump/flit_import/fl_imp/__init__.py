"""A flit package importing its version."""
from .meta import (__version__, AUTHOR)
