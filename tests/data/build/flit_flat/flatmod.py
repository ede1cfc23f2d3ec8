"""Flat module."""


def gui():
    print("flatmod gui")
    return 0


def hello():
    return "hello from flatmod"
