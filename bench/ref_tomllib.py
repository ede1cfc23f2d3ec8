#!/usr/bin/env python3
"""bench/ref_tomllib.py — the reference side of the TOML benchmark: parses
each file with Python's tomllib for about a second and prints
"<file> <seconds per parse>" per file."""
import sys
import time
import tomllib


def per_parse(text, min_seconds=1.0):
    tomllib.loads(text)  # warm up
    runs, start = 0, time.perf_counter()
    while True:
        tomllib.loads(text)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds and runs >= 5:
            return elapsed / runs


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    print(path, "%.9f" % per_parse(text))
