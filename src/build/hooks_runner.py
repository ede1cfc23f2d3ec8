# Slipway's PEP 517 hook runner. slipway embeds this file, writes it into a
# temporary directory and runs it as
#
#     python hooks_runner.py HOOK CONTROL_DIR
#
# in the project directory. It reads CONTROL_DIR/input.json
#     {"backend": "pkg.mod:obj", "backend_path": [...], "kwargs": {...}}
# imports the backend, calls the hook and writes CONTROL_DIR/output.json:
#     {"ok": true, "value": <what the hook returned>}
#     {"ok": false, "kind": KIND, "message": "...", "traceback": "...",
#      "module": "<a module that could not be imported>"}
# KIND is one of "unavailable" (the backend cannot be imported), "invalid"
# (backend-path problems, the object is missing), "unsupported" (the
# backend raised UnsupportedOperation), "raised" (the hook raised),
# "noresult" (the hook returned no file name).
# Hooks the backend lacks fall back as PEP 517 says. The pseudo-hook
# "_unpack_sdist" (kwargs: sdist, target) unpacks an sdist for building
# the wheel from it. Everything the
# backend prints goes to this process's stdout/stderr, which slipway
# streams.
import importlib
import json
import os
import shutil
import sys
import tarfile
import traceback
import zipfile


class Failure(Exception):
    """A failure to report in output.json."""

    def __init__(self, kind, message, module=None, tb=None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.module = module
        self.tb = tb


def inside(path, root):
    """True if `path` is `root` or below it (both made absolute)."""
    path = os.path.normcase(os.path.abspath(path))
    root = os.path.normcase(os.path.abspath(root))
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def load_backend(spec, backend_path):
    """Imports "mod.sub:obj.attr", honouring backend-path (PEP 517)."""
    if backend_path:
        for entry in backend_path:
            if not inside(entry, os.getcwd()):
                raise Failure("invalid", f"backend-path entry {entry!r} is outside the project")
        sys.path[:0] = [os.path.abspath(p) for p in backend_path]
    module_name, _, attrs = spec.partition(":")
    try:
        obj = importlib.import_module(module_name)
    except ImportError as exc:
        missing = getattr(exc, "name", None)
        raise Failure("unavailable", f"{type(exc).__name__}: {exc}", missing,
                      traceback.format_exc()) from None
    if backend_path:
        origin = getattr(obj, "__file__", None) or ""
        if not any(inside(origin, p) for p in backend_path):
            raise Failure("invalid", f"{module_name} was imported from {origin}, "
                          "not from the backend-path")
    for attr in filter(None, attrs.split(".")):
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            raise Failure("invalid", f"{spec}: {module_name} has no attribute {attr!r}") from None
    return obj


def dist_info_from_wheel(wheel_path, target):
    """Unpacks the .dist-info folder of a wheel into `target`; returns its name."""
    with zipfile.ZipFile(wheel_path) as whl:
        names = {n.split("/")[0] for n in whl.namelist() if "/" in n}
        infos = sorted(n for n in names if n.endswith(".dist-info"))
        if len(infos) != 1:
            raise Failure("noresult", f"{wheel_path}: expected one .dist-info folder, found {infos}")
        for name in whl.namelist():
            if name.startswith(infos[0] + "/") and not name.endswith("/"):
                whl.extract(name, target)
    return infos[0]


def prepare_metadata_fallback(backend, metadata_directory, config_settings):
    """PEP 517: without prepare_metadata_for_build_wheel, build the wheel and
    take its .dist-info."""
    whl_dir = os.path.join(metadata_directory, ".slipway-wheel")
    os.makedirs(whl_dir, exist_ok=True)
    name = backend.build_wheel(whl_dir, config_settings, None)
    info = dist_info_from_wheel(os.path.join(whl_dir, name), metadata_directory)
    shutil.rmtree(whl_dir, ignore_errors=True)
    return info


def call_hook(backend, hook, kwargs):
    """Calls one hook, or its PEP 517 fallback when the backend lacks it."""
    func = getattr(backend, hook, None)
    if func is not None:
        return func(**kwargs)
    if hook in ("get_requires_for_build_sdist", "get_requires_for_build_wheel"):
        return []
    if hook == "prepare_metadata_for_build_wheel":
        return prepare_metadata_fallback(backend, kwargs["metadata_directory"],
                                         kwargs.get("config_settings"))
    raise Failure("invalid", f"the backend has no {hook} hook (it is mandatory)")


def backend_traceback(exc):
    """The traceback of `exc` without this runner's own frames."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def run(hook, control):
    with open(os.path.join(control, "input.json"), encoding="utf-8") as f:
        request = json.load(f)
    backend = load_backend(request["backend"], request.get("backend_path"))
    try:
        value = call_hook(backend, hook, request["kwargs"])
    except Failure:
        raise
    except Exception as exc:
        if type(exc).__name__ == "UnsupportedOperation":
            raise Failure("unsupported", f"{request['backend']} cannot {hook}: {exc}") from None
        raise Failure("raised", f"{type(exc).__name__}: {exc}", None,
                      backend_traceback(exc)) from None
    if hook.startswith("build_") or hook.startswith("prepare_"):
        if not isinstance(value, str) or not value:
            raise Failure("noresult", f"{hook} returned {value!r} instead of a file name")
    return value


def unpack_sdist(control):
    """The frontend's own step (not a hook): unpacks an sdist into a folder
    and returns the path of its single top folder, so the wheel can be
    built from the sdist as `python -m build` does."""
    with open(os.path.join(control, "input.json"), encoding="utf-8") as f:
        kwargs = json.load(f)["kwargs"]
    target = kwargs["target"]
    with tarfile.open(kwargs["sdist"]) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:
            for member in tar.getmembers():
                if (member.name.startswith("/") or ".." in member.name.split("/")
                        or not (member.isfile() or member.isdir())):
                    raise Failure("invalid", f"unsafe member in the sdist: {member.name}")
            tar.extractall(target)
    entries = os.listdir(target)
    if len(entries) != 1 or not os.path.isdir(os.path.join(target, entries[0])):
        raise Failure("noresult", f"the sdist has no single top folder: {entries}")
    return os.path.join(target, entries[0])


def main():
    hook, control = sys.argv[1], sys.argv[2]
    try:
        if hook == "_unpack_sdist":
            result = {"ok": True, "value": unpack_sdist(control)}
        else:
            result = {"ok": True, "value": run(hook, control)}
    except Failure as fail:
        result = {"ok": False, "kind": fail.kind, "message": fail.message,
                  "module": fail.module, "traceback": fail.tb}
    except SystemExit as exc:
        result = {"ok": False, "kind": "raised", "message": f"the backend exited ({exc.code})",
                  "traceback": traceback.format_exc()}
    sys.stdout.flush()
    sys.stderr.flush()
    with open(os.path.join(control, "output.json"), "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
