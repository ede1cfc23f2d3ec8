"""An in-tree PEP 517 backend for slipway's frontend tests.

config_settings["mode"] picks a behaviour:
  (none)    build a tiny valid sdist / wheel, printing a few lines
  stream    print 200 numbered lines, alternating stdout and stderr
  raise     build_wheel / build_sdist raise RuntimeError
  slow      print SLOW-BACKEND-STARTED pid=<pid>, then never finish
  slowwheel the sdist builds, build_wheel behaves as slow
  nofile    return a file name without writing the file
  exit      leave the process with os._exit(3)
  nosdist   build_sdist raises UnsupportedOperation
Without config_settings, $SW_TEST_BACKEND_MODE picks it (for the CLI).
config_settings["requires"] is what get_requires_for_build_wheel returns.
It has no prepare_metadata_for_build_wheel: the frontend must fall back.
"""
import base64
import hashlib
import io
import os
import sys
import tarfile
import time
import zipfile

NAME, VERSION = "custom_demo", "0.1"
METADATA = "Metadata-Version: 2.1\nName: custom-demo\nVersion: 0.1\nSummary: from sw_test_backend\n"


class UnsupportedOperation(Exception):
    pass


def _mode(config_settings):
    return (config_settings or {}).get("mode", os.environ.get("SW_TEST_BACKEND_MODE", ""))


def _behave(config_settings, hook):
    mode = _mode(config_settings)
    print(f"sw_test_backend: {hook} mode={mode or 'plain'}")
    if mode == "stream":
        for i in range(200):
            stream = sys.stdout if i % 2 == 0 else sys.stderr
            print(f"{'out' if i % 2 == 0 else 'err'} {i:03d}", file=stream, flush=True)
    elif mode == "raise":
        raise RuntimeError(f"the test backend was asked to fail in {hook}")
    elif mode == "slow" or (mode == "slowwheel" and hook == "build_wheel"):
        print(f"SLOW-BACKEND-STARTED pid={os.getpid()}", flush=True)
        while True:
            time.sleep(0.05)
    elif mode == "exit":
        sys.stdout.flush()
        os._exit(3)
    return mode


def get_requires_for_build_wheel(config_settings=None):
    reqs = (config_settings or {}).get("requires", [])
    return [reqs] if isinstance(reqs, str) else list(reqs)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    mode = _behave(config_settings, "build_wheel")
    name = f"{NAME}-{VERSION}-py3-none-any.whl"
    if mode == "nofile":
        return name
    info = f"{NAME}-{VERSION}.dist-info"
    files = {
        f"{NAME}/__init__.py": b'"""custom-demo."""\n',
        f"{info}/METADATA": METADATA.encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: sw_test_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as whl:
        for path, data in files.items():
            whl.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), data)
    return name


def build_sdist(sdist_directory, config_settings=None):
    mode = _behave(config_settings, "build_sdist")
    if mode == "nosdist":
        raise UnsupportedOperation("this backend builds no sdist")
    name = f"custom_demo-{VERSION}.tar.gz"
    if mode == "nofile":
        return name
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        files = {"PKG-INFO": METADATA.encode()}
        for path in ("pyproject.toml", "backend/sw_test_backend.py", "custom_demo/__init__.py"):
            with open(path, "rb") as f:
                files[path] = f.read()
        for path, data in files.items():
            member = tarfile.TarInfo(f"custom_demo-{VERSION}/{path}")
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return name
