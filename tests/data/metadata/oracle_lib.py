"""Shared by tests/oracle/test_metadata_*.py (kept here, beside the data).

- checks that the newest reference tools are unpacked (packaging 25.0,
  hatchling 1.27, flit_core 3.12, setuptools 78) and FAILS the test if not;
- builds METADATA (prepare_metadata_for_build_wheel) and PKG-INFO (from
  build_sdist) of the sample projects in projects/ with each backend, in a
  subprocess of /usr/bin/python3 on a copy of the project;
- models what slipway's parser must return for given bytes, from Python's
  email parser (compat32) and packaging.metadata.parse_email(), plus the
  rules documented in include/slipway/metadata.h (the unfolding of
  continuation lines, and the cases slipway refuses);
- runs `slipway metadata parse --json` on many files at once.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PREFIX = os.environ.get("SW_ORACLE_PREFIX", "/root/.cache/slipway/oracle")
SITE = os.path.join(PREFIX, "usr/lib/python3/dist-packages")
HERE = os.path.dirname(os.path.abspath(__file__))
PROJECTS = os.path.join(HERE, "projects")
SLIPWAY = os.environ.get("SLIPWAY")

BACKENDS = {
    "hatchling": "hatchling.build",
    "flit": "flit_core.buildapi",
    "setuptools": "setuptools.build_meta",
}
VERSIONS = {
    "packaging": "25.0",
    "hatchling": "1.27.0",
    "flit_core": "3.12.0",
    "setuptools": "78.1.1",
}

# Which backend builds which sample project. A string says why a backend
# is left out (the project uses something it does not support, or it does
# something else with it); those combinations are not built.
NOT_SUPPORTED = {
    ("dynamic-fields", "flit"): "flit only supports dynamic version and description",
    ("dynamic-fields", "setuptools"): "setuptools fills dynamic fields from "
    "[tool.setuptools.dynamic]; slipway and hatchling write them as Dynamic",
    ("inline-readme", "hatchling"): "hatchling 1.27 refuses content-type parameters",
    ("legacy-license-text", "flit"): "flit 3.12 drops a legacy license text",
    ("legacy-license-file", "flit"): "flit 3.12 writes no License for a legacy license file",
    ("self-reference", "hatchling"): "hatchling 1.27 expands a self-referencing extra "
    "into the requirements of the extras it names",
    ("import-names", "hatchling"): "hatchling 1.27 ignores import-names (metadata 2.5)",
    ("import-names", "flit"): "flit 3.12 ignores import-names (metadata 2.5)",
    ("import-names", "setuptools"): "setuptools 78 refuses import-names (metadata 2.5)",
}

DRIVER = r"""
import contextlib, importlib, os, sys, tarfile
module, out = sys.argv[1], sys.argv[2]
backend = importlib.import_module(module)
os.makedirs(os.path.join(out, "w"))
os.makedirs(os.path.join(out, "s"))
with contextlib.redirect_stdout(sys.stderr):
    d = backend.prepare_metadata_for_build_wheel(os.path.join(out, "w"))
    s = backend.build_sdist(os.path.join(out, "s"))
with open(os.path.join(out, "w", d, "METADATA"), "rb") as f:
    data = f.read()
with open(os.path.join(out, "METADATA"), "wb") as f:
    f.write(data)
with tarfile.open(os.path.join(out, "s", s)) as t:
    member = t.extractfile(s[: -len(".tar.gz")] + "/PKG-INFO")
    data = member.read()
with open(os.path.join(out, "PKG-INFO"), "wb") as f:
    f.write(data)
"""


def die(message):
    print("FAIL: " + message)
    sys.exit(1)


def setup():
    """Checks the reference tools and puts them on sys.path."""
    for name, version in VERSIONS.items():
        info = [d for d in os.listdir(SITE) if d.startswith(name + "-")] if os.path.isdir(
            SITE) else []
        if not os.path.isdir(os.path.join(SITE, name)) or not info:
            die(f"{name} not found under {SITE}: run scripts/setup")
        if not any(d.startswith(f"{name}-{version}.") for d in info):
            die(f"expected {name} {version} under {SITE}, found {info}")
    if not SLIPWAY or not os.access(SLIPWAY, os.X_OK):
        die("SLIPWAY must name the slipway binary")
    sys.path.insert(0, SITE)
    import packaging

    if packaging.__version__ != VERSIONS["packaging"]:
        die(f"expected packaging 25.0, got {packaging.__version__}")


def projects():
    return sorted(os.listdir(PROJECTS))


def build(project, backend, workdir):
    """Builds a project with a backend; returns {"METADATA": bytes,
    "PKG-INFO": bytes}. Dies with the backend's output on failure."""
    src = os.path.join(workdir, f"{project}-{backend}-src")
    out = os.path.join(workdir, f"{project}-{backend}-out")
    shutil.copytree(os.path.join(PROJECTS, project), src)
    env = dict(os.environ, PYTHONPATH=SITE, SOURCE_DATE_EPOCH="1700000000")
    proc = subprocess.run(["/usr/bin/python3", "-c", DRIVER, BACKENDS[backend], out],
                          cwd=src, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        die(f"{backend} could not build {project}:\n{proc.stderr[-3000:]}")
    result = {}
    for kind in ("METADATA", "PKG-INFO"):
        with open(os.path.join(out, kind), "rb") as f:
            result[kind] = f.read()
    return result


def build_all(workdir, project_names=None):
    """Builds every supported (project, backend); returns a dict keyed by
    (project, backend)."""
    built = {}
    for project in project_names or projects():
        for backend in BACKENDS:
            if (project, backend) not in NOT_SUPPORTED:
                built[(project, backend)] = build(project, backend, workdir)
    return built


# ------------------------------------------------------------- slipway side

def slipway_parse(paths):
    """Runs `slipway metadata parse --json` on the files; returns one
    decoded object per file ({"error": ...} for a refused file)."""
    results = []
    for start in range(0, len(paths), 500):
        chunk = paths[start:start + 500]
        proc = subprocess.run([SLIPWAY, "metadata", "parse", "--json", *chunk],
                              capture_output=True, timeout=600)
        if proc.returncode not in (0, 1):
            die(f"slipway metadata parse exited {proc.returncode}: {proc.stderr!r}")
        lines = proc.stdout.split(b"\n")
        if lines[-1] != b"" or len(lines) != len(chunk) + 1:
            die(f"expected {len(chunk)} JSON lines, got {len(lines) - 1}")
        results.extend(json.loads(line.decode("utf-8")) for line in lines[:-1])
    return results


# -------------------------------------------------------- the reference model

# Line boundaries other than CR/LF that slipway refuses in header values.
BOUNDARIES = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
SINGLE = {"metadata-version", "name", "version", "summary", "keywords", "home-page",
          "download-url", "author", "author-email", "license", "license-expression",
          "maintainer", "maintainer-email", "requires-python",
          "description-content-type", "description"}
MULTI = {"platform", "supported-platform", "license-file", "classifier", "requires-dist",
         "provides-dist", "obsoletes-dist", "requires", "provides", "obsoletes",
         "requires-external", "project-url", "provides-extra", "import-name",
         "import-namespace", "dynamic"}


def unfold(name_len, raw, pipes=False):
    """The unfolding rule of slipway/metadata.h, applied to a raw compat32
    value (first line already stripped, continuation lines as written)."""
    lines = re.split(r"\r\n|\r|\n", raw)
    first, conts = lines[0], lines[1:]

    def ws(line):
        return len(line) - len(line.lstrip(" \t"))

    nonblank = [line for line in conts if line.strip(" \t")]
    if pipes and nonblank and all(line[ws(line)] == "|" for line in nonblank):
        rest = ["" if not line.strip(" \t") else line[ws(line) + 1:] for line in conts]
    else:
        k = min([name_len + 2] + [ws(line) for line in nonblank])
        rest = [line[min(k, ws(line)):] for line in conts]
    return "\n".join([first] + rest)


def _text(value):
    """A compat32 header value (str with surrogate escapes) as text."""
    return value.encode("ascii", "surrogateescape").decode("utf-8")


def reference(data):
    """What slipway must make of `data`: ("ok", json-like dict) or
    ("refused", reason). Built from packaging.metadata.parse_email() and
    the email parser it uses; slipway's extra rules are marked."""
    import email.parser
    import email.policy

    from packaging.metadata import _RAW_TO_EMAIL_MAPPING, parse_email

    if b"\0" in data:
        return "refused", "NUL byte (slipway)"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "refused", "invalid UTF-8 (slipway; packaging keeps mojibake)"
    for i, line in enumerate(re.split(rb"\r\n|\r|\n", data)):
        if not line:
            break
        if line[:1] in (b" ", b"\t") and i == 0:
            return "refused", "a continuation line first (slipway)"
        if line[:1] not in (b" ", b"\t") and not re.match(rb"[\x21-\x39\x3b-\x7e]+:", line):
            return "refused", f"stray line {line[:40]!r} (slipway; Python starts the body)"
    msg = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(data)
    if msg.defects:
        return "refused", f"email defects {msg.defects} (slipway refuses a stray line)"
    if msg.get_unixfrom():
        return "refused", "a 'From ' line (slipway refuses a stray line)"
    headers = [(name, _text(value)) for name, value in msg._headers]
    for name, value in headers:
        if BOUNDARIES.search(value):
            return "refused", f"line boundary in {name} (slipway)"
    raw, unparsed = parse_email(data)
    for key in unparsed:
        if key in SINGLE or key == "project-url":
            return "refused", f"{key} in packaging's unparsed: {unparsed[key]!r}"
    by_name = {}
    for name, value in headers:
        by_name.setdefault(name.lower(), []).append((name, value))
    result = {}
    for key, value in raw.items():
        email_name = _RAW_TO_EMAIL_MAPPING[key]
        if email_name in ("keywords", "project-url"):
            continue  # compared on the raw header below
        if email_name == "description" and "description" not in by_name:
            result["description"] = value  # the body, verbatim
            continue
        n = len(email_name)
        if isinstance(value, list):
            result[email_name] = [unfold(n, v) for v in value]
        else:
            result[email_name] = unfold(n, value, email_name == "description")
    if result.get("description") == "":
        del result["description"]  # an empty Description header: none (slipway)
    for email_name in ("keywords", "project-url"):
        values = [unfold(len(email_name), v) for _, v in by_name.get(email_name, [])]
        if values:
            result[email_name] = values[0] if email_name == "keywords" else values
    unknown = {}
    for key, values in unparsed.items():
        if key in MULTI:
            result[key] = [unfold(len(key), v) for v in values]
        else:
            unknown[key] = [unfold(len(key), v) for v in values]
    for required in ("metadata-version", "name", "version"):
        if required not in result:
            return "refused", f"{required} missing"
    mv = re.fullmatch(r"([0-9]+)\.([0-9]+)", result["metadata-version"])
    if not mv or int(mv.group(1)) > 2:
        return "refused", f"Metadata-Version {result['metadata-version']!r} (slipway)"
    result["unknown"] = unknown
    return "ok", result


def slipway_view(obj):
    """slipway's JSON with unknown headers grouped by lowercase name, as
    packaging's unparsed dictionary groups them."""
    view = dict(obj)
    grouped = {}
    for name, value in view.get("unknown", []):
        grouped.setdefault(name.lower(), []).append(value)
    view["unknown"] = grouped
    return view


def write_files(workdir, items):
    """Writes each (label, bytes) to its own file; returns the paths."""
    paths = []
    for i, (label, data) in enumerate(items):
        path = os.path.join(workdir, f"{i:05d}-{re.sub(r'[^A-Za-z0-9.-]', '_', label)}")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    return paths


def tempdir():
    return tempfile.mkdtemp(prefix="sw-metadata-oracle-")
