"""bench/check_gen.py DIR — writes the wheels of the artifact check bench:
DIR/typical/bench_pkg-1.0-py3-none-any.whl  about 40 modules, ~300 KB of code
DIR/big/bench_big-1.0-py3-none-any.whl      10,000 members, about 100 MB
Both are valid (RECORD from hashlib, Markdown description) so every tool
does its whole job. The big one's members are text that deflates about
2:1, like a mix of code and data. Deterministic (fixed seed and times)."""
import base64
import hashlib
import os
import random
import sys
import zipfile

WORDS = ("def class return import self value data item index result None True False "
         "for while if else elif try except with as lambda yield from raise pass").split()


def text(rng, size):
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
        line += " %08x\n" % rng.getrandbits(32)
        out.append(line)
        n += len(line)
    return "".join(out)[:size].encode()


def noisy(rng, size):
    """Text with random tokens: deflates about 2:1."""
    return base64.b64encode(rng.randbytes(size * 3 // 8)).decode().replace("+", " ").encode()[:size] \
        + text(rng, size - size * 1 // 2)[: size // 2]


def wheel(path, name, files):
    dist = f"{name}-1.0.dist-info"
    meta = (f"Metadata-Version: 2.4\nName: {name}\nVersion: 1.0\nSummary: bench\n"
            "License-Expression: MIT\nDescription-Content-Type: text/markdown\n\n"
            "# Bench\n\nA package for the benchmark.\n").encode()
    files = dict(files)
    files[dist + "/METADATA"] = meta
    files[dist + "/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    rows = []
    for p, d in files.items():
        h = base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode()
        rows.append(f"{p},sha256={h},{len(d)}")
    rows.append(f"{dist}/RECORD,,")
    files[dist + "/RECORD"] = ("\n".join(rows) + "\n").encode()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for p, d in files.items():
            info = zipfile.ZipInfo(p, (2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, d)


def main():
    out = sys.argv[1]
    rng = random.Random(7)
    typical = {f"bench_pkg/mod{i:02d}.py": text(rng, rng.randint(2000, 14000)) for i in range(40)}
    typical["bench_pkg/__init__.py"] = b"__version__ = '1.0'\n"
    wheel(os.path.join(out, "typical", "bench_pkg-1.0-py3-none-any.whl"), "bench_pkg", typical)
    big = {f"bench_big/d{i // 100:03d}/m{i:05d}.dat": noisy(rng, 20000) for i in range(9998)}
    wheel(os.path.join(out, "big", "bench_big-1.0-py3-none-any.whl"), "bench_big", big)


main()
