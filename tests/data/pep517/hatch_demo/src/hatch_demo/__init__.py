"""hatch-demo: a test package."""


def main():
    print("hatch-demo")
