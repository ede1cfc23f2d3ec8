"""Differential test of the bump arithmetic (`slipway version --from -`)
against packaging 25.0 and an independent model of uv's rules.

From a seed (random each run, printed; SW_ORACLE_SEED replays a run) it
generates SW_ORACLE_COUNT (default 4000) start versions over the whole
grammar -- epochs, 1 to 6 release parts, numbers past 64 bits, every
pre/post/dev spelling and separator, implicit numbers, local labels, a
leading v, upper case, surrounding spaces -- plus hand-picked ones, and
runs every valid sequence of bump kinds (each kind alone, each release
kind with each of alpha/beta/rc/dev, explicit numbers) over all of them,
once with --allow-downgrade and once without. For every (start, sequence):

  * the result parses with packaging.version.Version and equals its own
    normalised form (str(Version(result)) == result);
  * it equals what the model of uv's Version::bump (written here from
    uv's documentation, on packaging's parsed components) gives;
  * slipway refuses it without --allow-downgrade exactly when packaging
    says it is not greater than the start;
  * refused combinations (stable or post with another kind, two release
    kinds, two of alpha/beta/rc/dev) are refused for every start.

Every disagreement fails the test; the first 20 are shown.
"""

import os
import random
import subprocess
import sys

from oracle_env import SLIPWAY, die, require_slipway, use_reference_tools  # noqa: E402

use_reference_tools("packaging")
import packaging  # noqa: E402
from packaging.version import InvalidVersion, Version  # noqa: E402

COUNT = int(os.environ.get("SW_ORACLE_COUNT", "4000"))
SHOW = 20
ORDER = ["major", "minor", "patch", "stable", "alpha", "beta", "rc", "post", "dev"]
LETTER = {"alpha": "a", "beta": "b", "rc": "rc"}

SEQUENCES = [[k] for k in ORDER]
SEQUENCES += [[r, p] for r in ("major", "minor", "patch") for p in ("alpha", "beta", "rc", "dev")]
SEQUENCES += [["beta", "minor"], ["dev", "patch"], ["minor=10"], ["patch=0"], ["major=3"],
              ["beta=7"], ["rc=0"], ["post=12"], ["dev=99999999999999999999"],
              ["patch", "dev=5"], ["major", "alpha=2"]]
REFUSED = [["stable", "major"], ["post", "dev"], ["major", "minor"], ["alpha", "beta"],
           ["rc", "dev"], ["patch", "patch"], ["post", "post"]]

HAND = ["1.2.3", "0", "1!2.0", "1.0a1", "1.0.post1", "1.0.dev1", "1.0+local.7",
        "9!2.3.4a5.post6.dev7+deadbeef6", "1.0rc1.dev2", "1.0.post1.dev2", "0.1",
        "v1.0-ALPHA", "1.0.post", "1.0-1", "1.0c1", " 1.0.0-preview.2 ", "007.010",
        "99999999999999999999.1", "1.18446744073709551615", "1.0b2.post345.dev456"]


def number(rng):
    roll = rng.random()
    if roll < 0.6:
        return str(rng.randint(0, 12))
    if roll < 0.8:
        return str(rng.randint(0, 99999))
    if roll < 0.9:
        return "0" + str(rng.randint(0, 99))
    return str(rng.randint(10**18, 10**25))


def spelled(rng, choices):
    word = rng.choice(choices)
    return word.upper() if rng.random() < 0.1 else word


def sep(rng):
    return rng.choice(["", "", ".", "-", "_"])


def start_version(rng):
    """One random start version in any spelling packaging accepts."""
    s = ""
    if rng.random() < 0.15:
        s += number(rng) + "!"
    s += ".".join(number(rng) for _ in range(rng.randint(1, 6)))
    if rng.random() < 0.4:
        s += sep(rng) + spelled(rng, ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview"])
        s += sep(rng) + number(rng) if rng.random() < 0.9 else ""
    if rng.random() < 0.3:
        if rng.random() < 0.2:
            s += "-" + number(rng)
        else:
            s += sep(rng) + spelled(rng, ["post", "rev", "r"])
            s += sep(rng) + number(rng) if rng.random() < 0.9 else ""
    if rng.random() < 0.3:
        s += sep(rng) + spelled(rng, ["dev"]) + (number(rng) if rng.random() < 0.9 else "")
    if rng.random() < 0.15:
        parts = [rng.choice(["abc", "7", "ubuntu", "x1", "007"]) for _ in range(rng.randint(1, 3))]
        s += "+" + rng.choice([".", "-", "_"]).join(parts)
    if rng.random() < 0.05:
        s = "v" + s
    if rng.random() < 0.05:
        s = "  " + s + " "
    return s


def uv_bump(v, steps):
    """uv's Version::bump, applied in hierarchy order (uv docs / bump.h)."""
    rel, pre, post, dev = list(v.release), v.pre, v.post, v.dev
    for kind, value in sorted(steps, key=lambda s: ORDER.index(s[0])):
        if kind in ("major", "minor", "patch"):
            i = ORDER.index(kind)
            pre = post = dev = None
            rel += [0] * (i + 1 - len(rel))
            rel[i] = value if value is not None else rel[i] + 1
            rel[i + 1:] = [0] * (len(rel) - i - 1)
        elif kind == "stable":
            pre = post = dev = None
        elif kind in LETTER:
            post = dev = None
            letter = LETTER[kind]
            if value is not None:
                pre = (letter, value)
            elif pre is not None and pre[0] == letter:
                pre = (letter, pre[1] + 1)
            else:
                pre = (letter, 1)
        elif kind == "post":
            dev = None
            post = value if value is not None else (post + 1 if post is not None else 1)
        else:
            dev = value if value is not None else (dev + 1 if dev is not None else 1)
    s = (f"{v.epoch}!" if v.epoch else "") + ".".join(str(n) for n in rel)
    s += f"{pre[0]}{pre[1]}" if pre else ""
    s += f".post{post}" if post is not None else ""
    s += f".dev{dev}" if dev is not None else ""
    return s + (f"+{v.local}" if v.local else "")


def parse_steps(seq):
    out = []
    for item in seq:
        kind, _, value = item.partition("=")
        out.append((kind, int(value) if value else None))
    return out


def run(seq, starts, allow):
    args = [SLIPWAY, "version", "--from", "-"]
    for kind in seq:
        args += ["--bump", kind]
    if allow:
        args.append("--allow-downgrade")
    proc = subprocess.run(args, input="".join(s + "\n" for s in starts), capture_output=True,
                          text=True)
    lines = proc.stdout.split("\n")[:-1]
    if len(lines) != len(starts):
        die(f"{seq}: {len(lines)} output lines for {len(starts)} inputs: {proc.stderr}")
    return lines


def check_sequence(seq, starts, problems):
    """Checks one sequence over every start; returns the number of checks."""
    steps = parse_steps(seq)
    loose, strict = run(seq, starts, True), run(seq, starts, False)
    for start, got, got_strict in zip(starts, loose, strict):
        old = Version(start)
        want = uv_bump(old, steps)
        if got != want:
            problems.append(f"{start!r} {seq}: slipway {got!r}, uv model {want!r}")
            continue
        if str(Version(got)) != got:
            problems.append(f"{start!r} {seq}: {got!r} is not normalised")
        greater = Version(got) > old
        if greater != (got_strict == got):
            problems.append(f"{start!r} {seq}: greater={greater} but strict run gave "
                            f"{got_strict!r}")
        elif not greater and "didn't increase the version" not in got_strict:
            problems.append(f"{start!r} {seq}: refusal without reason: {got_strict!r}")
    return len(starts)


def main():
    require_slipway()
    if not packaging.__version__.startswith("25."):
        die(f"packaging {packaging.__version__} found; this oracle needs 25.x")
    seed = int(os.environ.get("SW_ORACLE_SEED", random.randrange(1 << 30)))
    print(f"seed {seed} (SW_ORACLE_SEED={seed} replays), packaging {packaging.__version__}")
    rng = random.Random(seed)
    starts = list(HAND)
    while len(starts) < COUNT:
        s = start_version(rng)
        try:
            if str(Version(s)).isascii():
                starts.append(s)
        except InvalidVersion:
            pass
    problems, checks = [], 0
    for seq in SEQUENCES:
        checks += check_sequence(seq, starts, problems)
    for seq in REFUSED:
        for start, out in zip(starts, run(seq, starts, True)):
            checks += 1
            if not out.startswith("error: "):
                problems.append(f"{start!r} {seq}: should be refused, got {out!r}")
    for p in problems[:SHOW]:
        print("FAIL:", p)
    print(f"{checks - len(problems)} passed, {len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
