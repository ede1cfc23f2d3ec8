#!/usr/bin/python3
"""oracle/test_toml_tomllib.py — slipway's TOML parser against Python's tomllib.

Every document goes through `slipway toml to-json` and through tomllib.
Both must accept it or both reject it; when both accept, the tagged JSON
converted to Python values must equal tomllib's result exactly (types
included; date-times by value; nan equals nan). Every accepted document
must also come back byte for byte from `slipway toml emit`, and every
rejection must be reported as "FILE:LINE:COL: reason" with exit status 1.

Documents:
  * tests/data/toml/*.toml          real-world-style pyproject files
  * tests/data/toml/invalid/*.toml  one rejection rule each (both reject)
  * tests/data/toml/deviation/*     where tomllib departs from TOML 1.0
  * a seeded generator of valid documents over every value type, key form
    and table form, and seeded mutations of them (mostly invalid)

Where tomllib (Python 3.11's, i.e. tomli 2.0) deviates from TOML 1.0,
slipway follows the spec:
  * integers outside the signed 64-bit range: the spec requires an error;
    tomllib returns a Python int of any size.
  * the year 0000: valid RFC 3339 / TOML; tomllib rejects it because
    Python's datetime starts at year 1.
Both are listed in KNOWN_DEVIATIONS and checked to behave as the spec says.
"""
import concurrent.futures
import datetime
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile

from oracle_env import SITE, SLIPWAY, die, use_reference_tools  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("SW_TEST_DATA") or os.path.join(HERE, "..", "data")
SEED = 20260522
N_GENERATED = 400
N_MUTATED = 600


def setup_oracle():
    """Puts the newest reference tools on sys.path; fails if they are missing."""
    use_reference_tools("packaging")
    os.environ["PYTHONPATH"] = SITE
    import packaging
    major = int(packaging.__version__.split(".")[0])
    if major < 25:
        die("packaging %s from %s, expected 25.0 or newer" % (packaging.__version__, SITE))
    print("oracle: packaging %s, tomllib of Python %s"
          % (packaging.__version__, sys.version.split()[0]))


setup_oracle()
import tomllib  # noqa: E402  (the stdlib module of /usr/bin/python3)

# ---- tagged JSON to Python ------------------------------------------------

DT_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
                   r"(Z|[+-]\d{2}:\d{2})?)?$")
TIME_RE = re.compile(r"^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$")


def micro(frac):
    """Fraction digits to microseconds, truncated like tomllib."""
    return int((frac or "0")[:6].ljust(6, "0"))


def tz(text):
    if text == "Z":
        return datetime.timezone.utc
    sign = -1 if text[0] == "-" else 1
    return datetime.timezone(sign * datetime.timedelta(hours=int(text[1:3]),
                                                       minutes=int(text[4:6])))


def to_datetime(kind, text):
    if kind == "time-local":
        m = TIME_RE.match(text)
        return datetime.time(int(m[1]), int(m[2]), int(m[3]), micro(m[4]))
    m = DT_RE.match(text)
    if not m:
        raise ValueError("bad date-time text %r" % text)
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if kind == "date-local":
        return datetime.date(y, mo, d)
    tzinfo = tz(m[8]) if kind == "datetime" else None
    return datetime.datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6]), micro(m[7]),
                             tzinfo=tzinfo)


def from_tagged(j):
    if isinstance(j, list):
        return [from_tagged(x) for x in j]
    if set(j) == {"type", "value"} and isinstance(j["value"], str):
        t, v = j["type"], j["value"]
        if t == "string":
            return v
        if t == "integer":
            return int(v)
        if t == "float":
            return float(v)
        if t == "bool":
            assert v in ("true", "false"), v
            return v == "true"
        return to_datetime(t, v)
    return {k: from_tagged(x) for k, x in j.items()}


def same(a, b):
    """Exact equality: same types, nan == nan, offsets compared too."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, datetime.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return a == b


def has_big_int(v):
    if isinstance(v, dict):
        return any(has_big_int(x) for x in v.values())
    if isinstance(v, list):
        return any(has_big_int(x) for x in v)
    return type(v) is int and not -2**63 <= v < 2**63


# ---- running both -----------------------------------------------------------

TMP = tempfile.mkdtemp(prefix="sw-toml-oracle-")
ERR_RE = re.compile(r"^(.*):(\d+):(\d+): \S")


def slipway(*args):
    r = subprocess.run([SLIPWAY, "toml", *args], capture_output=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def tomllib_load(data):
    try:
        return True, tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        return False, e


def known_deviation(data, ref_ok, ref, mine_ok, stderr):
    """Names the tomllib deviation explaining a disagreement, or None."""
    if ref_ok and not mine_ok and b"does not fit in 64 bits" in stderr and has_big_int(ref):
        return "integer outside 64 bits"
    if not ref_ok and mine_ok and re.search(rb"(^|[^0-9])0000-\d\d-\d\d", data):
        return "year 0000"
    return None


def check(name, data):
    """Returns a list of failure messages for one document."""
    path = os.path.join(TMP, "%s.toml" % re.sub(r"[^A-Za-z0-9_.-]", "_", name))
    with open(path, "wb") as f:
        f.write(data)
    rc, out, err = slipway("to-json", path)
    ref_ok, ref = tomllib_load(data)
    mine_ok = rc == 0
    fails = []
    if mine_ok != ref_ok:
        dev = known_deviation(data, ref_ok, ref, mine_ok, err)
        if dev:
            return [], dev
        fails.append("%s: slipway %s, tomllib %s (%s)" % (
            name, "accepts" if mine_ok else "rejects: " + err.decode(errors="replace").strip(),
            "accepts" if ref_ok else "rejects", ref if not ref_ok else ""))
        return fails, None
    if not mine_ok:
        line = err.decode(errors="replace").splitlines()[0] if err else ""
        m = ERR_RE.match(line)
        if rc != 1 or not m or m[1] != path:
            fails.append("%s: bad rejection (exit %d): %r" % (name, rc, line))
        return fails, None
    mine = from_tagged(json.loads(out))
    if not same(mine, ref):
        fails.append("%s: values differ\n  slipway: %r\n  tomllib: %r" % (name, mine, ref))
    rc, out, err = slipway("emit", path)
    if rc != 0 or out != data:
        fails.append("%s: emit is not the input (exit %d)" % (name, rc))
    return fails, None


# ---- the generator ----------------------------------------------------------

WORDS = ["name", "version", "deps", "alpha", "beta", "x", "y", "_", "a-b", "A1", "42",
         "true", "inf", "nan", "key_2", "é", "日本", "with space", "dot.ted", "q\"uote",
         "back\\slash", "tab\there", ""]
TEXT = ["plain", "with space", "é", "日本語", "🐍", "'", "\"", "\\", "\t", "\n", "#",
        "=", "[", "]", "{", "}", ",", "\u0001", "\u007f", "x" * 20, "\r", "\u2028"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return self.r.choice(seq)

    def ws(self):
        return self.pick(["", " ", " ", "  ", "\t"])

    def comment(self):
        if self.r.random() < 0.7:
            return ""
        return self.ws() + "#" + self.pick(["", " note", " é 日本 🐍", " # nested", "\ttab"])

    def basic_escaped(self, s):
        out = []
        for ch in s:
            o = ord(ch)
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch in "\b\t\n\f\r":
                out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
                            "\r": "\\r"}[ch])
            elif o < 0x20 or o == 0x7F:
                out.append("\\u%04x" % o if self.r.random() < 0.5 else "\\U%08X" % o)
            elif o > 0x7F and self.r.random() < 0.3:
                out.append("\\u%04X" % o if o < 0x10000 else "\\U%08x" % o)
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'

    def key(self):
        w = self.pick(WORDS)
        if w and re.fullmatch(r"[A-Za-z0-9_-]+", w) and self.r.random() < 0.7:
            return w, w
        if "'" not in w and not re.search("[\x00-\x08\x0a-\x1f\x7f]", w) and self.r.random() < 0.4:
            return w, "'" + w + "'"
        return w, self.basic_escaped(w)

    def string(self):
        s = "".join(self.pick(TEXT) for _ in range(self.r.randrange(0, 5)))
        form = self.r.randrange(6)
        safe = not re.search("[\x00-\x08\x0a-\x1f\x7f]", s)
        if form == 1 and safe and "'" not in s:
            return "'" + s + "'"
        if form == 2:
            body = self.basic_escaped(s)[1:-1].replace("\\n", self.pick(["\n", "\\n"]))
            lead = self.pick(["", "\n", "\r\n"])
            fold = self.pick(["", "\\\n   ", "\\  \n\n  "])
            return '"""' + lead + fold + body + self.pick(["", '"', '""']) + '"""'
        if form == 3 and "'''" not in s and not re.search("[\x00-\x08\x0b-\x1f\x7f]", s):
            tail = "" if s.endswith("'") else self.pick(["", "'", "''"])
            return "'''" + self.pick(["", "\n"]) + s + tail + "'''"
        return self.basic_escaped(s)

    def integer(self):
        v = self.r.randrange(-2**40, 2**40) if self.r.random() < 0.7 else self.r.randrange(-99, 99)
        form = self.r.randrange(6)
        if form == 1 and v >= 0:
            return self.pick(["0x%x", "0x%X", "0x%08x"]) % v
        if form == 2 and v >= 0:
            return "0o%o" % v
        if form == 3 and v >= 0:
            return "0b" + bin(v)[2:]
        if form == 4:
            digits = str(abs(v))
            grouped = "_".join(digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)[::-1])
            return ("-" if v < 0 else self.pick(["", "+"])) + grouped
        return ("+" if v >= 0 and self.r.random() < 0.2 else "") + str(v)

    def float(self):
        form = self.r.randrange(7)
        if form == 0:
            return self.pick(["", "+", "-"]) + self.pick(["inf", "nan"])
        if form == 1:
            return self.pick(["0.0", "-0.0", "+0.0", "0e0", "1e1_0", "1_000.000_1"])
        if form == 2:
            return "%d.%de%s%d" % (self.r.randrange(10), self.r.randrange(1000),
                                   self.pick(["", "+", "-"]), self.r.randrange(300))
        if form == 3:
            return "%dE%03d" % (self.r.randrange(1, 100), self.r.randrange(20))
        return repr(self.r.uniform(-1e6, 1e6))

    def date(self):
        y = self.r.randrange(1000, 10000)
        m = self.r.randrange(1, 13)
        last = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28,
                31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        d = last if self.r.random() < 0.2 else self.r.randrange(1, last + 1)
        return "%04d-%02d-%02d" % (y, m, d)

    def time(self):
        t = "%02d:%02d:%02d" % (self.r.randrange(24), self.r.randrange(60), self.r.randrange(60))
        if self.r.random() < 0.4:
            t += "." + "".join(self.pick("0123456789") for _ in range(self.r.randrange(1, 10)))
        return t

    def datetime(self):
        form = self.r.randrange(4)
        if form == 0:
            return self.date()
        if form == 1:
            return self.time()
        s = self.date() + self.pick(["T", "t", " "]) + self.time()
        if form == 2:
            s += self.pick(["Z", "z", "+%02d:%02d" % (self.r.randrange(24), self.r.randrange(60)),
                            "-%02d:%02d" % (self.r.randrange(24), self.r.randrange(60))])
        return s

    def array(self, depth):
        items = [self.value(depth + 1) for _ in range(self.r.randrange(0, 5))]
        if self.r.random() < 0.5:
            sep = "," + self.ws()
            trailing = self.pick(["", ","]) if items else ""
            return "[" + self.ws() + sep.join(items) + trailing + self.ws() + "]"
        ind = self.pick(["  ", "    ", "\t"])
        body = "".join("\n" + ind + it + "," + self.comment() for it in items)
        return "[" + self.comment() + body + "\n" + self.pick(["", "# end\n"]) + "]"

    def inline(self, depth):
        used, parts = set(), []
        for _ in range(self.r.randrange(0, 4)):
            k, ks = self.key()
            if k in used:
                continue
            used.add(k)
            if self.r.random() < 0.2:
                sub = [self.key() for _ in range(2)]
                if sub[0][0] != sub[1][0]:
                    parts += ["%s.%s = %s" % (ks, s[1], self.value(depth + 1)) for s in sub]
                    continue
            parts.append("%s%s=%s%s" % (ks, self.ws(), self.ws(), self.value(depth + 1)))
        return "{" + self.ws() + ("," + self.ws()).join(parts) + self.ws() + "}"

    def value(self, depth=0):
        kinds = [self.string, self.integer, self.float, self.datetime,
                 lambda: self.pick(["true", "false"])]
        if depth < 3:
            kinds += [lambda: self.array(depth), lambda: self.inline(depth)]
        return self.pick(kinds)()

    def keyvals(self, out, used):
        for _ in range(self.r.randrange(0, 5)):
            k, ks = self.key()
            if k in used:
                continue
            used.add(k)
            if self.r.random() < 0.2:
                k2, ks2 = self.key()
                for sub in {k2: ks2, "z_" + k2: self.basic_escaped("z_" + k2)}.items():
                    out.append("%s.%s = %s%s" % (ks, sub[1], self.value(), self.comment()))
                continue
            out.append(self.ws() + ks + self.ws() + "=" + self.ws() + self.value() +
                       self.comment())

    def document(self):
        out, used_root, tables = [], set(), []
        self.keyvals(out, used_root)
        for i in range(self.r.randrange(0, 6)):
            name = "t%d" % i
            if self.r.random() < 0.3:  # implicit parent defined after the child
                child, child_src = self.key()
                out.append("[%s.%s]" % (name, child_src))
                self.keyvals(out, set())
                out.append(self.pick(["", "\n"]) + "[%s]%s" % (name, self.comment()))
                self.keyvals(out, {child})
                tables.append(name)
                continue
            elif self.r.random() < 0.3:  # an array of tables
                for _ in range(self.r.randrange(1, 4)):
                    out.append("[[%s%s%s]]" % (self.ws(), name, self.ws()))
                    self.keyvals(out, set())
                    if self.r.random() < 0.3:
                        out.append("[%s.sub]" % name)
                        self.keyvals(out, set())
                continue
            else:
                out.append("[%s . %s]" % (self.pick(["tool", "project", "cfg"]), name))
            self.keyvals(out, set())
            tables.append(name)
        nl = "\r\n" if self.r.random() < 0.1 else "\n"
        return (nl.join(out) + self.pick(["", nl, nl + nl])).encode("utf-8")


INTERESTING = [b'"', b"'", b"=", b"[", b"]", b"{", b"}", b",", b".", b"#", b"\n", b"\r",
               b"\x00", b"\x7f", b"\\", b"_", b"0", b"e", b":", b"-", b"T", b" ", b"\t",
               b"\xff", b"\xc3", b'"""', b"'''", b"[[", b"\\u", b"+", b"x", b"\xe2\x80\xa8"]


def mutate(r, data):
    for _ in range(r.randrange(1, 4)):
        if not data:
            data = r.choice(INTERESTING)
            continue
        op = r.randrange(5)
        i = r.randrange(len(data) + 1)
        if op == 0:
            data = data[:i] + r.choice(INTERESTING) + data[i:]
        elif op == 1:
            data = data[:i] + data[i + r.randrange(1, 4):]
        elif op == 2:
            data = data[:i] + r.choice(INTERESTING) + data[i + 1:]
        else:
            lines = data.split(b"\n")
            j, k = r.randrange(len(lines)), r.randrange(len(lines))
            if op == 3:
                lines.insert(k, lines[j])
            else:
                lines[j], lines[k] = lines[k], lines[j]
            data = b"\n".join(lines)
    return data


# ---- main -------------------------------------------------------------------

def corpus():
    docs = []
    toml_dir = os.path.join(DATA, "toml")
    for sub in ("", "invalid", "deviation"):
        d = os.path.join(toml_dir, sub)
        for f in sorted(os.listdir(d)):
            if f.endswith(".toml"):
                with open(os.path.join(d, f), "rb") as fh:
                    docs.append(((sub or "valid") + "/" + f, fh.read()))
    gen = Gen(SEED)
    generated = [gen.document() for _ in range(N_GENERATED)]
    docs += [("gen-%d" % i, d) for i, d in enumerate(generated)]
    r = random.Random(SEED + 1)
    docs += [("mut-%d" % i, mutate(r, r.choice(generated))) for i in range(N_MUTATED)]
    return docs


def main():
    if not SLIPWAY:
        print("FAIL: SLIPWAY is not set")
        return 1
    docs = corpus()
    passed = failed = 0
    deviations = {}
    accepted = {"valid": 0, "gen": 0, "mut": 0}
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda nd: check(*nd), docs))
    for (name, data), (fails, dev) in zip(docs, results):
        kind = name.split("/")[0].split("-")[0]
        if name.startswith("invalid/") and tomllib_load(data)[0]:
            fails = fails + ["%s: tomllib accepts a file of invalid/" % name]
        if name.startswith("deviation/") and not dev:
            fails = fails + ["%s: expected a documented tomllib deviation" % name]
        if name.startswith("valid/") and not tomllib_load(data)[0]:
            fails = fails + ["%s: corpus file is not valid TOML" % name]
        if dev:
            deviations[dev] = deviations.get(dev, 0) + 1
        elif kind in accepted and tomllib_load(data)[0]:
            accepted[kind] += 1
        if fails:
            failed += 1
            for f in fails:
                print("FAIL:", f)
        else:
            passed += 1
    print("documents: %d corpus files (%d valid), %d generated (%d valid), %d mutated (%d valid)"
          % (sum(1 for n, _ in docs if "/" in n), accepted["valid"], N_GENERATED,
             accepted["gen"], N_MUTATED, accepted["mut"]))
    print("known tomllib deviations seen: %s" % (deviations or "none"))
    if accepted["gen"] < N_GENERATED * 0.8:
        print("FAIL: the generator made too few valid documents")
        failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
