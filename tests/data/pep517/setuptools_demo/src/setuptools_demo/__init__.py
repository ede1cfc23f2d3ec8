"""setuptools-demo: a test package."""


def one():
    return 1
