"""Command line entry point."""


def main():
    print("flit-src-demo says hello")
    return 0
