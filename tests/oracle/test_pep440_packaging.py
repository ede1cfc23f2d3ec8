"""Differential test of `slipway pep440` against packaging 25.0.

Generates, from a seed (random each run, printed; SW_ORACLE_SEED replays a
run), at least 100,000 version strings -- valid ones over every part of the
grammar (epochs, long releases, big numbers, every pre/post/dev spelling and
separator, local labels, case, whitespace including Unicode, a leading v,
Python's non-ASCII case-fold look-alikes) and near-misses made by mutating
them -- and at least 100,000 (specifier set, version) pairs, plus
hand-picked edge cases. Then checks that slipway and packaging agree on:

  * valid or not, and the normalised form       (slipway pep440 -)
  * the sort order, stable for equal versions   (slipway pep440 --sort -)
  * specifier validity, str(SpecifierSet), and contains() under
    prereleases=None/True/False, with the pre-release reason
                                                 (slipway pep440 --pairs)
  * SpecifierSet.filter()                        (slipway pep440 --spec S --filter)
  * the --spec VERSION... form                   (slipway pep440 --spec S ...)

Inputs go through stdin in bulk. Every disagreement fails the test; the
first 20 are shown with their inputs.

Two documented differences (include/slipway/pep440.h) are expected:
  * packaging raises InvalidVersion from contains()/filter() for a set
    holding a === clause whose text is not a version when pre-releases are
    not forced; slipway answers "no" (such a clause matches no version), so
    the oracle reads the exception as "no" / nothing kept;
  * slipway refuses text over SW_PEP440_MAX_LEN (4096) bytes;
  * a version spelled with U+0130 ("1.0+\u0130", "1.0PREV\u0130EW1") has a
    normal form packaging cannot re-parse ("i" + U+0307), so packaging
    raises InvalidVersion where it re-parses one: SpecifierSet() of a clause
    holding such a version, and contains() of such a candidate for
    ==, !=, <=, >=, ~=. slipway answers those; the oracle checks that it
    accepted the input and counts the comparison as skipped.
"""

import os
import random
import subprocess
import sys
import tempfile
import time

from oracle_env import PREFIX, SITE, SLIPWAY, die, require_slipway, use_reference_tools  # noqa: E402,F401

COUNT = int(os.environ.get("SW_ORACLE_COUNT", "100000"))
SHOW = 20
MAX_LEN = 4096


use_reference_tools("packaging")
require_slipway()

import packaging  # noqa: E402
from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet  # noqa: E402
from packaging.version import InvalidVersion, Version  # noqa: E402

if not packaging.__file__.startswith(SITE):
    die(f"imported packaging from {packaging.__file__}, not from {SITE}")
if Version(packaging.__version__) < Version("25.0"):
    die(f"need packaging 25.0 or newer from {SITE}, got {packaging.__version__}")

SEED = int(os.environ.get("SW_ORACLE_SEED") or random.SystemRandom().randrange(2**32))
print(f"seed {SEED} (replay with SW_ORACLE_SEED={SEED}); packaging {packaging.__version__}")
rng = random.Random(SEED)

failures = []
checks = 0
skipped = 0


def disagree(what, given, slipway, reference):
    failures.append(f"{what}: input {given!r}\n    slipway:   {slipway!r}\n"
                    f"    packaging: {reference!r}")


def start(args, lines):
    """Starts slipway with one input per line on stdin (through a temporary
    file, so that several runs and the reference overlap in time)."""
    data = "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")
    stdin = tempfile.TemporaryFile()
    stdin.write(data)
    stdin.seek(0)
    stdout = tempfile.TemporaryFile()
    proc = subprocess.Popen([SLIPWAY, "pep440"] + args, stdin=stdin, stdout=stdout,
                            stderr=subprocess.PIPE)
    return proc, stdin, stdout, args


def finish(started):
    """Waits for a run from start(); returns its output lines."""
    proc, stdin, stdout, args = started
    _, err = proc.communicate(timeout=600)
    stdin.close()
    if proc.returncode not in (0, 1):
        die(f"slipway pep440 {args} exited {proc.returncode}: "
            f"{err.decode('utf-8', 'replace')[:2000]}")
    stdout.seek(0)
    out = stdout.read().decode("utf-8", "surrogateescape").split("\n")
    stdout.close()
    if out and out[-1] == "":
        out.pop()
    return out


def run(args, lines):
    return finish(start(args, lines))


# ------------------------------------------------------------------ generators

SPACES = [" ", "\t", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u1680", "\u2000",
          "\u2009", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
SEPS = ["", ".", "-", "_"]
PRE = ["a", "A", "alpha", "Alpha", "ALPHA", "b", "B", "beta", "BETA", "c", "C", "rc", "RC",
       "Rc", "pre", "PRE", "preview", "Preview"]
POST = ["post", "POST", "Post", "rev", "REV", "r", "R"]
DEV = ["dev", "DEV", "Dev"]
LOCAL_CHARS = "abcxyzABCXYZ0123456789"
# Python's case folding lets these match 'i', 's' and 'k'; used sparingly,
# as a U+0130 spelling makes packaging raise in places (see above).
PRE_ODD = ["prev\u0131ew", "PREV\u0130EW", "prev\u0130ew"]
POST_ODD = ["po\u017ft", "PO\u017fT"]
LOCAL_ODD = "\u212a\u017f\u0131\u0130"


def pick(common, odd):
    return rng.choice(odd) if rng.random() < 0.03 else rng.choice(common)
NEAR_CHARS = [".", "-", "_", "+", "!", "*", " ", "x", "a", "0", "9", "v", "\u00e9", "\u200b",
              "\x00", ",", ";", ")", "=", "<", "\u212a", "\u0307", "\t"]


def number():
    r = rng.random()
    if r < 0.55:
        return str(rng.randrange(10))
    if r < 0.8:
        return str(rng.randrange(1000))
    if r < 0.9:
        return "0" * rng.randrange(1, 4) + str(rng.randrange(100))
    if r < 0.97:
        return str(rng.randrange(10 ** rng.randrange(15, 40)))
    return "9" * rng.randrange(250, 300)  # past the key's one-byte length


def release(min_parts=1):
    parts = max(min_parts, rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 6, 12]))
    return ".".join(number() for _ in range(parts))


def local_label():
    parts = []
    for _ in range(rng.choice([1, 1, 2, 3, 5])):
        if rng.random() < 0.4:
            parts.append(number())
        else:
            parts.append("".join(pick(LOCAL_CHARS, LOCAL_ODD)
                                 for _ in range(rng.randrange(1, 6))))
    label = parts[0]
    for part in parts[1:]:
        label += rng.choice([".", ".", "-", "_"]) + part
    return label


def suffixes(allow_local=True):
    s = ""
    if rng.random() < 0.35:
        s += rng.choice(SEPS) + pick(PRE, PRE_ODD) + rng.choice(SEPS + [""] * 4)
        if rng.random() < 0.8:
            s += number()
    if rng.random() < 0.3:
        if rng.random() < 0.3:
            s += "-" + number()
        else:
            s += rng.choice(SEPS) + pick(POST, POST_ODD) + rng.choice(SEPS + [""] * 4)
            if rng.random() < 0.8:
                s += number()
    if rng.random() < 0.25:
        s += rng.choice(SEPS) + rng.choice(DEV) + rng.choice(SEPS + [""] * 4)
        if rng.random() < 0.8:
            s += number()
    if allow_local and rng.random() < 0.2:
        s += "+" + local_label()
    return s


def version_text(spaces=True, allow_local=True, min_parts=1):
    v = ""
    if rng.random() < 0.1:
        v += rng.choice("vV")
    if rng.random() < 0.1:
        v += number() + "!"
    v += release(min_parts) + suffixes(allow_local)
    if spaces and rng.random() < 0.15:
        v = "".join(rng.choice(SPACES) for _ in range(rng.randrange(1, 3))) + v
    if spaces and rng.random() < 0.15:
        v += "".join(rng.choice(SPACES) for _ in range(rng.randrange(1, 3)))
    return v


def mutate(text):
    """A near-miss: one small edit that often makes the text invalid."""
    if not text:
        return rng.choice(NEAR_CHARS)
    i = rng.randrange(len(text) + 1)
    r = rng.random()
    if r < 0.4:
        return text[:i] + rng.choice(NEAR_CHARS) + text[i:]
    if r < 0.6:
        return text[:i] + text[i + 1:]
    if r < 0.7:
        return text + rng.choice([".", "-", "_", "+", ".*", "!", "+a.", "..1", "-"])
    if r < 0.8:
        j = rng.randrange(len(text) + 1)
        return text[:min(i, j)] + text[max(i, j):]
    if r < 0.9:
        return text[:i] + text[i:][::-1]
    return text[:i] + text[:i] + text[i:]


def gen_version():
    v = version_text()
    if rng.random() < 0.3:
        v = mutate(v)
    return v


OPS = ["~=", "==", "!=", "<=", ">=", "<", ">", "==="]
BAD_OPS = ["=", "=>", "=<", "~", "!", "<>", "", "== =", "> ="]


def gen_clause():
    op = rng.choice(OPS) if rng.random() < 0.97 else rng.choice(BAD_OPS)
    ws = lambda: rng.choice(["", "", "", " ", "  ", "\t", "\u3000"])  # noqa: E731
    if op == "===" and rng.random() < 0.3:
        version = rng.choice(["foo", "1.0-custom", "FOO", "", "1.0", "a=b", "1.0+\u0130"])
    else:
        version = version_text(spaces=False, allow_local=rng.random() < 0.4,
                               min_parts=2 if op == "~=" and rng.random() < 0.9 else 1)
        if rng.random() < 0.12:
            version = release() + ".*"
        if rng.random() < 0.03:
            version += ".*"
    clause = ws() + op + ws() + version + ws()
    if rng.random() < 0.05:
        clause = mutate(clause)
    return clause, version


def gen_spec():
    pieces, versions = [], []
    for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3, 4])):
        clause, version = gen_clause()
        pieces.append(clause)
        versions.append(version)
    if rng.random() < 0.1:
        pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(["", " "]))
    return ",".join(pieces), versions


def related(version):
    """A candidate near a spec's version, so that answers are mixed."""
    base = version.strip().rstrip("*").rstrip(".") or "1.0"
    r = rng.random()
    if r < 0.2:
        return base
    if r < 0.35:
        return base + rng.choice([".0", ".0.0", ".1", "a1", "b2", "rc1", ".dev0", ".post1",
                                  "+local", "+1.a", ".1a1", "-1", ".post1.dev1"])
    if r < 0.5:
        parts = base.split(".")
        k = rng.randrange(len(parts))
        digits = "".join(ch for ch in parts[k] if ch.isdigit())[:5] or "0"
        parts[k] = str(max(0, int(digits) + rng.choice([-1, 1, 2])))
        return ".".join(parts[:k + 1])
    if r < 0.6 and "!" not in base:
        return "1!" + base
    return version_text(spaces=rng.random() < 0.1)


EDGE_VERSIONS = [
    "1.0", "1.0.0", "v1.0", " 1.0 ", "1.0a", "1.0a-", "1.0-", "1.0.post.", "1.0a.-1",
    "1.0a-1", "1.0.dev.", "1.0.dev.+abc", "1.0.po\u017ft1", "1.0prev\u0131ew1",
    "1.0PREV\u0130EW1", "1.0+\u212a", "1.0+\u0130", "1.0+\u017f", "1.0+\u0131",
    "\u30001.0\u2028", "1.0\x1c", "1.0\x85", "1.0+007.abc007", "1.0+a-b_c.d", "1.0+1.0",
    "0!0", "0", "00.00", "1!", "!1", "1.0+", "1.0+abc.", "1.0.*", "==1.0", "", " ",
    "1" + ".0" * 300, "9" * 400, "1.0rc1.post2.dev3+ubuntu-1", "1.0-1", "1.0-r1",
    "1.0.rev", "1.0r", "1.0c1", "1.0pre1", "1.0preview", "1.0-dev-", "1.0.post-",
]
EDGE_SPECS = [
    "~=v1.4.5", "~=1.4.5c1", "~=1.4.5.pre1", "~=1.4.POST1", "~=1.4.post1", "~=1.4-1",
    "===foo", "===", "====", ">=1.0,>=1.0.0, ,", "== 1.0, <V2", "==1.0.*", "!=1.0.*",
    "==1.0.0.*", "==1!1.*", ">1.0", "<1.0", ">1.0.post1", "<1.0rc1", "===1.0+\u0130",
    ">=1.0.po\u017ft1,>=1.0.post1", "", ",", "~=1", "==1.0a1.*", ">=1.0+abc", "==1.0+abc",
    "===a b", "===a;b", "==\u30001.0", "> =1", "=>1", "==1.0 .*", "~=1.0.*", "<=V1.0.POST",
    "~=2.2.post3", "~=1.4.5a4", "==1.1.0+abc", "===1.0A1", ">1.7", ">1!0",
    "==1.0.po\u017ft1", "!=1.0.po\u017ft1", "<=1.0.po\u017ft1", "===1.0.po\u017ft1",
]
EDGE_CANDIDATES = ["1.0", "1.0.0", "1.0a1", "1.0.post1", "1.0+local", "1.0.dev1", "1.4.5",
                   "1.4.5rc1", "1.4.6", "1.4.7", "1.5", "2.2.post3", "2.3", "1!1.2",
                   "1.0.post1+x", "0.9", "1.7.0.post1", "1.7.1", "1.0+\u0130", "1.0a1+l",
                   "1.0.po\u017ft1", "1.0PREV\u0130EW1"]

# --------------------------------------------------------------------- versions


def too_long(text):
    return len(text.encode("utf-8", "surrogatepass")) > MAX_LEN


def expected_version(text):
    if too_long(text):
        return None
    try:
        return str(Version(text))
    except InvalidVersion:
        return None


def check_versions():
    global checks
    inputs = EDGE_VERSIONS + [gen_version() for _ in range(COUNT)]
    out = run(["-"], inputs)
    if len(out) != len(inputs):
        die(f"pep440 -: {len(out)} output lines for {len(inputs)} inputs")
    valid = []
    for text, got in zip(inputs, out):
        want = expected_version(text)
        checks += 1
        error = "error: version is longer" if too_long(text) else "error: invalid version '"
        if want is None and not got.startswith(error):
            disagree("version", text, got, "InvalidVersion")
        elif want is not None and got != want:
            disagree("version", text, got, want)
        if want is not None:
            valid.append(text)
    n_valid = len(valid)
    print(f"versions: {len(inputs)} ({n_valid} valid, {len(inputs) - n_valid} invalid)")
    out = run(["--sort", "-"], valid)
    want = [str(v) for v in sorted(Version(t) for t in valid)]
    checks += 1
    if out != want:
        first = next((i for i, (a, b) in enumerate(zip(out, want)) if a != b),
                     min(len(out), len(want)))
        disagree("sort order", f"{n_valid} versions, first difference at {first}",
                 out[first:first + 3], want[first:first + 3])

# ------------------------------------------------------------------- specifiers


def reparses(version):
    try:
        Version(str(version))
        return True
    except InvalidVersion:
        return False


def answers(ss, version):
    """What slipway should print for one set and version under each of
    prereleases=None, True, False; None where packaging cannot answer (see
    the module docstring)."""
    results = []
    for pre in (None, True, False):
        try:
            results.append(ss.contains(version, prereleases=pre))
        except InvalidVersion:
            if not reparses(version):
                return [None, None, None]
            results.append(False)  # === with a non-version (see the docstring)
    out = []
    for pre, yes in zip((None, True, False), results):
        if yes:
            out.append("yes")
        elif pre is not True and version.is_prerelease and results[1]:
            out.append("no (pre-release; --no-pre given)" if pre is False
                       else "no (pre-release; pass --pre to allow)")
        else:
            out.append("no")
    return out


def make_pairs():
    pairs = [(s, c) for s in EDGE_SPECS for c in EDGE_CANDIDATES]
    while len(pairs) < COUNT + len(EDGE_SPECS) * len(EDGE_CANDIDATES):
        spec, versions = gen_spec()
        for _ in range(rng.choice([1, 2, 3])):
            candidate = related(rng.choice(versions)) if versions else version_text()
            if rng.random() < 0.05:
                candidate = mutate(candidate)
            pairs.append((spec, candidate.replace("\t", " ")))
    return [(s.replace("\n", " ").replace("\r", " "), c.replace("\n", " ").replace("\r", " "))
            for s, c in pairs]


def make_set(spec):
    """(SpecifierSet, str) for a valid spec, None for an invalid one, or
    "unhashable" where packaging raises InvalidVersion while building the
    set. That can happen before it reaches a later invalid clause (the set
    is built lazily), so validity is decided clause by clause."""
    try:
        ss = SpecifierSet(spec)
        return ss, str(ss)
    except InvalidSpecifier:
        return None
    except InvalidVersion:
        pass
    for piece in spec.split(","):
        if piece.strip():
            try:
                Specifier(piece.strip())
            except InvalidSpecifier:
                return None
    return "unhashable"


def expected_pairs(pairs):
    """For each pair: the expected line per policy, or an error marker."""
    cache, expected = {}, []
    for spec, candidate in pairs:
        if spec not in cache:
            cache[spec] = make_set(spec)
        if cache[spec] is None:
            expected.append(("error: invalid specifier",) * 3)
            continue
        if cache[spec] == "unhashable":
            expected.append((None,) * 3)
            continue
        if too_long(spec):
            expected.append(("error: specifier is longer",) * 3)
            continue
        ss, canon = cache[spec]
        try:
            v = Version(candidate)
        except InvalidVersion:
            expected.append(("error: invalid version",) * 3)
            continue
        expected.append(tuple(None if a is None else f"{canon}\t{candidate}\t{a}"
                              for a in answers(ss, v)))
    return expected


def check_pairs():
    global checks, skipped
    pairs = make_pairs()
    lines = [f"{s}\t{c}" for s, c in pairs]
    policies = [[], ["--pre"], ["--no-pre"]]
    runs = [start(["--pairs"] + flags, lines) for flags in policies]
    expected = expected_pairs(pairs)
    n_yes = 0
    for k, flags in enumerate(policies):
        out = finish(runs[k])
        if len(out) != len(lines):
            die(f"--pairs {flags}: {len(out)} output lines for {len(lines)} inputs")
        for (spec, cand), want, got in zip(pairs, expected, out):
            checks += 1
            n_yes += got.endswith("\tyes")
            if want[k] is None:
                skipped += 1
                if got.startswith("error: invalid specifier"):
                    disagree(f"pairs {flags} (must accept)", (spec, cand), got, "accepted")
            elif want[k].startswith("error: "):
                if not got.startswith(want[k]):
                    disagree(f"pairs {flags}", (spec, cand), got, want[k])
            elif got != want[k]:
                disagree(f"pairs {flags}", (spec, cand), got, want[k])
    print(f"specifier checks: {3 * len(pairs)} ({len(pairs)} pairs x 3 policies, "
          f"{n_yes} yes)")


def check_filter_and_spec_forms():
    global checks, skipped
    runs = 0
    for i in range(60):
        spec = rng.choice(EDGE_SPECS) if i < 25 else gen_spec()[0].replace("\x00", "")
        try:
            ss = SpecifierSet(spec)
        except (InvalidSpecifier, InvalidVersion):
            continue
        versions = []
        for _ in range(rng.randrange(1, 12)):
            text = related(rng.choice(EDGE_CANDIDATES)).replace("\t", " ")
            if expected_version(text) is not None and text.strip() == text and text:
                versions.append(text)
        for flags, pre in (([], None), (["--pre"], True), (["--no-pre"], False)):
            try:
                want = list(ss.filter(versions, prereleases=pre))
            except InvalidVersion:
                if not all(reparses(Version(t)) for t in versions):
                    skipped += 1
                    continue
                want = []
            out = run(["--spec", spec, "--filter"] + flags + ["-"], versions)
            checks += 1
            runs += 1
            if out != want:
                disagree(f"filter {flags}", (spec, versions), out, want)
        if i % 3 == 0 and versions:
            args = ["--spec", spec] + versions
            out = run(args, [])
            want = [f"{t} {answers(ss, Version(t))[0]}" for t in versions]
            if any(w.endswith(" None") for w in want):
                skipped += 1
                continue
            checks += 1
            runs += 1
            if out != want:
                disagree("--spec VERSION...", (spec, versions), out, want)
    print(f"filter and --spec runs: {runs}")


# The command line's contract: exit codes, outputs of each mode, usage errors.
CLI_CASES = [
    # (arguments, stdin, exit code, exact stdout or None, text stderr must hold)
    (["1.0", "V1.0-1"], "", 0, "1.0\n1.0.post1\n", ""),
    (["1.0", "1.0.x"], "", 1, "1.0\nerror: invalid version '1.0.x': unexpected '.x'\n", ""),
    (["--sort", "2.0", "1.0.0", "x", "1.0", "1!0"], "", 1, "1.0.0\n1.0\n2.0\n1!0\n",
     "invalid version 'x'"),
    (["--sort", "-"], "2\n1\r\n", 0, "1\n2\n", ""),
    (["--spec", " >=1.0 , <2"], "", 0, "<2,>=1.0\n", ""),
    (["--spec", ">=1.0.*"], "", 1, "", "only allowed with == and !="),
    (["--spec", ">=0.9", "1.0a1", "2.0", "0.1"], "", 0,
     "1.0a1 no (pre-release; pass --pre to allow)\n2.0 yes\n0.1 no\n", ""),
    (["--spec", ">=0.9", "--pre", "1.0a1"], "", 0, "1.0a1 yes\n", ""),
    (["--spec", ">=0.1a1", "--no-pre", "1.0a1"], "", 0,
     "1.0a1 no (pre-release; --no-pre given)\n", ""),
    (["--spec", ">=1", "bad"], "", 1, None, ""),
    (["--spec", "", "--filter", "-"], "1.0a1\n2.0b1\n", 0, "1.0a1\n2.0b1\n", ""),
    (["--pairs"], ">=1\t1.5\n", 0, ">=1\t1.5\tyes\n", ""),
    (["--pairs"], "no tab\n", 1, "error: expected SPEC<TAB>VERSION\n", ""),
    ([], "", 2, "", "no VERSION given"),
    (["--pre", "1.0"], "", 2, "", "need --spec"),
    (["--sort", "--spec", ">1", "1"], "", 2, "", "cannot be combined"),
    (["--pairs", "1.0"], "", 2, "", "takes no VERSION"),
    (["--bogus", "1.0"], "", 2, "", "unknown option '--bogus'"),
    (["--help"], "", 0, None, ""),
    (["--", "1.0"], "", 0, "1.0\n", ""),
]


def check_cli_contract():
    global checks
    for args, stdin, code, stdout, stderr in CLI_CASES:
        proc = subprocess.run([SLIPWAY, "pep440"] + args, input=stdin.encode(),
                              capture_output=True, timeout=60)
        out, err = proc.stdout.decode(), proc.stderr.decode()
        checks += 1
        if (proc.returncode != code or (stdout is not None and out != stdout)
                or stderr not in err):
            disagree("cli", args, (proc.returncode, out, err), (code, stdout, stderr))
    print(f"command-line contract cases: {len(CLI_CASES)}")


def main():
    for phase in (check_cli_contract, check_versions, check_pairs,
                  check_filter_and_spec_forms):
        start = time.monotonic()
        phase()
        print(f"  ({phase.__name__}: {time.monotonic() - start:.1f}s)")
    for failure in failures[:SHOW]:
        print("DISAGREE " + failure)
    if len(failures) > SHOW:
        print(f"... and {len(failures) - SHOW} more disagreements")
    print(f"{skipped} comparisons skipped where packaging raises (see the docstring)")
    print(f"{checks - len(failures)} passed, {len(failures)} failed (seed {SEED})")
    sys.exit(1 if failures else 0)


main()
