"""tests/oracle/test_pep517.py — slipway's PEP 517 frontend against
`python -m build` (the newest reference tools).

The frontend is driven through its C API by the driver mode of the
test_proc unit-test binary (`test_proc pep517 [options] PROJECT`, which
runs sw_pep517_build() on a worker thread and prints each streamed line,
each log line and the outcome). Checks:

  * hatchling, flit_core, setuptools and legacy (no [build-system])
    sample projects built without isolation by slipway and by `python -m
    build --no-isolation` (the wheel from the sdist; once also both from
    the tree, against `--sdist --wheel`): the same files, byte for byte,
    the same members, the same METADATA; the reported sha256 and size are
    the file's; hatchling hidden from the interpreter gives the install
    hint;
  * the metadata query (prepare_metadata_for_build_wheel, and its
    fallback for a backend without the hook) gives the wheel's METADATA;
  * an in-tree backend (backend-path) that raises, exits, returns no file,
    refuses the sdist, streams 200 lines, or never finishes (cancelled:
    nothing is left in the output folder or the temporary folder, and the
    backend process is gone); config_settings reach the backend;
  * a missing backend and a missing interpreter give errors that say what
    to do;
  * the CLI, `slipway build --pep517 --no-isolation`, gives the
    reference's bytes and streams the log with -v; Ctrl-C stops it
    cleanly;
  * isolated builds: a flit_core wheel (built by slipway's frontend from
    flit_core's own source in the reference prefix, through backend-path)
    served from a local PEP 503 index on 127.0.0.1, or from --find-links
    with --no-index; an unreachable index (a closed port) gives the
    network error with the --find-links hint.
"""
import email.parser
import hashlib
import http.server
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import tarfile
import tempfile
import threading
import time
import zipfile

from oracle_env import (SITE, SLIPWAY, check, die, finish, reference_env, require_slipway,
                        require_version, use_reference_tools)

PY = "/usr/bin/python3"
DATA = os.path.join(os.environ.get("SW_TEST_DATA", ""), "pep517")
DRIVER = os.path.join(os.environ.get("SW_BUILD_DIR", ""), "tests", "test_proc")
EPOCH = "1700000000"

use_reference_tools("packaging", "build", "hatchling", "flit_core", "setuptools",
                    "pyproject_hooks")
import packaging  # noqa: E402  (from the reference prefix)

require_version(packaging, "25.", prefix=True)
require_slipway()
if not os.access(DRIVER, os.X_OK):
    die(f"the driver {DRIVER} is missing (SW_BUILD_DIR must name the build directory)")
if not os.path.isdir(DATA):
    die(f"{DATA} is missing (SW_TEST_DATA)")


class Outcome:
    """What one driver run printed."""

    def __init__(self, proc, tmpdir):
        self.rc = proc.returncode
        self.lines, self.logs = [], []
        self.result = self.error = self.code = self.metadata = None
        for line in proc.stdout.splitlines():
            kind, _, rest = line.partition(":")
            if kind == "line":
                stream, _, text = rest.partition(":")
                self.lines.append((int(stream), text))
            elif kind == "log":
                self.logs.append(rest.partition(":")[2])
            elif kind == "result":
                self.result = json.loads(rest)
            elif kind == "metadata":
                self.metadata = json.loads(rest)
            elif kind == "error":
                self.code, _, msg = rest.partition(":")
                self.error = json.loads(msg)
        self.stderr = proc.stderr
        self.tmp_left = os.listdir(tmpdir)

    def __repr__(self):
        return f"rc={self.rc} error={self.code}: {self.error} stderr={self.stderr[-2000:]}"


def drive(project, *args, env=None, timeout=600):
    """Runs the frontend's driver with a private TMPDIR."""
    tmpdir = tempfile.mkdtemp(prefix="tmp-", dir=WORK)
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith("PIP_") and k != "PYTHONPATH"}
    full_env.update(TMPDIR=tmpdir, SOURCE_DATE_EPOCH=EPOCH, PIP_CONFIG_FILE=os.devnull)
    full_env.update(env or {})
    proc = subprocess.run([DRIVER, "pep517", *args, project], env=full_env, text=True,
                          capture_output=True, timeout=timeout)
    out = Outcome(proc, tmpdir)
    check("Sanitizer" not in proc.stderr and "runtime error" not in proc.stderr,
          f"no sanitizer report: {proc.stderr[-3000:]}")
    check(out.rc == (0 if out.result or out.metadata is not None else 1),
          f"driver exit status {out.rc} matches its outcome ({out})")
    return out


def copy(name, dst):
    """A fresh copy of a sample (setuptools writes into its tree)."""
    target = os.path.join(WORK, dst, name)
    shutil.copytree(os.path.join(DATA, name), target)
    return target


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def wheel_contents(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def sdist_contents(path):
    with tarfile.open(path) as t:
        return {m.name: (t.extractfile(m).read() if m.isfile() else m.type)
                for m in t.getmembers()}


def metadata_of_wheel(path):
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return z.read(name).decode()


def compare_members(ref, ours, what):
    check(sorted(ref) == sorted(ours),
          f"{what}: members differ: only reference {sorted(set(ref) - set(ours))}, "
          f"only slipway {sorted(set(ours) - set(ref))}")
    differ = [n for n in ref if n in ours and ref[n] != ours[n]]
    check(not differ, f"{what}: members with different bytes: {differ}")


def reference_build(project, outdir, *flags):
    """`python -m build --no-isolation` with the reference tools."""
    env = reference_env(SOURCE_DATE_EPOCH=EPOCH)
    proc = subprocess.run([PY, "-m", "build", "--no-isolation", *flags,
                           "--outdir", outdir, project], env=env, text=True,
                          capture_output=True, timeout=600)
    if proc.returncode:
        die(f"python -m build failed for {project}:\n{proc.stdout}\n{proc.stderr}")
    return sorted(os.listdir(outdir))


def check_artifacts_reported(out, what):
    """The result's paths exist, with the reported sha256 and size."""
    for kind in ("sdist", "wheel"):
        path = out.result[kind]
        if check(path and os.path.isfile(path), f"{what}: {kind} {path} exists"):
            check(out.result[kind + "_sha256"] == sha256(path), f"{what}: {kind} sha256")
            check(out.result[kind + "_size"] == os.path.getsize(path), f"{what}: {kind} size")


def test_backend_equivalence(name, backend, from_source=False):
    """A sample built by slipway and by python -m build, no isolation: by
    default the wheel from the sdist; from_source: both from the tree
    (python -m build --sdist --wheel)."""
    tag = name + ("-src" if from_source else "")
    ours_dir, ref_dir = os.path.join(WORK, "dist-ours", tag), os.path.join(WORK, "dist-ref", tag)
    flags = ["--from-source"] if from_source else []
    out = drive(copy(name, "ours-" + tag), "--no-isolation", "--python", PY, "--env",
                f"PYTHONPATH={SITE}", "--outdir", ours_dir, *flags)
    if not check(out.result is not None, f"{name}: slipway built it ({out})"):
        return
    check(not out.tmp_left, f"{name}: temporary folder removed ({out.tmp_left})")
    check(out.result["python"] == PY, f"{name}: ran {out.result['python']}")
    check(out.result["backend"] == backend, f"{name}: backend {out.result['backend']}")
    check_artifacts_reported(out, name)
    ref_files = reference_build(copy(name, "ref-" + tag), ref_dir,
                                *(["--sdist", "--wheel"] if from_source else []))
    check(any(l.startswith("building the wheel from the sdist ") for l in out.logs)
          != from_source, f"{tag}: wheel built from the sdist unless --from-source")
    check(sorted(os.listdir(ours_dir)) == ref_files,
          f"{name}: file names {sorted(os.listdir(ours_dir))} != {ref_files}")
    for f in ref_files:
        ours, ref = os.path.join(ours_dir, f), os.path.join(ref_dir, f)
        if not os.path.exists(ours):
            continue
        if f.endswith(".whl"):
            compare_members(wheel_contents(ref), wheel_contents(ours), f"{name} wheel")
            check(metadata_of_wheel(ref) == metadata_of_wheel(ours), f"{name}: METADATA")
            check(sha256(ref) == sha256(ours), f"{name}: wheel not byte-identical")
        else:
            compare_members(sdist_contents(ref), sdist_contents(ours), f"{name} sdist")
    if from_source:
        return
    meta = drive(copy(name, "meta"), "--no-isolation", "--python", PY, "--env",
                 f"PYTHONPATH={SITE}", "--metadata")
    wheel = [f for f in ref_files if f.endswith(".whl")][0]
    check(meta.metadata == metadata_of_wheel(os.path.join(ref_dir, wheel)),
          f"{name}: prepare_metadata_for_build_wheel gives the wheel's METADATA ({meta})")
    check(not meta.tmp_left, f"{name}: metadata query left {meta.tmp_left}")


def test_cli():
    """`slipway build --pep517 --no-isolation` (SLIPWAY_PYTHON names the
    interpreter) gives the reference's bytes and streams the log with -v."""
    outdir = os.path.join(WORK, "dist-cli")
    env = reference_env(SOURCE_DATE_EPOCH=EPOCH, SLIPWAY_PYTHON=PY)
    proc = subprocess.run([SLIPWAY, "-v", "build", "--pep517", "--no-isolation", "--outdir",
                           outdir, copy("hatch_demo", "cli")], env=env, text=True,
                          capture_output=True, timeout=600)
    if not check(proc.returncode == 0, f"slipway build --pep517: {proc.stderr[-2000:]}"):
        return
    ref_dir = os.path.join(WORK, "dist-ref", "hatch_demo")
    for f in os.listdir(ref_dir):
        ours = os.path.join(outdir, f)
        check(os.path.exists(ours) and sha256(ours) == sha256(os.path.join(ref_dir, f)),
              f"cli: {f} is the reference's bytes")
        check(f in proc.stdout and sha256(os.path.join(ref_dir, f)) in proc.stdout,
              f"cli: prints {f} with its sha256")
    check("calling build_wheel of hatchling.build" in proc.stderr, "cli: -v streams the log")
    env["SLIPWAY_PYTHON"] = "/nonexistent/py3"
    proc = subprocess.run([SLIPWAY, "build", "--pep517", "--no-isolation",
                           os.path.join(DATA, "custom")], env=env, text=True,
                          capture_output=True, timeout=600)
    check(proc.returncode == 1 and "/nonexistent/py3" in proc.stderr
          and "install python3 or pass --python" in proc.stderr,
          f"cli: missing interpreter: {proc.returncode} {proc.stderr}")


def test_cli_interrupt():
    """Ctrl-C (SIGINT) during `slipway build --pep517`: the build stops,
    nothing reaches the output folder, the temporary folder is removed and
    the backend process is gone."""
    tmpdir = tempfile.mkdtemp(prefix="tmp-", dir=WORK)
    outdir = os.path.join(WORK, "dist-interrupt")
    env = dict(os.environ, SLIPWAY_PYTHON=PY, TMPDIR=tmpdir, SW_TEST_BACKEND_MODE="slowwheel")
    proc = subprocess.Popen([SLIPWAY, "-v", "build", "--pep517", "--no-isolation", "--outdir",
                             outdir, os.path.join(DATA, "custom")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pid, seen = None, b""
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stderr, selectors.EVENT_READ)
        deadline = time.monotonic() + 120
        while pid is None and time.monotonic() < deadline:
            if not sel.select(timeout=deadline - time.monotonic()):
                break
            chunk = os.read(proc.stderr.fileno(), 65536)
            if not chunk:
                break
            seen += chunk
            for line in seen.decode(errors="replace").splitlines():
                if "SLOW-BACKEND-STARTED pid=" in line:
                    pid = int(line.split("pid=")[1])
    if not check(pid is not None, f"cli interrupt: the backend started: {seen[-500:]}"):
        proc.kill()
        proc.wait()
        return
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    err = err.decode(errors="replace")
    check(proc.returncode == 1 and "cancelled" in err,
          f"cli interrupt: exit {proc.returncode}: {err[-500:]}")
    check(not os.path.isdir(outdir) or not os.listdir(outdir),
          f"cli interrupt: nothing delivered: {os.listdir(outdir) if os.path.isdir(outdir) else ''}")
    check(not os.listdir(tmpdir), f"cli interrupt: temporary folder removed: {os.listdir(tmpdir)}")
    check(not os.path.exists(f"/proc/{pid}"), f"cli interrupt: backend {pid} is gone")


def custom(*args, outdir=None):
    """Builds the in-tree backend sample without isolation."""
    outdir = outdir or tempfile.mkdtemp(prefix="out-", dir=WORK)
    shutil.rmtree(outdir)
    out = drive(os.path.join(DATA, "custom"), "--no-isolation", "--python", PY,
                "--outdir", outdir, *args)
    out.outdir_left = os.listdir(outdir) if os.path.isdir(outdir) else []
    return out


def test_custom_backend():
    out = custom()
    check(out.result and out.result["backend"] == "sw_test_backend", f"plain build ({out})")
    if out.result:
        check_artifacts_reported(out, "custom")
    out = custom("--metadata")
    check(out.metadata == "Metadata-Version: 2.1\nName: custom-demo\nVersion: 0.1\n"
          "Summary: from sw_test_backend\n", f"metadata fallback via build_wheel ({out})")

    out = custom("--config-setting", "mode=raise")
    check(out.code == "subprocess failed", f"raise: code ({out})")
    msg = out.error or ""
    check("failed in build_sdist: RuntimeError: the test backend was asked to fail in "
          "build_sdist" in msg, f"raise: message names the hook and exception: {msg}")
    check("sw_test_backend.py" in msg and "hooks_runner.py" not in msg,
          f"raise: traceback shows the backend's frames only: {msg}")
    check(not out.outdir_left and not out.tmp_left, "raise: nothing left behind")

    out = custom("--config-setting", "mode=nofile", "--wheel")
    check(out.code == "subprocess failed" and "produced no file" in (out.error or ""),
          f"nofile ({out})")
    out = custom("--config-setting", "mode=exit")
    check(out.code == "subprocess failed" and "ended without a result (exited with status 3)"
          in (out.error or ""), f"exit ({out})")
    out = custom("--config-setting", "mode=nosdist", "--sdist")
    check(out.code == "not supported" and "this backend builds no sdist" in (out.error or ""),
          f"nosdist ({out})")

    out = custom("--wheel", "--config-setting", "requires=alpha>=1",
                 "--config-setting", "requires=beta")
    check(out.result is not None, f"config settings build ({out})")
    needs = [l for l in out.logs if l.startswith("get_requires_for_build_wheel needs ")]
    check(needs == ["get_requires_for_build_wheel needs alpha>=1",
                    "get_requires_for_build_wheel needs beta"],
          f"repeated config setting arrives as a list: {needs}")


def test_streaming():
    out = custom("--wheel", "--config-setting", "mode=stream")
    check(out.result is not None, f"stream build ({out})")
    outs = [t for s, t in out.lines if s == 0 and t[:4] == "out "]
    errs = [t for s, t in out.lines if s == 1 and t[:4] == "err "]
    check(outs == [f"out {i:03d}" for i in range(0, 200, 2)], f"stdout lines in order: {outs[:5]}")
    check(errs == [f"err {i:03d}" for i in range(1, 200, 2)], f"stderr lines in order: {errs[:5]}")
    logged = [l for l in out.logs if l[:4] in ("out ", "err ")]
    check(len(logged) == 200, f"every line also went to the log at info: {len(logged)}")
    check([l for l in logged if l[:4] == "out "] == outs, "log keeps stdout's order")


def test_cancel():
    out = custom("--config-setting", "mode=slowwheel", "--cancel-on", "SLOW-BACKEND-STARTED")
    check(out.code == "cancelled", f"cancel: code ({out})")
    check("build_wheel" in (out.error or ""), f"cancel: message names the hook: {out.error}")
    check(not out.outdir_left, f"cancel: the sdist built before is not delivered: {out.outdir_left}")
    check(not out.tmp_left, f"cancel: temporary folder removed: {out.tmp_left}")
    started = [t for _, t in out.lines if t.startswith("SLOW-BACKEND-STARTED pid=")]
    if check(started, "cancel: the backend started"):
        pid = int(started[0].split("=")[1])
        check(not os.path.exists(f"/proc/{pid}"), f"cancel: backend process {pid} is gone")


def test_missing():
    out = drive(os.path.join(DATA, "missing_backend"), "--no-isolation", "--python", PY)
    check(out.code == "not found" and out.error.startswith(
        f"no_such_backend_sw is not installed for {PY}: install python3-no-such-backend-sw "
        "or build with isolation"), f"missing backend ({out})")
    # hatchling exists for /usr/bin/python3, but not without its site
    # packages (python -S).
    nosite = os.path.join(WORK, "python-nosite")
    with open(nosite, "w") as f:
        f.write(f'#!/bin/sh\nexec {PY} -S "$@"\n')
    os.chmod(nosite, 0o755)
    out = drive(copy("hatch_demo", "nosite"), "--no-isolation", "--python", nosite)
    check(out.code == "not found" and out.error.startswith(
        f"hatchling is not installed for {nosite}: install python3-hatchling or build with "
        "isolation"), f"hatchling missing ({out})")
    out = drive(os.path.join(DATA, "custom"), "--python", "/nonexistent/python3")
    check(out.code == "not found" and "/nonexistent/python3" in out.error
          and "install python3 or pass --python" in out.error, f"missing interpreter ({out})")
    out = drive(os.path.join(DATA, "custom"), env={"SLIPWAY_PYTHON": "/nonexistent/slip-py"})
    check(out.code == "not found" and "/nonexistent/slip-py" in out.error,
          f"SLIPWAY_PYTHON is used ({out})")
    out = drive(os.path.join(DATA, "custom"), env={"PATH": "/nonexistent-bin"})
    check(out.code == "not found" and "python3: command not found on PATH=/nonexistent-bin"
          in out.error, f"python3 looked up on PATH ({out})")


def flit_core_wheel():
    """flit_core built from its own source (the reference prefix's copy)
    by slipway's frontend, through backend-path."""
    src = os.path.join(WORK, "flit_core_src")
    shutil.copytree(os.path.join(SITE, "flit_core"), os.path.join(src, "flit_core"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    with open(os.path.join(src, "pyproject.toml"), "w") as f:
        f.write('[build-system]\nrequires = []\nbuild-backend = "flit_core.buildapi"\n'
                'backend-path = ["."]\n\n[project]\nname = "flit_core"\n'
                'description = "Distribution-building parts of Flit"\n'
                'requires-python = ">=3.6"\ndynamic = ["version"]\n')
    house = os.path.join(WORK, "wheelhouse")
    out = drive(src, "--no-isolation", "--python", PY, "--wheel", "--outdir", house)
    if not out.result:
        die(f"could not build flit_core with slipway's frontend: {out}")
    return out.result["wheel"]


def fake_python(kind):
    """A wrapper of /usr/bin/python3 whose venv module reports that
    ensurepip is missing ("noensurepip"), and whose pip is missing too
    ("nopip")."""
    path = os.path.join(WORK, f"python-{kind}")
    no_pip = 'if [ "$1 $2" = "-m pip" ]; then echo "No module named pip" >&2; exit 1; fi\n'
    with open(path, "w") as f:
        f.write("#!/bin/sh\n"
                'if [ "$1 $2" = "-m venv" ] && [ "$3" != "--without-pip" ]; then\n'
                '  echo "Error: ensurepip is not available" >&2; exit 1\nfi\n'
                + (no_pip if kind == "nopip" else "") + f'exec {PY} "$@"\n')
    os.chmod(path, 0o755)
    return path


class Index:
    """A PEP 503 index of one wheel, served on 127.0.0.1 by this process."""

    def __init__(self, wheel, name="index"):
        root = os.path.join(WORK, name)
        project = os.path.join(root, "simple", "flit-core")
        os.makedirs(project)
        shutil.copy(wheel, project)
        name = os.path.basename(wheel)
        with open(os.path.join(project, "index.html"), "w") as f:
            f.write(f'<!DOCTYPE html><html><body><a href="{name}#sha256={sha256(wheel)}">'
                    f"{name}</a></body></html>\n")
        with open(os.path.join(root, "simple", "index.html"), "w") as f:
            f.write('<!DOCTYPE html><html><body><a href="flit-core/">flit-core</a></body></html>\n')
        self.requests = []
        index = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *a, **kw):
                super().__init__(*a, directory=root, **kw)

            def log_message(self, fmt, *args):
                index.requests.append(self.path)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/simple/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def closed_port():
    """A port on 127.0.0.1 that nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_isolated():
    wheel = flit_core_wheel()
    ref_dir = os.path.join(WORK, "dist-ref", "flit_demo")  # wheel from the sdist
    index = Index(wheel)
    try:
        outdir = os.path.join(WORK, "dist-isolated")
        out = drive(copy("flit_demo", "isolated"), "--python", PY, "--index-url", index.url,
                    "--outdir", outdir)
    finally:
        index.stop()
    if check(out.result is not None, f"isolated build from the local index ({out})"):
        check(not out.tmp_left, f"isolated: temporary folder (venv) removed: {out.tmp_left}")
        for kind, read in (("wheel", wheel_contents), ("sdist", sdist_contents)):
            ours = out.result[kind]
            ref = os.path.join(ref_dir, os.path.basename(ours))
            if check(os.path.exists(ref), f"isolated: {kind} named as the reference's"):
                compare_members(read(ref), read(ours), f"isolated flit_demo {kind}")
    check(any(r.startswith("/simple/flit-core/") for r in index.requests),
          f"isolated: pip asked the local index for flit-core: {index.requests}")
    check(any(r.endswith(".whl") for r in index.requests), "isolated: pip fetched the wheel")
    check(any("Successfully installed flit" in t for _, t in out.lines),
          "isolated: pip's output was streamed")

    # get_requires_for_build_wheel's answer is installed too (the in-tree
    # backend returns config_settings["requires"]), and the metadata query
    # works in isolation.
    index = Index(wheel, "index-requires")
    try:
        out = drive(os.path.join(DATA, "custom"), "--python", PY, "--index-url", index.url,
                    "--wheel", "--config-setting", "requires=flit_core",
                    "--outdir", os.path.join(WORK, "dist-requires"))
        meta = drive(copy("flit_demo", "isolated-meta"), "--python", PY, "--index-url",
                     index.url, "--metadata")
    finally:
        index.stop()
    check(out.result is not None and any(
        l == "installing the requirements for building the wheel with pip" for l in out.logs),
        f"isolated: get_requires' answer installed ({out})")
    check(any("Successfully installed flit" in t for _, t in out.lines),
          "isolated: flit_core installed for the wheel")
    ref_wheel = [f for f in os.listdir(ref_dir) if f.endswith(".whl")][0]
    check(meta.metadata == metadata_of_wheel(os.path.join(ref_dir, ref_wheel)),
          f"isolated: metadata query ({meta})")

    out = drive(copy("flit_demo", "findlinks"), "--python", PY, "--no-index", "--find-links",
                os.path.dirname(wheel), "--wheel", "--outdir", os.path.join(WORK, "dist-fl"))
    check(out.result is not None, f"isolated build from --find-links, --no-index ({out})")

    # An interpreter without ensurepip: the venv is made --without-pip and
    # the interpreter's own pip installs into it; without pip either, the
    # error says what to install.
    index = Index(wheel, "index-noensurepip")
    try:
        out = drive(copy("flit_demo", "noensurepip"), "--python", fake_python("noensurepip"),
                    "--index-url", index.url, "--wheel",
                    "--outdir", os.path.join(WORK, "dist-noensurepip"))
    finally:
        index.stop()
    check(out.result is not None, f"no ensurepip: built with the outside pip ({out})")
    check(any("has no ensurepip: making the venv without pip" in l for l in out.logs),
          "no ensurepip: said so in the log")
    out = drive(copy("flit_demo", "nopip"), "--python", fake_python("nopip"), "--wheel")
    check(out.code == "subprocess failed" and "has neither ensurepip nor pip" in out.error
          and "install python3-venv (or python3-pip)" in out.error, f"no pip at all ({out})")

    url = f"http://127.0.0.1:{closed_port()}/simple/"
    out = drive(copy("flit_demo", "offline"), "--python", PY, "--index-url", url, "--wheel",
                "--outdir", os.path.join(WORK, "dist-offline"))
    check(out.code == "network error", f"unreachable index: code ({out})")
    msg = out.error or ""
    check(msg.startswith(f"cannot reach the package index {url} to install "
                         "build-system.requires: ") and "Connection refused" in msg,
          f"unreachable index: says which index and why: {msg}")
    check("use --find-links DIR for an offline wheelhouse" in msg, f"unreachable: hint: {msg}")
    check(not out.tmp_left, f"unreachable: temporary folder removed: {out.tmp_left}")


WORK = tempfile.mkdtemp(prefix="sw-pep517-oracle-")
try:
    for sample, backend in (("hatch_demo", "hatchling.build"),
                            ("flit_demo", "flit_core.buildapi"),
                            ("setuptools_demo", "setuptools.build_meta"),
                            ("legacy_demo", "setuptools.build_meta:__legacy__")):
        test_backend_equivalence(sample, backend)
    test_backend_equivalence("hatch_demo", "hatchling.build", from_source=True)
    test_cli()
    test_cli_interrupt()
    test_custom_backend()
    test_streaming()
    test_cancel()
    test_missing()
    test_isolated()
finally:
    shutil.rmtree(WORK, ignore_errors=True)
finish(need_some=True)
