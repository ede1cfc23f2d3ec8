import json, importlib.resources


def run():
    data = json.loads(importlib.resources.files("incl_pkg").joinpath("data.json").read_text())
    print("incl", data["answer"])
