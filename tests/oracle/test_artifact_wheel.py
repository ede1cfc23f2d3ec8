"""tests/oracle/test_artifact_wheel.py — slipway's RECORD check against
`python3 -m wheel unpack` (python3-wheel 0.46 from the trixie prefix) on good
and broken wheels generated here: wrong hash, wrong size, missing row, extra
row, missing RECORD, a hash on RECORD's own row, weak and unknown hash
algorithms, rows without a hash or size, padded hashes, malformed rows,
quoted paths, CRLF line ends, a non-UTF-8 RECORD, signature files, plus
random combinations of those mutations.

wheel unpack refuses a wheel exactly when slipway reports one of the RECORD
errors that mirror its own checks (REFUSE below). Two checks slipway makes
that wheel does not (installers do, SPECS.md §4.4) are compared against the
expected code instead: a wrong size (R004) and a row for a file that is not
in the wheel (R005); wheel unpack accepts both."""
import base64
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_env import SITE, SLIPWAY, die, require_slipway, use_reference_tools  # noqa: E402

use_reference_tools("wheel", "packaging")
import wheel  # noqa: E402

if not wheel.__version__.startswith("0.46"):
    die(f"wheel 0.46 expected, found {wheel.__version__}")
require_slipway()

# RECORD codes that correspond to checks wheel unpack itself makes.
REFUSE = {"R001", "R002", "R003", "R006", "R007", "R008", "R010", "R012"}
NAME = "demo_pkg-1.0-py3-none-any.whl"
DIST = "demo_pkg-1.0.dist-info"
METADATA = "Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0\nSummary: demo\n"
WHEEL = "Wheel-Version: 1.0\nGenerator: oracle\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def b64(data):
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def base_files():
    return {
        "demo_pkg/__init__.py": b"VALUE = 1\n",
        "demo_pkg/core.py": b"def f():\n    return 2\n",
        "demo_pkg/data, with comma.txt": b"comma\n",
        "demo_pkg/empty.txt": b"",
        DIST + "/METADATA": METADATA.encode(),
        DIST + "/WHEEL": WHEEL.encode(),
    }


def rows_for(files):
    return [[p, "sha256=" + b64(d), str(len(d))] for p, d in files.items()]


def lrows(rows):
    """The rows that are lists (not raw lines)."""
    return [r for r in rows if isinstance(r, list)]


def render(rows, crlf=False):
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    for r in lrows(rows):
        if isinstance(r, str):
            buf.write(r + ("\r\n" if crlf else "\n"))
        else:
            w.writerow(r)
    return buf.getvalue().encode()


# Each mutation changes (files, rows, extra) in place; returns a label.
def m_wrong_hash(files, rows, ctx):
    files["demo_pkg/core.py"] = b"def f():\n    return 3\n"


def m_wrong_size(files, rows, ctx):
    for r in lrows(rows):
        if r[0] == "demo_pkg/core.py" and len(r) == 3 and r[2]:
            r[2] = str(int(r[2]) + 1)


def m_missing_row(files, rows, ctx):
    rows[:] = [r for r in rows if isinstance(r, str) or r[0] != "demo_pkg/core.py"]


def m_extra_row(files, rows, ctx):
    rows.append(["demo_pkg/gone.py", "sha256=" + b64(b"x"), "1"])


def m_no_record(files, rows, ctx):
    ctx["no_record"] = True


def m_record_hashed(files, rows, ctx):
    ctx["record_row"] = [DIST + "/RECORD", "sha256=" + b64(b"whatever"), "8"]


def m_md5(files, rows, ctx):
    for r in lrows(rows):
        if r[0] == "demo_pkg/core.py" and len(r) > 1:
            r[1] = "md5=" + base64.urlsafe_b64encode(hashlib.md5(files[r[0]]).digest()).rstrip(b"=").decode()


def m_unknown_algo(files, rows, ctx):
    for r in lrows(rows):
        if r[0] == "demo_pkg/core.py" and "=" in r[1]:
            r[1] = "foo256=" + r[1].split("=", 1)[1]


def m_no_hash(files, rows, ctx):
    for r in lrows(rows):
        if r[0] == "demo_pkg/core.py" and len(r) > 1:
            r[1] = ""


def m_no_size(files, rows, ctx):
    for r in lrows(rows):
        if r[0] == "demo_pkg/core.py" and len(r) == 3:
            r[2] = ""


def m_padded(files, rows, ctx):
    for r in lrows(rows):
        if r[0] == "demo_pkg/core.py" and r[1]:
            r[1] += "="


def m_two_fields(files, rows, ctx):
    for i, r in enumerate(rows):
        if not isinstance(r, str) and r[0] == "demo_pkg/core.py":
            rows[i] = r[:2]


def m_blank_line(files, rows, ctx):
    rows.insert(1, "")


def m_crlf(files, rows, ctx):
    ctx["crlf"] = True


def m_latin1(files, rows, ctx):
    ctx["latin1"] = True


def m_jws(files, rows, ctx):
    ctx["extra"][DIST + "/RECORD.jws"] = b"{}"


def m_unlisted(files, rows, ctx):
    ctx["extra"]["demo_pkg/stray.py"] = b"stray\n"


def m_bad_b64(files, rows, ctx):
    for r in lrows(rows):
        if r[0] == "demo_pkg/__init__.py" and len(r) > 1:
            r[1] = "sha256=" + "A" * 43


def m_dirs(files, rows, ctx):
    ctx["dirs"] = True


MUTATIONS = {
    "wrong hash": m_wrong_hash, "wrong size": m_wrong_size, "missing row": m_missing_row,
    "extra row": m_extra_row, "missing RECORD": m_no_record,
    "RECORD row with a hash": m_record_hashed, "md5": m_md5, "unknown algorithm": m_unknown_algo,
    "no hash": m_no_hash, "no size": m_no_size, "padded hash": m_padded,
    "two fields": m_two_fields, "blank line": m_blank_line, "CRLF": m_crlf,
    "latin-1 RECORD": m_latin1, "RECORD.jws": m_jws, "unlisted member": m_unlisted,
    "bad base64": m_bad_b64, "directory entries": m_dirs,
}


def build(path, names):
    files = base_files()
    rows = rows_for(files)
    ctx = {"extra": {}, "record_row": [DIST + "/RECORD", "", ""]}
    for n in names:
        MUTATIONS[n](files, rows, ctx)
    rows = rows + [ctx["record_row"]]
    record = render(rows, ctx.get("crlf", False))
    if ctx.get("latin1"):
        record = record.replace(b"comma", "comm\u00e9".encode("latin-1"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if ctx.get("dirs"):
            z.writestr(zipfile.ZipInfo("demo_pkg/"), b"")
        for p, d in files.items():
            z.writestr(p, d)
        for p, d in ctx["extra"].items():
            z.writestr(p, d)
        if not ctx.get("no_record"):
            z.writestr(DIST + "/RECORD", record)


def wheel_accepts(path, tmp):
    env = dict(os.environ, PYTHONPATH=SITE)
    r = subprocess.run([sys.executable, "-m", "wheel", "unpack", "-d", tmp, path],
                       capture_output=True, text=True, env=env)
    return r.returncode == 0, (r.stdout + r.stderr).strip().splitlines()[-1:]


def slipway_codes(path):
    r = subprocess.run([SLIPWAY, "check", "--json", "--no-readme", "--no-secrets", path],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1) or "runtime error" in r.stderr:
        die(f"slipway check {path}: exit {r.returncode}: {r.stderr}")
    report = json.loads(r.stdout)[0]
    if "error" in report:
        die(f"slipway could not read {path}: {report['error']}")
    return {f["code"] for f in report["findings"] if f["severity"] == "error"}


def main():
    passed = failed = 0
    rng = random.Random(20251122)
    cases = [[]] + [[n] for n in MUTATIONS]
    names = sorted(MUTATIONS)
    for _ in range(150):
        cases.append(rng.sample(names, rng.randint(2, 4)))
    with tempfile.TemporaryDirectory() as tmp:
        for i, muts in enumerate(cases):
            path = os.path.join(tmp, f"c{i}", NAME)
            os.makedirs(os.path.dirname(path))
            build(path, muts)
            ok, why = wheel_accepts(path, os.path.join(tmp, f"u{i}"))
            codes = slipway_codes(path)
            refused = bool(codes & REFUSE)
            good = ok != refused
            # What wheel does not check, slipway must still report.
            if good and ok and "wrong size" in muts and "no size" not in muts:
                good = "R004" in codes
            if good and ok and "extra row" in muts:
                good = "R005" in codes
            if good:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {muts}: wheel {'accepts' if ok else 'refuses'} {why}, "
                      f"slipway errors {sorted(codes)}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
