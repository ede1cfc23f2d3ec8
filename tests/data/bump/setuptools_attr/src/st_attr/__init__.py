from st_attr._version import __version__
