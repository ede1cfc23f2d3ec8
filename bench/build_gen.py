"""bench/build_gen.py DIR — generates the build benchmark's projects in DIR:
  {hatch,flit}_small  10 modules (~1 KB each)
  {hatch,flit}_large  2,000 modules (~4.5 KB each, ~9 MB) in 20 subpackages,
                      and 200 data files (~5 KB each)
  hatch_huge          one package with a 200 MB data file (memory check)
Deterministic: the same bytes every run."""
import os
import random
import sys

HATCH = """[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "{name}"
version = "1.0.0"
description = "Benchmark project"
requires-python = ">=3.8"
license = "MIT"
dependencies = ["requests>=2"]

[project.scripts]
{name} = "{pkg}:main"
"""

FLIT = """[build-system]
requires = ["flit_core>=3.12,<4"]
build-backend = "flit_core.buildapi"

[project]
name = "{name}"
version = "1.0.0"
description = "Benchmark project"
requires-python = ">=3.8"
license = "MIT"
dependencies = ["requests>=2"]

[project.scripts]
{name} = "{pkg}:main"
"""

WORDS = ("value count total index name result item data node path size text key "
         "buffer record entry table field parse build write check").split()


def module(rng, size):
    """Python-looking text of about `size` bytes."""
    out, n = ['"""Generated module."""\n\n'], 0
    while n < size:
        a, b, c = rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)
        k = rng.randrange(1000)
        chunk = (f"def {a}_{b}_{k}({c}, {a}=None):\n"
                 f"    \"\"\"Return the {b} of {c}.\"\"\"\n"
                 f"    if {a} is None:\n        {a} = {k}\n"
                 f"    return [{c} + {a} * i for i in range({k % 17 + 1})]\n\n\n")
        out.append(chunk)
        n += len(chunk)
    return "".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def project(top, kind, size):
    name = f"{kind}_{size}"
    pkg = f"bench_{kind}_{size}"
    root = os.path.join(top, name)
    rng = random.Random(f"{kind}{size}")
    write(os.path.join(root, "pyproject.toml"),
          (HATCH if kind == "hatch" else FLIT).format(name=pkg.replace("_", "-"), pkg=pkg))
    write(os.path.join(root, "README.md"), "# Bench\n")
    write(os.path.join(root, "LICENSE"), "MIT License\n")
    init = '"""Benchmark package."""\n__version__ = "1.0.0"\n\n\ndef main():\n    print("ok")\n'
    write(os.path.join(root, pkg, "__init__.py"), init)
    if size == "small":
        for i in range(10):
            write(os.path.join(root, pkg, f"mod{i}.py"), module(rng, 1000))
        return
    for i in range(2000):
        sub = f"sub{i // 100:02d}"
        if i % 100 == 0:
            write(os.path.join(root, pkg, sub, "__init__.py"), "")
        write(os.path.join(root, pkg, sub, f"mod{i:04d}.py"), module(rng, 4500))
    for i in range(200):
        write(os.path.join(root, pkg, "data", f"table{i:03d}.csv"),
              "".join(f"{j},{rng.random():.6f},{rng.choice(WORDS)}\n" for j in range(200)))


def huge(top):
    root = os.path.join(top, "hatch_huge")
    write(os.path.join(root, "pyproject.toml"),
          HATCH.format(name="hatch-huge", pkg="hatch_huge"))
    write(os.path.join(root, "hatch_huge", "__init__.py"), "def main():\n    pass\n")
    rng = random.Random(7)
    block = bytes(rng.randrange(256) for _ in range(1 << 16))
    with open(os.path.join(root, "hatch_huge", "blob.bin"), "wb") as f:
        for _ in range(200 * 16):
            f.write(block)


if __name__ == "__main__":
    top = sys.argv[1]
    for kind in ("hatch", "flit"):
        for size in ("small", "large"):
            project(top, kind, size)
    huge(top)
