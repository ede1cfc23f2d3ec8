"""tests/oracle/test_serve_clients.py — `slipway serve` used by the reference
clients: twine 6.1 uploads an sdist and wheels built by `python -m build`
(flit_core) and by hand; pip 25.1 downloads and installs them through the
Simple API and fetches the PEP 658 metadata (seen in the server's request
log). The pages are checked against the files themselves (sha256, size,
METADATA hash, Requires-Python), and raw uploads check PyPI's status codes
and wording for refusals, plus traversal, 406, redirects, files dropped in
while running and a restart. Servers run on a free loopback port."""
import hashlib
import html.parser
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_env import (SLIPWAY, check, die, finish, reference_env, require_slipway,  # noqa: E402
                        require_version, use_reference_tools)

use_reference_tools("twine", "pip", "flit_core", "build", "packaging")
require_slipway()
sys.path.insert(0, os.path.join(os.environ.get("SW_TEST_DATA", ""), "serve"))
import serve_helpers as H  # noqa: E402

import packaging  # noqa: E402
import packaging.metadata  # noqa: E402

require_version(packaging, "25.0")

TOKEN = "pypi-test-token-0123"
ENV = reference_env(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_CACHE_DIR="1",
                    PIP_ROOT_USER_ACTION="ignore")


def run(*args, cwd=None):
    p = subprocess.run(["/usr/bin/python3", *args], env=ENV, cwd=cwd, capture_output=True, text=True,
                       timeout=300)
    return p.returncode, p.stdout + p.stderr


def twine(base, files, token=TOKEN):
    return run("-m", "twine", "upload", "--repository-url", base + "/legacy/", "-u", "__token__",
               "-p", token, "--disable-progress-bar", "--non-interactive", *files)


def build_flit_project(work):
    src = os.path.join(work, "proj")
    os.makedirs(os.path.join(src, "serve_demo"))
    with open(os.path.join(src, "pyproject.toml"), "w") as f:
        f.write('[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = "flit_core.buildapi"\n\n'
                '[project]\nname = "Serve_Demo"\nversion = "1.2.0"\ndescription = "demo"\n'
                'requires-python = ">=3.8"\n\n[tool.flit.module]\nname = "serve_demo"\n')
    with open(os.path.join(src, "serve_demo", "__init__.py"), "w") as f:
        f.write('"""Demo."""\nVALUE = 42\n')
    rc, out = run("-m", "build", "--no-isolation", "--outdir", os.path.join(work, "dist"), src)
    if rc != 0:
        die("python -m build failed: " + out)
    dist = os.path.join(work, "dist")
    return [os.path.join(dist, n) for n in sorted(os.listdir(dist))]


class Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def check_pages(base, wheel, sdist, metadata):
    page = H.project_json(base, "serve-demo")
    check(page is not None, "JSON page of serve-demo")
    if page is None:
        return
    files = {f["filename"]: f for f in page["files"]}
    check(set(files) == {os.path.basename(wheel), os.path.basename(sdist)}, "files listed: %s" % files.keys())
    check(page["versions"] == ["1.2.0"] and page["meta"]["api-version"] == "1.1", "versions/meta")
    for path in (wheel, sdist):
        f = files.get(os.path.basename(path), {})
        check(f.get("hashes", {}).get("sha256") == H.sha256_file(path), "sha256 of " + path)
        check(f.get("size") == os.path.getsize(path), "size of " + path)
        check(f.get("requires-python") == ">=3.8", "requires-python of " + path)
        check(f.get("yanked") is False and f.get("upload-time", "").endswith("Z"), "yanked/upload-time")
    w = files.get(os.path.basename(wheel), {})
    check(w.get("core-metadata") == {"sha256": hashlib.sha256(metadata).hexdigest()}, "core-metadata hash")
    check(files.get(os.path.basename(sdist), {}).get("core-metadata") is False, "no sdist metadata")
    status, headers, body = H.get(base + "/simple/serve-demo/", "text/html")
    parser = Anchors()
    parser.feed(body.decode())
    links = {a["href"].split("#")[0].rsplit("/", 1)[1]: a for a in parser.links}
    a = links.get(os.path.basename(wheel), {})
    check(status == 200 and a.get("href", "").endswith("#sha256=" + H.sha256_file(wheel)), "HTML href hash")
    check(a.get("data-requires-python") == ">=3.8", "HTML data-requires-python")
    check(a.get("data-core-metadata") == "sha256=" + hashlib.sha256(metadata).hexdigest(), "HTML metadata")
    status, _, body = H.get(base + "/files/serve-demo/" + os.path.basename(wheel) + ".metadata")
    check(status == 200 and body == metadata, ".metadata equals the wheel's METADATA")


def check_pip(server, work, wheel):
    base = server.base
    dl = os.path.join(work, "dl")
    rc, out = run("-m", "pip", "download", "--no-deps", "--index-url", base + "/simple/", "-d", dl, "serve-demo")
    check(rc == 0, "pip download: " + out)
    got = os.path.join(dl, os.path.basename(wheel))
    check(os.path.exists(got) and H.sha256_file(got) == H.sha256_file(wheel), "pip downloaded the wheel")
    meta_req = "GET /files/serve-demo/%s.metadata 200" % os.path.basename(wheel)
    check(meta_req in server.read_log(), "pip fetched the PEP 658 metadata")
    target = os.path.join(work, "target")
    rc, out = run("-m", "pip", "install", "--no-deps", "--target", target, "--index-url", base + "/simple/",
                  "serve-demo==1.2.0")
    check(rc == 0 and os.path.exists(os.path.join(target, "serve_demo", "__init__.py")), "pip install: " + out)


def check_refusals(base, work):
    other, _ = H.make_wheel(work, "other_proj", "0.1")
    fields, data = H.upload_fields(other, "other_proj", "0.1")
    name = os.path.basename(other)
    see = " See https://packaging.python.org/specifications/core-metadata for more information."
    cases = [
        ({"filetype": "bdist_egg"}, name, data, 400, "Invalid value for filetype. Error: Use a known file type."),
        ({"metadata_version": "2.6"}, name, data, 400, "'2.6' is not a valid metadata version." + see),
        ({"name": "-bad-"}, name, data, 400, "'-bad-' is an invalid value for Name. Error: Start and end with "
         "a letter or numeral containing only ASCII numeric and '.', '_' and '-'." + see),
        ({"version": "1.0+local"}, name, data, 400,
         "'1.0+local' is an invalid value for Version. Error: Can't use PEP 440 local versions." + see),
        ({"protocol_version": "2"}, name, data, 400, "Unknown protocol version."),
        ({"pyversion": None}, name, data, 400, "Invalid value for pyversion. Error: Python version is "
         "required for binary distribution uploads."),
        ({"sha256_digest": "0" * 64}, name, data, 400,
         "The digest supplied does not match a digest calculated from the uploaded file."),
        ({"sha256_digest": None, "blake2_256_digest": None}, name, data, 400,
         "Error: Include at least one message digest."),
        ({}, None, None, 400, "Upload payload does not have a file."),
        ({"version": "0.3"}, name, data, 400, "Version in filename should be '0.3' not '0.1'."),
        ({}, "Other_Proj-0.1-py3-none-any.whl", data, 400, "Filename 'Other_Proj-0.1-py3-none-any.whl' "
         "should contain the normalized project name 'other_proj', not 'Other_Proj'."),
        ({}, "a/other_proj-0.1-py3-none-any.whl", data, 400, "Cannot upload a file with '/' or '\\' in the name."),
        ({}, "..\\..\\other_proj-0.1-py3-none-any.whl", data, 400,
         "Cannot upload a file with '/' or '\\' in the name."),
        ({"sha256_digest": hashlib.sha256(b"junk").hexdigest(),
          "blake2_256_digest": hashlib.blake2b(b"junk", digest_size=32).hexdigest()}, name, b"junk", 400,
         "Invalid distribution file. File is not a zipfile"),
    ]
    # metadata fields: the expected text is what packaging 25.0 says, as
    # warehouse reports it (message, a full stop, the core-metadata link)
    for field, value in (("requires_python", ">=3.x"), ("requires_dist", "foo >= "),
                         ("requires_dist", "bar (>=1"), ("summary", "two\nlines")):
        raw = {"metadata_version": "2.1", "name": "other_proj", "version": "0.1",
               field: [value] if field == "requires_dist" else value}
        try:
            packaging.metadata.Metadata.from_raw(raw)
            die("packaging accepted %s=%r" % (field, value))
        except ExceptionGroup as group:  # noqa: F821 (Python 3.11)
            text = str(group.exceptions[0])
        cases.append(({field: value}, name, data, 400, text + ("" if text.endswith(".") else ".") + see))
    cases.append(({"requires_dist": "foo @ https://example.org/foo-1.0.tar.gz"}, name, data, 400,
                  "Can't have direct dependency: 'foo @ https://example.org/foo-1.0.tar.gz'." + see))
    for over, fname, content, status, message in cases:
        f, _ = H.upload_fields(other, "other_proj", "0.1", **over)
        body, ctype = H.multipart(f, fname, content)
        got, text = H.post(base + "/legacy/", body, ctype, TOKEN, accept="application/json")
        try:
            j = json.loads(text)
        except ValueError:
            j = {}
        check(got == status and j.get("message") == message and j.get("code") == "%d %s" % (status, message),
              "%s: got %d %s" % (message, got, text))
    # the HTML form of an error carries the same text
    f, _ = H.upload_fields(other, "other_proj", "0.1", protocol_version="7")
    body, ctype = H.multipart(f, name, data)
    got, text = H.post(base + "/legacy/", body, ctype, TOKEN)
    check(got == 400 and "Unknown protocol version." in text and "<html>" in text, "HTML error body")
    # garbage bodies, then the server still answers
    for garbage, ctype in ((b"\x00\xff garbage", "multipart/form-data; boundary=zz"),
                           (b"--zz\r\nbroken", "multipart/form-data; boundary=zz"),
                           (b"a=b", "application/x-www-form-urlencoded")):
        got, text = H.post(base + "/legacy/", garbage, ctype, TOKEN)
        check(got == 400 and "Invalid multipart/form-data request" in text, "garbage -> 400: %d" % got)
    check(H.get(base + "/simple/")[0] == 200, "serving after garbage")
    # credentials: none -> 401 with a challenge; wrong -> 403
    body, ctype = H.multipart(fields, name, data)
    got, _ = H.post(base + "/legacy/", body, ctype)
    status, headers, _ = H.get(base + "/simple/")
    check(got == 401, "no credentials -> 401")
    got, text = H.post(base + "/legacy/", body, ctype, "nope")
    check(got == 403 and "Invalid or non-existent authentication information." in text, "bad token -> 403")
    got, text = H.post(base + "/legacy/", body, ctype, TOKEN, user="someone")
    check(got == 403, "unknown user -> 403")
    outside = [os.path.join(d, n) for d in (os.path.join(work, "root"), os.path.dirname(work))
               for n in ("other_proj-0.1-py3-none-any.whl", "..other_proj-0.1-py3-none-any.whl")]
    check(not any(os.path.exists(p) for p in outside), "nothing written outside the root")
    return other


def check_duplicates(base, work, other):
    rc, out = twine(base, [other])
    check(rc == 0, "twine uploads other_proj: " + out)
    rc, out = twine(base, [other])
    check(rc == 0, "identical re-upload accepted: " + out)
    os.makedirs(os.path.join(work, "v2"))
    changed, _ = H.make_wheel(os.path.join(work, "v2"), "other_proj", "0.1", payload=b"x = 2\n")
    rc, out = twine(base, [changed])
    check(rc != 0 and "400" in out, "twine: different content refused: " + out)
    fields, data = H.upload_fields(changed, "other_proj", "0.1")
    body, ctype = H.multipart(fields, os.path.basename(changed), data)
    got, text = H.post(base + "/legacy/", body, ctype, TOKEN, accept="application/json")
    want = ("File already exists ('other_proj-0.1-py3-none-any.whl', with blake2_256 hash '%s'). See "
            "https://pypi.org/help/#file-name-reuse for more information."
            % hashlib.blake2b(data, digest_size=32).hexdigest())
    check(got == 400 and json.loads(text).get("message") == want, "File already exists wording: " + text)
    page = H.project_json(base, "other-proj")
    check(page and [f["hashes"]["sha256"] for f in page["files"]] == [H.sha256_file(other)],
          "the first content is kept")
    rc, out = twine(base, [other], token="wrong")
    check(rc != 0 and "403" in out, "twine with a bad token gets 403: " + out)


def check_urls(base):
    for path in ("/files/../../etc/passwd", "/files/serve-demo/..%2F..%2F..%2Fetc%2Fpasswd",
                 "/simple/../../etc/passwd", "/files/serve-demo/%2e%2e/x", "/files/a\\..\\b"):
        conn = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=30)
        conn.request("GET", path)
        r = conn.getresponse()
        body = r.read()
        check(r.status in (400, 404) and b"root:" not in body, "traversal %s -> %d" % (path, r.status))
        conn.close()
    status, headers, _ = H.get(base + "/simple/Serve.Demo/")
    check(status == 301 and headers["Location"] == "/simple/serve-demo/", "301 to the normalised name")
    status, headers, _ = H.get(base + "/simple/serve-demo")
    check(status == 301 and headers["Location"] == "/simple/serve-demo/", "301 to the slash")
    check(H.get(base + "/simple/", "application/json")[0] == 406, "406 when nothing is acceptable")
    status, headers, body = H.get(base + "/simple/?format=application/vnd.pypi.simple.v1%2Bjson")
    check(status == 200 and json.loads(body)["projects"], "format query parameter")
    status, headers, body = H.get(base + "/simple/", "application/vnd.pypi.simple.latest+json")
    check(headers.get("Content-Type") == "application/vnd.pypi.simple.v1+json", "latest -> v1 type")
    check(H.get(base + "/simple/no-such-project/")[0] == 404, "404 for unknown project")


def check_drop_in(server, root, work):
    os.makedirs(os.path.join(root, "wheelhouse"))
    path, metadata = H.make_wheel(os.path.join(root, "wheelhouse"), "dropped_in", "3.0", ">=3.9")
    page = H.project_json(server.base, "dropped-in")
    check(page is not None and page["files"][0]["hashes"]["sha256"] == H.sha256_file(path)
          and page["files"][0]["requires-python"] == ">=3.9", "dropped-in wheel served at once")
    status, _, body = H.get(server.base + "/files/dropped-in/dropped_in-3.0-py3-none-any.whl.metadata")
    check(status == 200 and body == metadata, "dropped-in wheel's metadata extracted")
    rc, out = run("-m", "pip", "download", "--no-deps", "--index-url", server.base + "/simple/", "-d",
                  os.path.join(work, "dl2"), "dropped-in")
    check(rc == 0, "pip downloads a dropped-in wheel: " + out)


def check_yank(server, root, wheel):
    name = os.path.basename(wheel)

    def state(project, filename):
        page = H.project_json(server.base, project)
        return {f["filename"]: f for f in page["files"]}[filename]

    def cli(*args):
        return subprocess.run([SLIPWAY, "serve", "--root", root, *args], capture_output=True,
                              text=True, timeout=60).returncode

    check(cli("--yank", name, "--reason", "broken <build>") == 0, "slipway serve --yank")
    f = state("serve-demo", name)
    check(f["yanked"] == "broken <build>" and f["core-metadata"], "yanked with its reason: %s" % f["yanked"])
    status, _, body = H.get(server.base + "/simple/serve-demo/", "text/html")
    check('data-yanked="broken &lt;build&gt;"' in body.decode(), "HTML data-yanked, escaped")
    check(cli("--unyank", name) == 0 and state("serve-demo", name)["yanked"] is False, "--unyank")
    dropped = "dropped_in-3.0-py3-none-any.whl"
    before = state("dropped-in", dropped)
    check(cli("--yank", dropped) == 0, "yank a dropped-in file")
    after = state("dropped-in", dropped)
    check(after["yanked"] is True and after["core-metadata"] == before["core-metadata"]
          and after["hashes"] == before["hashes"] and after["requires-python"] == ">=3.9",
          "dropped-in file yanked, the rest unchanged: %s" % after)
    check(cli("--yank", "nothing-1.0.tar.gz") == 1, "yanking an unknown file fails")


def main():
    work = tempfile.mkdtemp(prefix="sw-serve-oracle-")
    root = os.path.join(work, "root")
    try:
        built = build_flit_project(work)
        sdist = [p for p in built if p.endswith(".tar.gz")][0]
        wheel = [p for p in built if p.endswith(".whl")][0]
        with zipfile.ZipFile(wheel) as z:
            metadata = z.read("serve_demo-1.2.0.dist-info/METADATA")
        server = H.Server(SLIPWAY, root, "--token", TOKEN)
        try:
            rc, out = twine(server.base, [wheel, sdist])
            check(rc == 0, "twine upload wheel + sdist: " + out)
            check_pages(server.base, wheel, sdist, metadata)
            check_pip(server, work, wheel)
            other = check_refusals(server.base, work)
            check_duplicates(server.base, work, other)
            check_urls(server.base)
            check_drop_in(server, root, work)
            check_yank(server, root, wheel)
            before = H.project_json(server.base, "serve-demo")
            check(TOKEN not in server.read_log(), "the token is never logged")
        finally:
            check(server.stop() == 0, "SIGTERM stops the server cleanly")
        server = H.Server(SLIPWAY, root, "--read-only")
        try:
            check(H.project_json(server.base, "serve-demo") == before, "a restarted server serves the same")
            fields, data = H.upload_fields(wheel, "serve_demo", "1.2.0")
            body, ctype = H.multipart(fields, os.path.basename(wheel), data)
            check(H.post(server.base + "/legacy/", body, ctype, TOKEN)[0] == 405, "--read-only refuses uploads")
        finally:
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    finish()


main()
