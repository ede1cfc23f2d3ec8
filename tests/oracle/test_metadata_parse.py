"""Differential test of slipway's core metadata parser against
packaging.metadata.parse_email() (packaging 25.0).

Inputs:
 1. real METADATA and PKG-INFO files: every sample project of
    tests/data/metadata/projects built by hatchling 1.27, flit_core 3.12 and
    setuptools 78 (the newest reference tools; the test FAILS if they are
    missing), through their PEP 517 hooks;
 2. variants of each real file: CRLF and bare-CR line endings, header names
    in random case, values refolded onto continuation lines of random
    indentation, the description moved into a legacy Description header
    (PEP 345 "spaces + |" form, and the plain 8-space form), unknown headers
    with folded values, a repeated single-use field;
 3. random mutations of the real files (SW_ORACLE_COUNT of them, 3000 by
    default; the seed is printed, SW_ORACLE_SEED replays a run).

For each input the expected outcome comes from packaging's parse_email()
and Python's email parser, through the rules of include/slipway/metadata.h
(tests/data/metadata/oracle_lib.py: `reference`): continuation lines
unfolded by the documented rule; refused where slipway documents a
refusal. Slipway must accept exactly what the model accepts, with the same
fields and values, and refuse the rest. Real files must all be accepted.
Finally slipway's canonical re-emission of every real file must read back,
in packaging, to the same values.
"""

import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("SW_TEST_DATA", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "data")), "metadata"))

import oracle_lib as lib  # noqa: E402

lib.setup()

SEED = int(os.environ.get("SW_ORACLE_SEED", random.randrange(1 << 30)))
COUNT = int(os.environ.get("SW_ORACLE_COUNT", "3000"))
print(f"seed {SEED} (SW_ORACLE_SEED={SEED} replays this run)")
rng = random.Random(SEED)

SINGLE_HEADERS = [b"Name", b"Version", b"Summary", b"Metadata-Version"]


def split(data):
    """Header block (with its final newline) and body (None if absent)."""
    at = data.find(b"\n\n")
    if at < 0:
        return data, None
    return data[:at + 1], data[at + 2:]


def recase(data):
    head, body = split(data)
    lines = []
    for line in head.split(b"\n"):
        if b":" in line and not line[:1].isspace():
            name, rest = line.split(b":", 1)
            name = bytes(c ^ 0x20 if chr(c).isalpha() and rng.random() < 0.5 else c
                         for c in name)
            line = name + b":" + rest
        lines.append(line)
    return b"\n".join(lines) + (b"\n" + body if body is not None else b"")


def to_legacy(data, pipes):
    head, body = split(data)
    if not body:
        return None
    text = body.decode("utf-8").rstrip("\n")
    joiner = "\n       |" if pipes else "\n        "
    head = head.replace(b"Metadata-Version: 2.4", b"Metadata-Version: 1.2")
    return head + b"Description: " + joiner.join(text.split("\n")).encode("utf-8") + b"\n"


UNKNOWN = [b"X-Deep: a\n              deeper\n          b\n", b"X-Slipway-Test: plain\n", b"x-slipway-test: second\n",
           b"X-Folded: first\n\tsecond\n    third\n", b"X-Empty:\n",
           b"Import-Name: pkg; private\n", b"Requires-External: libfoo (>1.0)\n",
           b"X-Trailing:   spaced   \n", b"X-Blank-Cont: a\n   \n  b\n"]


def add_unknown(data):
    head, body = split(data)
    lines = head.split(b"\n")[:-1]
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(1, len(lines))
        while at < len(lines) and lines[at][:1] in (b" ", b"\t"):
            at += 1
        lines.insert(at, rng.choice(UNKNOWN).rstrip(b"\n"))
    return b"\n".join(lines) + b"\n" + (b"\n" + body if body is not None else b"")


def refold(data):
    """Breaks header values at random spaces onto continuation lines with
    random indentation (spaces or a tab, shallower or deeper than the
    name's length + 2)."""
    head, body = split(data)
    out = []
    for line in head.split(b"\n")[:-1]:
        if line[:1] in (b" ", b"\t") or b": " not in line:
            out.append(line)
            continue
        name, value = line.split(b": ", 1)
        words = value.split(b" ")
        current = name + b": " + words[0]
        for word in words[1:]:
            if rng.random() < 0.3:
                out.append(current)
                indent = b"\t" if rng.random() < 0.2 else b" " * rng.randint(1, 24)
                current = indent + word
            else:
                current += b" " + word
        out.append(current)
    return b"\n".join(out) + b"\n" + (b"\n" + body if body is not None else b"")


def duplicate(data):
    head, body = split(data)
    name = rng.choice(SINGLE_HEADERS)
    return head + name + b": again\n" + (b"\n" + body if body is not None else b"")


PIECES = [b":", b" ", b"\t", b"\n", b"\r", b"\r\n", b"|", "é".encode(), b"\x0b", b"\x0c",
          b"\x00", b"\xff", b"A", b"-", "\u2028".encode(), b"From ", b"Name: x\n",
          b"Description: d\n", b"\n\n", b"Project-URL: Source, u\n", b"\n ", b"\n\t|",
          b"Metadata-Version: 3.0\n", b"Keywords: a\n", b"X-A: 1\n", b"\x1c", "\x85".encode()]


def mutate(data):
    data = bytearray(data)
    head_len = len(split(bytes(data))[0])
    for _ in range(rng.randint(1, 4)):
        limit = head_len if rng.random() < 0.85 else len(data)
        at = rng.randint(0, max(0, limit))
        op = rng.random()
        if op < 0.5:
            data[at:at] = rng.choice(PIECES)
        elif op < 0.75:
            data[at:at + rng.randint(1, 3)] = b""
        else:
            data[at:at + 1] = rng.choice(PIECES)
    return bytes(data)


def main():
    workdir = lib.tempdir()
    built = lib.build_all(workdir)
    real = [(f"{p}-{b}-{kind}", data) for (p, b), files in sorted(built.items())
            for kind, data in files.items()]
    items = list(real)
    for label, data in real:
        items.append((label + "-crlf", data.replace(b"\n", b"\r\n")))
        items.append((label + "-cr", data.replace(b"\n", b"\r")))
        items.append((label + "-case", recase(data)))
        for pipes in (True, False):
            legacy = to_legacy(data, pipes)
            if legacy:
                items.append((label + ("-pipes" if pipes else "-legacy"), legacy))
        items.append((label + "-unknown", add_unknown(data)))
        for k in range(3):
            items.append((label + f"-refold{k}", refold(data)))
        items.append((label + "-dup", duplicate(data)))
    for i in range(COUNT):
        label, data = rng.choice(real)
        items.append((f"{label}-mut{i}", mutate(data)))

    paths = lib.write_files(workdir, items)
    results = lib.slipway_parse(paths)
    passed = failed = accepted = refused = 0
    for (label, data), path, got in zip(items, paths, results):
        verdict, want = lib.reference(data)
        problem = None
        if verdict == "ok":
            if "error" in got:
                problem = f"slipway refused: {got['error']}"
            elif lib.slipway_view(got) != want:
                problem = f"values differ:\n  slipway   {lib.slipway_view(got)!r}\n" \
                          f"  reference {want!r}"
            accepted += 1
        else:
            if "error" not in got:
                problem = f"slipway accepted what the model refuses ({want})"
            refused += 1
        if label in dict(real) and verdict != "ok":
            problem = f"a real file is refused by the model: {want}"
        if problem:
            failed += 1
            if failed <= 20:
                print(f"FAIL {label} ({path}): {problem}\n  input {data[:400]!r}")
        else:
            passed += 1

    # slipway's canonical form of each real file reads back the same
    for (label, data), path in zip(real, paths):
        proc = subprocess.run([lib.SLIPWAY, "metadata", "parse", path], capture_output=True)
        verdict, want = lib.reference(proc.stdout)
        if proc.returncode != 0 or verdict != "ok" or want != lib.reference(data)[1]:
            failed += 1
            print(f"FAIL {label}: the emitted form does not read back the same:\n"
                  f"{proc.stdout[:600]!r}\n{want!r}")
        else:
            passed += 1

    print(f"{len(real)} real files, {len(items) - len(real)} variants; "
          f"{accepted} accepted and {refused} refused by the model")
    print(f"{passed} passed, {failed} failed")
    if len(real) < 90:
        lib.die(f"only {len(real)} real files were built")
    sys.exit(1 if failed else 0)


main()
