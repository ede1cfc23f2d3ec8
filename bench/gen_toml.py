#!/usr/bin/env python3
"""bench/gen_toml.py — writes the TOML benchmark inputs.

  large.toml     about 1 MB of realistic, varied TOML (tables, arrays of
                 tables, inline tables, every string form, numbers, dates,
                 comments), the same every run (fixed seed)
  pyproject.toml a typical project file

Usage: gen_toml.py OUTDIR
"""
import os
import random
import sys

TYPICAL = '''\
# A typical pyproject.toml
[build-system]
requires = ["hatchling>=1.26"]
build-backend = "hatchling.build"

[project]
name = "example-package"
version = "1.4.2"
description = "An example package with a typical amount of metadata"
readme = "README.md"
requires-python = ">=3.9"
license = "MIT OR Apache-2.0"
license-files = ["LICEN[CS]E*"]
authors = [{ name = "Ada Lovelace", email = "ada@example.org" }]
maintainers = [{ name = "Grace Hopper" }]
keywords = ["packaging", "example", "benchmark"]
classifiers = [
    "Development Status :: 4 - Beta",
    "Intended Audience :: Developers",
    "Programming Language :: Python :: 3",
    "Programming Language :: Python :: 3.9",
    "Programming Language :: Python :: 3.10",
    "Programming Language :: Python :: 3.11",
    "Programming Language :: Python :: 3.12",
    "Programming Language :: Python :: 3.13",
]
dependencies = [
    "requests>=2.31",
    "rich>=13; python_version >= '3.10'",
    "tomli>=2.0; python_version < '3.11'",
    "typing-extensions>=4.8",
]

[project.optional-dependencies]
cli = ["click>=8.1", "colorama; sys_platform == 'win32'"]
docs = ["sphinx>=7", "furo"]

[project.urls]
Homepage = "https://example.org"
Documentation = "https://example.org/docs"
Repository = "https://github.com/example/example-package"
Issues = "https://github.com/example/example-package/issues"

[project.scripts]
example = "example_package.cli:main"

[dependency-groups]
test = ["pytest>=8", "pytest-cov", "hypothesis"]
lint = ["ruff>=0.6", "mypy>=1.11"]
dev = [{ include-group = "test" }, { include-group = "lint" }]

[tool.hatch.build.targets.wheel]
packages = ["src/example_package"]

[tool.ruff]
line-length = 100
target-version = "py39"

[tool.ruff.lint]
select = ["E", "F", "I", "UP", "B"]
ignore = ["E501"]

[tool.mypy]
strict = true
warn_unused_ignores = true

[tool.pytest.ini_options]
addopts = "-ra -q"
testpaths = ["tests"]
'''


def words(rng, n):
    pool = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
            "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho",
            "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "naïve", "日本"]
    return " ".join(rng.choice(pool) for _ in range(n))


def value(rng, depth=0):
    kind = rng.randrange(12 if depth < 2 else 9)
    if kind == 0:
        return '"%s"' % words(rng, rng.randrange(1, 6)).replace('"', '\\"')
    if kind == 1:
        return "'%s'" % words(rng, rng.randrange(1, 4))
    if kind == 2:
        return str(rng.randrange(-10**9, 10**9))
    if kind == 3:
        return "%d_%03d_%03d" % (rng.randrange(1, 999), rng.randrange(1000), rng.randrange(1000))
    if kind == 4:
        return repr(rng.uniform(-1e6, 1e6))
    if kind == 5:
        return rng.choice(["true", "false"])
    if kind == 6:
        return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (rng.randrange(1970, 2100), rng.randrange(1, 13),
                                                  rng.randrange(1, 29), rng.randrange(24),
                                                  rng.randrange(60), rng.randrange(60))
    if kind == 7:
        return rng.choice(["0x%x" % rng.randrange(1 << 30), "0o%o" % rng.randrange(1 << 20),
                           "0b%s" % bin(rng.randrange(1 << 16))[2:]])
    if kind == 8:
        return '"""\n%s\n%s"""' % (words(rng, 8), words(rng, 5))
    if kind == 9:
        return "[%s]" % ", ".join(value(rng, depth + 1) for _ in range(rng.randrange(0, 6)))
    if kind == 10:
        return "{ %s }" % ", ".join("k%d = %s" % (i, value(rng, depth + 1))
                                    for i in range(rng.randrange(1, 4)))
    return "[\n%s\n]" % "\n".join("    %s," % value(rng, depth + 1) for _ in range(rng.randrange(1, 5)))


def large(rng, target):
    out = ['# generated benchmark input\ntitle = "large"\n']
    size = len(out[0])
    n = 0
    while size < target:
        n += 1
        if n % 7 == 0:
            block = "\n[[items]]\n"
        else:
            block = "\n# section %d: %s\n[section_%d.sub_%d]\n" % (n, words(rng, 3), n, n % 5)
        for i in range(rng.randrange(3, 15)):
            block += "key_%d = %s  # %s\n" % (i, value(rng), words(rng, 2))
        block += 'dotted.key.k%d = "%d"\n' % (n, n)
        out.append(block)
        size += len(block.encode())
    return "".join(out)


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    rng = random.Random(20261122)
    with open(os.path.join(outdir, "large.toml"), "w", encoding="utf-8") as f:
        f.write(large(rng, 1 << 20))
    with open(os.path.join(outdir, "pyproject.toml"), "w", encoding="utf-8") as f:
        f.write(TYPICAL)


if __name__ == "__main__":
    main()
