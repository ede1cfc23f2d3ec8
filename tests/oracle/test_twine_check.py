"""tests/oracle/test_twine_check.py — README rendering: `twine check` (twine
6.1 from the trixie prefix, with the system's readme_renderer 37 and
docutils) against `slipway check --json` on the same artifacts, built here:
wheels written with zipfile and sdists with tarfile, METADATA / PKG-INFO by
hand, with good and bad READMEs (markdown, plain, rst that renders or not,
missing or unknown content types, missing descriptions).

The verdict compared is the README's: twine FAILED (or refusing the
metadata, as twine 6.1 does for content types PyPI rejects) <=> slipway
reports an M-finding of severity error. Documented disagreements (PyPI rejects what
twine lets through) are listed in DISAGREE with the reason; each must
disagree exactly that way, so the list cannot go stale silently.
"""
import contextlib
import hashlib
import base64
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_env import die, require_slipway, use_reference_tools, SLIPWAY  # noqa: E402

use_reference_tools("twine")
import twine  # noqa: E402
import twine.exceptions  # noqa: E402
from twine.commands import check as twine_check  # noqa: E402
import readme_renderer.__about__  # noqa: E402

# name: (kind, Description-Content-Type or None, description or None)
CASES = {
    "md_ok": ("whl", "text/markdown", "# Title\n\nSome *text* and `code`.\n"),
    "md_gfm_table": ("whl", "text/markdown; variant=GFM", "| a | b |\n|---|---|\n| 1 | 2 |\n"),
    "md_commonmark": ("whl", "text/markdown; variant=CommonMark", "# T\n\n~~x~~\n"),
    "md_charset": ("whl", "text/markdown; charset=UTF-8", "caf\u00e9 **ok**\n"),
    "md_broken_syntax": ("whl", "text/markdown", "*unclosed **bold [link](\n<div>\n"),
    "plain_ok": ("whl", "text/plain", "Just text *not rst* `x\n"),
    "rst_ok": ("whl", "text/x-rst", "Title\n=====\n\nParagraph with ``code``.\n"),
    "rst_code_block": ("whl", "text/x-rst", "Doc\n===\n\n.. code-block:: python\n\n   x = 1\n"),
    "rst_unicode": ("whl", "text/x-rst", "Caf\u00e9\n=====\n\nna\u00efve \u2014 ok\n"),
    "rst_broken_emphasis": ("whl", "text/x-rst", "Hello *world\n"),
    "rst_raw": ("whl", "text/x-rst", ".. raw:: html\n\n   <b>x</b>\n"),
    "rst_dup_target": ("whl", "text/x-rst", "`link <http://x>`_ and `link <http://y>`_\n"),
    "rst_block_quote": ("whl", "text/x-rst", "a\n\n  b\n c\n"),
    "rst_comment_only": ("whl", "text/x-rst", ".. comment only\n"),
    "rst_unknown_directive": ("whl", "text/x-rst", "Text\n\n.. frobnicate::\n\n   x\n"),
    "rst_title_short": ("whl", "text/x-rst", "Long title here\n===\n\ntext\n"),
    "rst_include": ("whl", "text/x-rst", "Text\n\n.. include:: /etc/hostname\n"),
    "rst_bad_table": ("whl", "text/x-rst", "+---+---+\n| a | b |\n+---+\n"),
    "missing_dct_rst_ok": ("whl", None, "Title\n=====\n\nplain words\n"),
    "missing_dct_markdown": ("whl", None, "# Title\n\nSome *markdown [link](http://x)\n"),
    "missing_description": ("whl", "text/markdown", None),
    "unknown_description": ("whl", None, "UNKNOWN\n"),
    "unknown_ct_rst_ok": ("whl", "text/html", "Title\n=====\n\nfine rst\n"),
    "unknown_ct_rst_broken": ("whl", "text/html", "Hello *world\n"),
    "no_slash_ct": ("whl", "markdown", "# hi *there\n"),
    "bad_charset": ("whl", "text/markdown; charset=latin-1", "# hi\n"),
    "bad_variant": ("whl", "text/markdown; variant=MultiMarkdown", "# hi\n"),
    "sdist_md_ok": ("sdist", "text/markdown", "# Sdist\n\ntext\n"),
    "sdist_rst_broken": ("sdist", "text/x-rst", "Title\n=====\n\n* item\n  broken *emph\n"),
    "sdist_missing_dct": ("sdist", None, "`unclosed\n"),
}

# case: (twine fails?, slipway fails?, why they differ). None today: twine
# 6.1 reads metadata through packaging 25, which refuses the content types,
# charsets and markdown variants PyPI refuses (slipway's M002-M004), so the
# cases unknown_ct_*, no_slash_ct, bad_charset and bad_variant agree. (twine
# 4.0 of Debian 12 rendered an unknown type as rst and passed those.)
DISAGREE = {}


def metadata(name, dct, description, header=False):
    lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0", "Summary: test"]
    if dct is not None:
        lines.append(f"Description-Content-Type: {dct}")
    text = "\n".join(lines) + "\n"
    if description is not None:
        text += "\n" + description
    return text.encode("utf-8")


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}\n"


def write_wheel(folder, name, dct, description):
    path = os.path.join(folder, f"{name}-1.0-py3-none-any.whl")
    di = f"{name}-1.0.dist-info"
    files = {
        f"{name}/__init__.py": b"",
        f"{di}/METADATA": metadata(name, dct, description),
        f"{di}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                       b"Tag: py3-none-any\n",
    }
    record = "".join(record_line(p, d) for p, d in files.items()) + f"{di}/RECORD,,\n"
    files[f"{di}/RECORD"] = record.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for p, d in files.items():
            z.writestr(p, d)
    return path


def write_sdist(folder, name, dct, description):
    path = os.path.join(folder, f"{name}-1.0.tar.gz")
    top = f"{name}-1.0"
    pyproject = (f'[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n'
                 f'[project]\nname = "{name}"\nversion = "1.0"\ndescription = "test"\n').encode()
    files = {f"{top}/PKG-INFO": metadata(name, dct, description),
             f"{top}/pyproject.toml": pyproject,
             f"{top}/{name}/__init__.py": b""}
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as t:
        for p, d in files.items():
            info = tarfile.TarInfo(p)
            info.size = len(d)
            info.mode = 0o644
            t.addfile(info, io.BytesIO(d))
    return path


def twine_fails(path):
    """twine check's verdict: a rendering failure, or metadata twine 6.1
    refuses to read (packaging 25 validates Description-Content-Type)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            return bool(twine_check.check([path]))
    except twine.exceptions.InvalidDistribution as e:
        print(f"   twine refused {os.path.basename(path)}: {str(e).splitlines()[0]}")
        return True


def main():
    require_slipway()
    if twine.__version__ != "6.1.0":
        die(f"expected twine 6.1.0 from the trixie prefix, found {twine.__version__}")
    print(f"twine {twine.__version__}, readme_renderer {readme_renderer.__about__.__version__}")
    passed = failed = 0
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for i, (case, (kind, dct, desc)) in enumerate(CASES.items()):
            name = f"pkg{i}"
            write = write_wheel if kind == "whl" else write_sdist
            paths[case] = write(folder, name, dct, desc)
        proc = subprocess.run([SLIPWAY, "check", "--json"] + list(paths.values()),
                              capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            die(f"slipway check exited {proc.returncode}: {proc.stderr}")
        try:
            reports = {r["path"]: r for r in json.loads(proc.stdout)}
        except (ValueError, KeyError, TypeError) as e:
            die(f"slipway check --json gave no per-file reports ({e}): {proc.stdout[:300]}")
        for case, path in paths.items():
            report = reports.get(path)
            if report is None or "findings" not in report:
                print(f"FAIL {case}: no slipway report: {report}")
                failed += 1
                continue
            m_errors = [f for f in report["findings"]
                        if f["code"].startswith("M") and f["severity"] == "error"]
            slip = bool(m_errors)
            tw = twine_fails(path)
            expected = DISAGREE.get(case, (tw, tw, None))
            if (tw, slip) == expected[:2]:
                passed += 1
                note = f" (documented: {expected[2]})" if expected[2] else ""
                print(f"ok {case}: twine {'FAILED' if tw else 'PASSED'}, slipway "
                      f"{[f['code'] for f in m_errors] or 'no M error'}{note}")
            else:
                failed += 1
                print(f"FAIL {case}: twine {'FAILED' if tw else 'PASSED'}, slipway "
                      f"{[(f['code'], f['message']) for f in m_errors]}, expected "
                      f"twine={expected[0]} slipway={expected[1]}")
    if len(CASES) < 20:
        die("fewer than 20 artifacts")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
