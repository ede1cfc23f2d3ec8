#!/usr/bin/env python3
"""bench/gen_versions.py — writes N realistic PEP 440 version strings, one per
line (fixed seed), for the version sorting benchmark. Usage: gen_versions.py N"""
import random
import sys

rng = random.Random(440)
n = int(sys.argv[1])
out = []
for _ in range(n):
    parts = [str(rng.choice([0, 1, 1, 2, 3, rng.randrange(100), rng.randrange(2000, 2030)]))]
    for _ in range(rng.choice([1, 1, 2, 2, 2, 3])):
        parts.append(str(rng.randrange(30)))
    v = ".".join(parts)
    r = rng.random()
    if r < 0.15:
        v += rng.choice(["a", "b", "rc", "alpha", "-beta.", "c"]) + str(rng.randrange(5))
    if rng.random() < 0.08:
        v += rng.choice([".post", "-", ".r"]) + str(rng.randrange(1, 4))
    if rng.random() < 0.08:
        v += ".dev" + str(rng.randrange(10))
    if rng.random() < 0.03:
        v += "+" + rng.choice(["local", "ubuntu.1", "cu121", "g1234abc"])
    if rng.random() < 0.01:
        v = "1!" + v
    out.append(v)
sys.stdout.write("\n".join(out) + "\n")
