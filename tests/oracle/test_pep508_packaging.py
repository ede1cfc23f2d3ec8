"""Differential test of `slipway pep508` against packaging 25.0.

Generates at least 100,000 requirement strings (seeded; the seed is printed
and SW_ORACLE_SEED replays a run), valid and invalid, covering every part of
the grammar, plus hand-picked edge cases and standalone markers, and checks
that slipway and packaging agree on: valid or not, name, normalised name,
extras, specifier, url, marker, canonical str(), and marker evaluation
against the same full environment passed explicitly to both. Every
disagreement fails the test with the input shown.

Known, documented differences (include/slipway/pep508.h) are not counted
as disagreements only where slipway says "(not supported)" or reports the
nesting limit, and packaging accepts: NUL bytes, \\N{...} escapes, escapes
yielding NUL or lone surrogates, nesting deeper than SW_MARKER_MAX_DEPTH
(100). The generator never produces a capital sigma, which slipway always
lowers to σ where Python picks ς at the end of a word.
"""

import json
import os
import random
import subprocess
import sys
import warnings

from oracle_env import PREFIX, SITE, SLIPWAY, die, require_slipway, use_reference_tools  # noqa: E402,F401

COUNT = int(os.environ.get("SW_ORACLE_COUNT", "100000"))


use_reference_tools("packaging")
require_slipway()

import packaging  # noqa: E402
from packaging.markers import Marker  # noqa: E402
from packaging.requirements import Requirement  # noqa: E402
from packaging.utils import canonicalize_name  # noqa: E402

if packaging.__version__ != "25.0":
    die(f"expected packaging 25.0 from {SITE}, got {packaging.__version__}")

# Invalid escapes in marker strings make ast.literal_eval warn; packaging
# still accepts them, and so must we.
warnings.simplefilter("ignore")

# ---------------------------------------------------------------- environments

ENVIRONMENTS = [
    {
        "implementation_name": "cpython",
        "implementation_version": "3.11.2",
        "os_name": "posix",
        "platform_machine": "x86_64",
        "platform_release": "6.1.0-21-amd64",
        "platform_system": "Linux",
        "platform_version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.90-1 (2024-05-03)",
        "python_full_version": "3.11.2",
        "platform_python_implementation": "CPython",
        "python_version": "3.11",
        "sys_platform": "linux",
        "extra": "",
    },
    {
        "implementation_name": "pypy",
        "implementation_version": "7.3.13",
        "os_name": "nt",
        "platform_machine": "AMD64",
        "platform_release": "10",
        "platform_system": "Windows",
        "platform_version": "10.0.19045",
        "python_full_version": "3.8.10",
        "platform_python_implementation": "PyPy",
        "python_version": "3.8",
        "sys_platform": "win32",
        "extra": "Test_Extra",
    },
    {
        "implementation_name": "cpython",
        "implementation_version": "3.13.0a2",
        "os_name": "posix",
        "platform_machine": "arm64",
        "platform_release": "23.1.0",
        "platform_system": "Darwin",
        "platform_version": "Darwin Kernel Version 23.1.0",
        "python_full_version": "3.13.0+",
        "platform_python_implementation": "CPython",
        "python_version": "3.13",
        "sys_platform": "darwin",
        "extra": "security",
    },
]

# ------------------------------------------------------------------ generator

# Each list comes in two parts: mostly-valid choices, then odd ones that
# are picked less often (most make the input invalid).
NAMES = (["requests", "Foo.Bar", "a", "A1-b_2", "zope.interface", "foo_", "Django", "my__pkg",
          "a.b-c_d", "name", "PyYAML", "a_", "pip", "9"],
         ["x-", "_foo", "-a", "foo..bar", "é", "fooé", "foo!", "b.", ""])
EXTRAS = (["security", "tests", "Tests", "a", "B_c", "b-c", "b.c", "x1", "all", "ext_", "9"],
          ["_bad", "bad-", "é", ""])
OPS = (["==", "!=", "<=", ">=", "<", ">", "~=", "==="], ["=", "=>", "<>", "!", "~", ""])
VERSIONS = (["1.0", "1.0.*", "2.8.1", "1!2.0", "1.0a1", "1.0-1", "1.0.post1", "1.0.dev0",
             "1.0+local.1", "v1.0", "V2", "1.0rc1.post2.dev3", "1.0.0", "1", "1.*", "1.0-dev",
             "1.0_a_1", "1.0.c1", "1.0preview2", "1.0.r", "1.0rev3", "1.0POST", "1.0+a_b-c",
             "1.2.3.4.5", "0", "01.02", "3.*", "1.0a", "1.0+ABC"],
            ["1.0+abc.*", "abc", "1!", "1.0+", "1.0pofst1", "1.0poſt1", "1.0+K", "1.0İ",
             "1.0.", ".1", "1.0,", "1.0;", "(1.0)", "1 .0", "a1", "1.0~", "1.0++", "*"])
SPACES = ["", "", "", " ", "  ", "\t", " \t"]
ODD_SPACES = ["\u00a0", "\u2003", "\x0b", "\x0c", "\x1c", "\u3000"]
URLS = (["https://example.com/pkg.zip", "file:///tmp/x", "git+https://github.com/a/b.git@v1#egg=x",
         "https://example.com/p-1.0.tar.gz#sha256=abcd", "http://x/?a=1&b=2"],
        ["http://x;y", "https://ex.com/é", "http://x/(a)", "./local", "@", "[x]"])
VARIABLES = (["python_version", "python_full_version", "os_name", "os.name", "sys_platform",
              "sys.platform", "platform_release", "platform_system", "platform_version",
              "platform.version", "platform_machine", "platform.machine",
              "platform_python_implementation", "platform.python_implementation",
              "python_implementation", "implementation_name", "implementation_version",
              "extra"],
             ["extras", "dependency_groups", "python_versionx", "os_nam", "os-name"])
VALUES = (["3.8", "3.11", "3.11.2", "2.7", "3", "3.10.0rc1", "1.0.post1", "3.*", "3.8.*",
           "v3", " 3.8 ", "3.13.0+local", "7.3", "10", "23.1", "posix", "nt", "linux", "win32",
           "darwin", "x86_64", "AMD64", "arm64", "CPython", "PyPy", "Linux", "Windows",
           "cpython", "pypy", "", "a b", "foo_bar", "Foo.Bar", "test_extra", "Test-Extra",
           "security", "SECURITY", "tests", "lin", "ux"],
          ["=3.8", "<3", "é", "\\n", "\\x41", "\\u00e9", "\\'", '\\"', "\\\\", "\\d",
           "\\777", "\\101", "\\t", "\\U0001F600", "\\x4", "\\", "a\\\nb", "中文", "😀",
           "ß", "3,8", "===", "1.0 ", "python_version", "os_name", "extra",
           "Ä_B", "İx", "\u212a", "ΑΒΓ", "\\u01c4", "Ⓐ", "𐐀", "Ȿ", "\\xc4"])
BOOLOPS = (["and", "or"], ["AND", "&&", "andx", "or(", ""])
MARKER_OPS = (["==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"],
              ["not  in", "not\tin", "notin", "in ", "=", "<>", "is"])
MUTATION_CHARS = list(" \t,;()[]@'\"<>=!~.*+-_abcdnotrxyz019\\#/:") + ["and", "or", "in",
                                                                      "not", "\u00a0", "é"]


def choose(rng, lists, odd=0.1):
    """Picks from the usual choices, or with probability `odd` the odd ones."""
    return pick(rng, lists[1] if rng.random() < odd else lists[0])


def pick(rng, items):
    return items[rng.randrange(len(items))]


def ws(rng):
    if rng.random() < 0.03:
        return pick(rng, ODD_SPACES)
    return pick(rng, SPACES)


def gen_quoted(rng, env):
    roll = rng.random()
    if roll < 0.3:
        value = env[pick(rng, list(env))]
    else:
        value = choose(rng, VALUES, 0.2)
    quote = '"' if rng.random() < 0.6 else "'"
    if quote in value and rng.random() < 0.8:
        quote = "'" if quote == '"' else '"'
    return quote + value + quote


def gen_var(rng, env):
    if rng.random() < 0.55:
        return choose(rng, VARIABLES, 0.05)
    return gen_quoted(rng, env)


def gen_comparison(rng, env):
    left, right = gen_var(rng, env), gen_var(rng, env)
    if rng.random() < 0.7:  # keep most comparisons meaningful
        variable = choose(rng, VARIABLES, 0.03)
        left, right = (variable, gen_quoted(rng, env)) if rng.random() < 0.75 else (
            gen_quoted(rng, env), variable)
    op = choose(rng, MARKER_OPS, 0.05)
    return ws(rng) + left + ws(rng) + op + ws(rng) + right + ws(rng)


def gen_marker(rng, env, depth=0):
    parts = []
    for i in range(1 + int(rng.expovariate(1.2))):
        if i:
            op = choose(rng, BOOLOPS, 0.03)
            parts.append(op)
        if depth < 4 and rng.random() < 0.25:
            inner = gen_marker(rng, env, depth + 1)
            close = ")" if rng.random() < 0.97 else ""
            parts.append(ws(rng) + "(" + ws(rng) + inner + ws(rng) + close + ws(rng))
        else:
            parts.append(gen_comparison(rng, env))
    joiner = " " if rng.random() < 0.8 else ""
    return joiner.join(parts)


def gen_specifier(rng):
    clauses = []
    for _ in range(int(rng.expovariate(0.8))):
        op = choose(rng, OPS, 0.04)
        clauses.append(op + (ws(rng) if rng.random() < 0.3 else "") + choose(rng, VERSIONS, 0.1))
    text = ""
    for i, clause in enumerate(clauses):
        if i:
            text += ws(rng) + ("," if rng.random() < 0.95 else "") + ws(rng)
        text += clause
    if clauses and rng.random() < 0.05:
        text += ","
    if rng.random() < 0.15:
        text = "(" + ws(rng) + text + ws(rng) + (")" if rng.random() < 0.95 else "")
    return text


def gen_requirement(rng, env):
    text = ws(rng) + choose(rng, NAMES, 0.05)
    if rng.random() < 0.3:
        extras = [choose(rng, EXTRAS, 0.05) for _ in range(int(rng.expovariate(0.7)))]
        sep = "," if rng.random() < 0.95 else " "
        text += ws(rng) + "[" + ws(rng) + (ws(rng) + sep + ws(rng)).join(extras) + ws(rng)
        text += "]" if rng.random() < 0.97 else ""
    text += ws(rng)
    if rng.random() < 0.15:
        text += "@" + ws(rng) + choose(rng, URLS, 0.2)
        if rng.random() < 0.5:
            text += pick(rng, ["", " ", " ", "\t"]) + ";" + gen_marker(rng, env)
    else:
        text += gen_specifier(rng)
        if rng.random() < 0.6:
            text += ws(rng) + ";" + gen_marker(rng, env)
    return text + ws(rng)


def mutate(rng, text):
    for _ in range(1 + rng.randrange(3)):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.4:
            text = text[:at] + pick(rng, MUTATION_CHARS) + text[at:]
        elif roll < 0.7:
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + pick(rng, MUTATION_CHARS) + text[at + 1:]
    return text


# ------------------------------------------------------------------ expectations

def expect_requirement(text, env):
    try:
        req = Requirement(text)
    except Exception:  # InvalidRequirement, InvalidSpecifier, SyntaxError, ...
        return None
    result = {
        "name": req.name,
        "normalized_name": canonicalize_name(req.name),
        "extras": sorted(req.extras),
        "specifier": str(req.specifier),
        "url": req.url,
        "marker": None,
        "marker_holds": None,
        "canonical": str(req),
    }
    if req.marker is not None:
        result["marker"] = str(req.marker)
        try:
            result["marker_holds"] = req.marker.evaluate(env)
        except Exception:  # InvalidVersion, UndefinedComparison, KeyError
            pass
    return result


def expect_marker(text, env):
    try:
        marker = Marker(text)
    except Exception:
        return None
    result = {"marker": str(marker), "marker_holds": None}
    try:
        result["marker_holds"] = marker.evaluate(env)
    except Exception:
        pass
    return result


def known_deviation(got):
    error = got.get("error", "")
    return "(not supported)" in error or "nested deeper than" in error


# ---------------------------------------------------------------------- runner

def run_slipway(inputs, env, markers=False, via_args=False):
    args = [SLIPWAY, "pep508"]
    for key, value in env.items():
        args += ["--env", f"{key}={value}"]
    if markers:
        args.append("--marker")
    if via_args:
        args += ["--"] + inputs
        data = b""
    else:
        args.append("-")
        data = "".join(text + "\n" for text in inputs).encode()
    proc = subprocess.run(args, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False)
    if proc.returncode not in (0, 1):
        die(f"slipway exited {proc.returncode}: {proc.stderr.decode(errors='replace')}")
    lines = proc.stdout.decode().splitlines()
    if len(lines) != len(inputs):
        die(f"slipway printed {len(lines)} lines for {len(inputs)} inputs")
    return [json.loads(line) for line in lines]


def compare(inputs, env, markers, failures, stats, via_args=False):
    expect = expect_marker if markers else expect_requirement
    results = run_slipway(inputs, env, markers, via_args)
    for text, got in zip(inputs, results):
        want = expect(text, env)
        if got.get("input") != text:
            failures.append((text, "input echoed as %r" % got.get("input")))
            continue
        if want is None:
            stats["invalid"] += 1
            if "error" not in got:
                failures.append((text, "packaging refuses it, slipway accepts: %r" % got))
            continue
        stats["valid"] += 1
        if "error" in got:
            if known_deviation(got):
                stats["known"] += 1
            else:
                failures.append((text, "packaging accepts it, slipway refuses: %s" % got["error"]))
            continue
        for key, value in want.items():
            if got.get(key) != value:
                failures.append((text, f"{key}: packaging {value!r}, slipway {got.get(key)!r}"))
                break
        else:
            if want.get("marker_holds") is not None:
                stats["evaluated"] += 1


EDGE_REQUIREMENTS = [
    "foo", " foo ", "foo\n", "foo\n\n", "foo>=1\n", "foo @ http://x\n", "foo;os_name=='a'\n",
    "foo @ http://x ;os_name=='a'", "foo @ http://x;os_name=='a'", "foo@http://x",
    "foo @ http://x ", "foo @ http://x \t", "foo @", "foo @ ", "foo[]", "foo[ ]", "foo[a,]",
    "foo[a b]", "foo[a,b]]", "foo()", "foo ( )", "foo(>=1", "foo>=1)", "foo>=1,", "foo>=1,,",
    "foo>=1, ,<2", "foo ===", "foo===,", "foo===1,==2", "foo===1,<=(", "foo== 1.0",
    "foo==\u00a01.0", "foo==1.0.*", "foo>=1.0.*", "foo~=1.0.*", "foo~=1", "foo~=1.0+local",
    "foo>=1.0+local", "foo==1.0+local", "foo==1.0+Local", "foo_ >=1", "foo.", "foo-",
    "foo_", "foo;", "foo; ", "foo;os_name", "foo;os_name==", "foo;os_name=='a' and",
    "foo;(os_name=='a'", "foo;os_name=='a')", "foo;os_name=='a'and os_name=='b'",
    "foo;os_name=='a'andos_name=='b'", "foo;os_name not in'ab'", "foo;os_name notin 'ab'",
    "foo;os_name not  in 'ab'", "foo; '3.8' <= python_version", "foo; 'a' == 'b'",
    "foo; 'os_name' == 'posix'", "foo; os_name == os_name", "foo; extra == extra",
    "foo; extra == os_name", "foo; os_name == 'a' and extra == 'A_B'",
    "foo; (extra == 'A_B')", "foo; ((os_name=='a' or os_name=='b')) and extra=='c'",
    "foo; '\\x41' == os_name", "foo; os_name == '\\N{LATIN SMALL LETTER E WITH ACUTE}'",
    "foo; os_name == '\\0'", "foo; os_name == '\\ud800'", "foo; os_name == 'a\\'",
    "foo; os_name == \"it's\"", "foo; os_name == 'a\"b'", "foo;os_name=='\\777'",
    "foo==1.0poſt1", "foo==1.0+ſ", "foo==1.0.ſ", "foo>=1.0İ", "foo==1.0+K",
    "foo; python_version < '=3.11'", "foo; python_version in '3.11'",
    "foo; platform_release == '6.1'", "foo; os_name === 'posix'", "foo; os_name ~= 'posix'",
    "foo; os_name < 'z'", "foo; extras == 'a'", "foo; dependency_groups == 'a'",
    "foo; python_full_version == '3.13.0+local'", "foo; python_version === '3,11'",
    "name@http://foo.com", "foo[bar] @ http://x ; extra == 'bar'",
    "requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\"",
    "foo; os_name == \"a\\\nb\"", "foo; os_name == \"a\rb\"",
    "foo" + " " * 200 + ">=1",
    "foo; " + "(" * 100 + "os_name == 'a'" + ")" * 100,
    "foo; " + "(" * 101 + "os_name == 'a'" + ")" * 101,
    "foo; " + " and ".join(["os_name == 'posix'"] * 300),
]

EDGE_MARKERS = [
    "os_name == 'posix'", " os_name=='posix' ", "os_name=='posix'\n", "os_name == 'a' or",
    "(os_name == 'a')", "((os_name == 'a' or os_name == 'b')) and python_version > '3'",
    "extra == 'Foo.Bar'", "python_version > '3' and extra == 'Foo.Bar'", "", " ",
    "python_version", "'a' in 'abc'", "os_name == 'a' and (os_name == 'b' or extra == 'x')",
]


def main():
    seed = int(os.environ.get("SW_ORACLE_SEED", random.SystemRandom().randrange(1 << 32)))
    print(f"seed {seed} (set SW_ORACLE_SEED={seed} to replay)")
    rng = random.Random(seed)
    failures = []
    stats = {"valid": 0, "invalid": 0, "evaluated": 0, "known": 0}
    per_env = COUNT // len(ENVIRONMENTS) + 1
    total = 0
    for env in ENVIRONMENTS:
        inputs, markers = [], []
        while len(inputs) < per_env:
            text = gen_requirement(rng, env)
            if rng.random() < 0.25:
                text = mutate(rng, text)
            if "\n" not in text:
                inputs.append(text)
        for _ in range(per_env // 10):
            text = gen_marker(rng, env)
            markers.append(mutate(rng, text) if rng.random() < 0.3 else text)
        markers = [m for m in markers if "\n" not in m]
        compare(inputs, env, False, failures, stats)
        compare(markers, env, True, failures, stats)
        compare(EDGE_REQUIREMENTS, env, False, failures, stats, via_args=True)
        compare(EDGE_MARKERS, env, True, failures, stats, via_args=True)
        total += len(inputs) + len(markers) + len(EDGE_REQUIREMENTS) + len(EDGE_MARKERS)
    print(f"{total} inputs: {stats['valid']} valid ({stats['evaluated']} markers evaluated), "
          f"{stats['invalid']} invalid, {stats['known']} known differences")
    for text, why in failures[:30]:
        print(f"DISAGREE {text!r}: {why}")
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
