"""tests/data/serve/serve_helpers.py — what the `slipway serve` tests share:
start a server on a free loopback port and wait until it says where it
listens (polling its output with a deadline), stop it, make wheels by hand
with zipfile, and send raw uploads (multipart built here, independently of
slipway) to see PyPI-style answers that twine does not print."""
import base64
import hashlib
import json
import os
import select
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
import zipfile


class Server:
    """A `slipway serve` child process with its request log."""

    def __init__(self, slipway, root, *args, deadline=20.0):
        self.log_path = os.path.join(os.path.dirname(root.rstrip("/")), "serve-%s.log" % uuid.uuid4().hex)
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [slipway, "serve", "--root", root, "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=self.log)
        self.port = None
        end = time.monotonic() + deadline
        out = b""
        fd = self.proc.stdout.fileno()
        while self.port is None:
            left = end - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                if self.proc.poll() is None:
                    self.proc.kill()
                    self.proc.wait()
                raise RuntimeError("server did not start: " + out.decode() + self.read_log())
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                out += os.read(fd, 4096)
                for line in out.decode(errors="replace").splitlines():
                    if "index:" in line and line.endswith("/simple/"):
                        self.port = int(line.rsplit(":", 1)[1].split("/")[0])
        self.base = "http://127.0.0.1:%d" % self.port

    def read_log(self):
        self.log.flush()
        with open(self.log_path) as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)
        self.log.close()
        return self.proc.returncode


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_wheel(folder, name, version, requires_python=None, payload=b"x = 1\n"):
    """Writes <name>-<version>-py3-none-any.whl (name already normalised
    with underscores) and returns (path, METADATA bytes)."""
    dist_info = "%s-%s.dist-info" % (name, version)
    metadata = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)
    if requires_python:
        metadata += "Requires-Python: %s\n" % requires_python
    metadata = metadata.encode()
    files = {
        "%s/__init__.py" % name: payload,
        dist_info + "/METADATA": metadata,
        dist_info + "/WHEEL": b"Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = "".join("%s,%s,%d\n" % (p, record_hash(d), len(d)) for p, d in files.items())
    files[dist_info + "/RECORD"] = (record + dist_info + "/RECORD,,\n").encode()
    path = os.path.join(folder, "%s-%s-py3-none-any.whl" % (name, version))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for p, d in files.items():
            z.writestr(p, d)
    return path, metadata


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def multipart(fields, filename=None, content=None, ctype="application/octet-stream"):
    """Encodes form fields (list of (name, value)) and a `content` file."""
    boundary = uuid.uuid4().hex
    out = b""
    for name, value in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (boundary, name, value)).encode()
    if filename is not None:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"content\"; filename=\"%s\"\r\n"
                "Content-Type: %s\r\n\r\n" % (boundary, filename, ctype)).encode()
        out += content + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def upload_fields(path, dist_name, dist_version, **extra):
    """The fields twine sends for a wheel (sha256 + blake2b-256)."""
    with open(path, "rb") as f:
        data = f.read()
    fields = [(":action", "file_upload"), ("protocol_version", "1"), ("metadata_version", "2.1"),
              ("name", dist_name), ("version", dist_version), ("filetype", "bdist_wheel"),
              ("pyversion", "py3"), ("sha256_digest", hashlib.sha256(data).hexdigest()),
              ("blake2_256_digest", hashlib.blake2b(data, digest_size=32).hexdigest())]
    for k, v in extra.items():
        fields = [(n, val) for n, val in fields if n != k]
        if v is not None:
            fields.append((k, v))
    return fields, data


def post(url, body, ctype, token=None, accept=None, user="__token__"):
    """POSTs a body; returns (status, body text)."""
    req = urllib.request.Request(url, data=body, method="POST")
    req.add_header("Content-Type", ctype)
    if token is not None:
        cred = base64.b64encode(("%s:%s" % (user, token)).encode()).decode()
        req.add_header("Authorization", "Basic " + cred)
    if accept:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def get(url, accept=None):
    """GETs a URL; returns (status, headers, body bytes); no redirects followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url)
    if accept:
        req.add_header("Accept", accept)
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def project_json(base, name):
    status, _, body = get("%s/simple/%s/" % (base, name), "application/vnd.pypi.simple.v1+json")
    if status != 200:
        return None
    return json.loads(body)
