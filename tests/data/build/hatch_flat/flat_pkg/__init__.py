import importlib.resources


def hello():
    text = importlib.resources.files("flat_pkg").joinpath("data/greeting.txt").read_text()
    print(text.strip())
