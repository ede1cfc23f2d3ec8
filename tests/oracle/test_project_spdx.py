"""Differential test of slipway's SPDX license expressions against packaging.

Generates SW_ORACLE_COUNT (default 30,000) license expressions (seeded; the
seed is printed and SW_ORACLE_SEED replays a run) and sends them all to
`slipway check --license -`, one per line; each must be accepted or refused
exactly as packaging 25.0's canonicalize_license_expression() does, and an
accepted one must have the same canonical form, byte for byte. packaging
raising KeyError (a LicenseRef-x+ without a plain LicenseRef-x next to it)
counts as a refusal.

The generator covers: every license and exception id of the list in random
case, deprecated ids, '+', AND/OR/WITH in any case, parentheses (nested,
doubled, empty, unbalanced), LicenseRef-/DocumentRef- references with good
and bad characters and repeated in other cases, Python's whitespace
(tab, NBSP, U+3000, U+001C, U+2028, ...) between tokens, unknown ids,
typos, truncations, nesting around Python's limit of 200 parentheses, and
the Kelvin sign that Python lowercases to 'k'. Lines never hold '\\n'.
"""

import json
import os
import random
import subprocess
import sys

from oracle_env import PREFIX, SITE, SLIPWAY, die, require_slipway, use_reference_tools  # noqa: E402,F401

COUNT = int(os.environ.get("SW_ORACLE_COUNT", "30000"))


use_reference_tools("packaging/licenses")
require_slipway()

import packaging  # noqa: E402
from packaging.licenses import InvalidLicenseExpression  # noqa: E402
from packaging.licenses import canonicalize_license_expression  # noqa: E402
from packaging.licenses._spdx import EXCEPTIONS, LICENSES  # noqa: E402

if packaging.__version__ != "25.0":
    die(f"expected packaging 25.0 from {SITE}, got {packaging.__version__}")

LICENSE_IDS = sorted(v["id"] for v in LICENSES.values())
DEPRECATED = sorted(v["id"] for v in LICENSES.values() if v["deprecated"])
EXCEPTION_IDS = sorted(v["id"] for v in EXCEPTIONS.values())
COMMON = ["MIT", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "GPL-3.0-or-later", "ISC",
          "LGPL-2.1-only", "MPL-2.0", "0BSD", "Unlicense", "PSF-2.0", "GPL-2.0-only"]
SPACES = [" ", " ", " ", "  ", "\t", "\x0b", "\x0c", "\r", "\x1c", "\x1f", "\x85", "\xa0",
          "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
NOT_SPACES = ["\u200b", "\x00", "\x7f", "\ufeff"]


def cased(rng, word):
    mode = rng.random()
    if mode < 0.5:
        return word
    if mode < 0.65:
        return word.lower()
    if mode < 0.8:
        return word.upper()
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in word)


def space(rng):
    if rng.random() < 0.8:
        return " "
    return rng.choice(SPACES) * rng.randint(1, 2)


def license_ref(rng):
    tail = "".join(rng.choice("abcXYZ019.-") for _ in range(rng.randint(0, 8)))
    prefix = cased(rng, "LicenseRef-") if rng.random() < 0.5 else "LicenseRef-"
    r = rng.random()
    if r < 0.08:
        tail += rng.choice(["_", "!", "é", "\u212a", "/", ":", "+"])
    elif r < 0.12:
        return cased(rng, "DocumentRef-") + "spdx:" + prefix + tail
    return prefix + tail


def simple(rng):
    r = rng.random()
    if r < 0.35:
        tok = rng.choice(COMMON)
    elif r < 0.6:
        tok = rng.choice(LICENSE_IDS)
    elif r < 0.65:
        tok = rng.choice(DEPRECATED)
    elif r < 0.78:
        tok = license_ref(rng)
    elif r < 0.83:
        tok = rng.choice(EXCEPTION_IDS)  # an exception where a license belongs
    elif r < 0.88:
        base = rng.choice(COMMON)
        i = rng.randrange(len(base))
        tok = base[:i] + rng.choice("xq-.") + base[i + 1:]  # a typo
    elif r < 0.91:
        tok = rng.choice(["MIT License", "GPL", "BSD", "Apache 2.0", "Proprietary", "and", "not",
                          "with", "+", "-", "MIT++", "\u212aiss", "M\u0130T"])
    else:
        tok = rng.choice(COMMON)
    tok = cased(rng, tok)
    if rng.random() < 0.08:
        tok += "+"
    return tok


def expression(rng, depth=0):
    """A random expression, mostly well formed."""
    r = rng.random()
    if depth > 3 or r < 0.35:
        term = simple(rng)
        if rng.random() < 0.15:
            exc = rng.choice(EXCEPTION_IDS) if rng.random() < 0.85 else simple(rng)
            term += space(rng) + cased(rng, "WITH") + space(rng) + cased(rng, exc)
        return term
    if r < 0.5:
        inner = expression(rng, depth + 1)
        return "(" + (space(rng) if rng.random() < 0.3 else "") + inner + (
            space(rng) if rng.random() < 0.3 else "") + ")"
    op = cased(rng, rng.choice(["AND", "OR", "AND", "OR", "WITH"]))
    return expression(rng, depth + 1) + space(rng) + op + space(rng) + expression(rng, depth + 1)


def mutate(rng, text):
    """Breaks or bends an expression the ways people and fuzzers do."""
    choice = rng.randrange(11)
    if choice == 0 and text:
        i = rng.randrange(len(text))
        return text[:i]
    if choice == 1:
        i = rng.randrange(len(text) + 1)
        return text[:i] + rng.choice(["(", ")", "()", "((", "))", " AND", "OR ", "WITH "]) + text[i:]
    if choice == 2:
        return text.replace(" ", rng.choice(SPACES + NOT_SPACES), rng.randint(1, 3))
    if choice == 3:
        return rng.choice(["", " ", "\t", "()", "( )", "(())"]) + text
    if choice == 4:
        return text + rng.choice([" AND ()", " OR ()", "()", " AND", "+", " WITH"])
    if choice == 5:
        ref = license_ref(rng)
        return f"{ref} OR {cased(rng, ref)}" + ("+" if rng.random() < 0.5 else "")
    if choice == 6:
        ref = "LicenseRef-" + rng.choice(["a", "Foo", "x.1"])
        return rng.choice([f"{ref}+", f"{ref} OR {ref.lower()}+", f"{ref.upper()}+ AND {ref}"])
    if choice == 7:
        n = rng.choice([1, 2, 50, 198, 199, 200, 201, 250])
        op = rng.choice(["AND", "OR", "WITH"]) if n < 150 else rng.choice(["AND", "OR"])
        return f"MIT {op} (" * n + "MIT" + ")" * n
    if choice == 8:
        return "(" * rng.randint(1, 3) + text + ")" * rng.randint(0, 3)
    if choice == 9:
        return "".join(rng.choice("()ANDOR mitWH+-.Rf") for _ in range(rng.randint(1, 12)))
    return text


def generate(rng, count):
    out = []
    while len(out) < count:
        text = expression(rng)
        if rng.random() < 0.4:
            text = mutate(rng, text)
        if "\n" in text:
            continue
        out.append(text)
    return out


def reference(text):
    try:
        return True, canonicalize_license_expression(text)
    except (InvalidLicenseExpression, KeyError):
        return False, None


FIXED = [
    "MIT", "mit", "MIT AND ()", "MIT OR ()", "((MIT))", "(MIT)", "LicenseRef-a+",
    "LicenseRef-a OR licenseref-a+", "LicenseRef-Foo OR LICENSEREF-foo", "LicenseRef-",
    "LicenseRef-\u212a", "\u212aiss", "MIT\u00a0OR Apache-2.0", "GPL-2.0+ WITH Classpath-exception-2.0",
    "MIT WITH (Classpath-exception-2.0)", "DocumentRef-x:LicenseRef-y", "", " ", "+", "()",
    "MIT\u200bOR Apache-2.0", "MIT\x00", "MIT AND () OR Apache-2.0",
]


def main():
    seed = int(os.environ.get("SW_ORACLE_SEED", random.randrange(1 << 30)))
    print(f"seed {seed}")
    rng = random.Random(seed)
    inputs = FIXED + generate(rng, COUNT)
    data = "\n".join(inputs).encode("utf-8", "surrogatepass") + b"\n"
    r = subprocess.run([SLIPWAY, "check", "--license", "-"], input=data, capture_output=True,
                       timeout=600)
    if r.returncode not in (0, 1):
        die(f"slipway exited {r.returncode}: {r.stderr.decode(errors='replace')}")
    lines = r.stdout.decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(inputs):
        die(f"{len(inputs)} expressions sent, {len(lines)} answers")
    passed = failed = valid = 0
    for text, line in zip(inputs, lines):
        got = json.loads(line)
        ok, canon = reference(text)
        valid += ok
        if got["input"] != text:
            problem = f"echoed as {got['input']!r}"
        elif got["valid"] != ok:
            problem = f"slipway valid={got['valid']} ({got.get('error')}), packaging {ok}"
        elif ok and got["canonical"] != canon:
            problem = f"slipway {got['canonical']!r}, packaging {canon!r}"
        else:
            passed += 1
            continue
        failed += 1
        if failed <= 30:
            print(f"FAIL {text!r}: {problem}")
    print(f"{len(inputs)} expressions, {valid} valid for packaging")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
