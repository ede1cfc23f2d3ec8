"""tests/oracle/test_serve_concurrency.py — `slipway serve` under concurrent
uploads and crashes. 20 client threads upload 200 wheels (20 projects x 10
versions, interleaved so every project receives uploads from several
threads at once) while pairs of clients race to upload different content
under the same filename; afterwards every acknowledged file is listed with
its sha256, nothing else is, exactly one of each racing pair won, and the
PEP 700 "versions" equal packaging 25.0's ordering. Then the server is
killed (SIGKILL) in the middle of an upload: no partial file becomes
visible and a restarted server serves everything acknowledged."""
import hashlib
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_env import (SLIPWAY, check, finish, require_slipway,  # noqa: E402
                        require_version, use_reference_tools)

use_reference_tools("packaging")
require_slipway()
sys.path.insert(0, os.path.join(os.environ.get("SW_TEST_DATA", ""), "serve"))
import serve_helpers as H  # noqa: E402

import packaging  # noqa: E402
from packaging.version import Version  # noqa: E402

require_version(packaging, "25.0")

TOKEN = "concurrency-token"
VERSIONS = ["1.0", "1.0.post1", "1.0rc1", "2.0.dev3", "0.9", "1.10", "1.2", "10.0", "1.0a1", "1.1"]


def upload(base, path, name, version):
    fields, data = H.upload_fields(path, name, version)
    body, ctype = H.multipart(fields, os.path.basename(path), data)
    return H.post(base + "/legacy/", body, ctype, TOKEN)


def concurrent_uploads(server, work):
    jobs = []
    for p in range(20):
        for v in VERSIONS:
            name = "proj_%02d" % p
            path, _ = H.make_wheel(work, name, v, payload=("%s %s" % (name, v)).encode())
            jobs.append((path, name, v))
    # racing pairs: same filename, different content, uploaded at once
    races = []
    for r in range(5):
        pair = []
        for side in range(2):
            d = os.path.join(work, "race%d_%d" % (r, side))
            os.makedirs(d)
            path, _ = H.make_wheel(d, "race_%d" % r, "1.0", payload=b"side %d" % side)
            pair.append((path, "race_%d" % r, "1.0"))
        races.append(pair)
    results = {}
    lock = threading.Lock()

    def worker(mine):
        for job in mine:
            status, text = upload(server.base, *job)
            with lock:
                results[job[0]] = (status, text)

    queues = [jobs[i::20] for i in range(20)]
    for i, pair in enumerate(races):
        queues[2 * i].insert(0, pair[0])
        queues[2 * i + 1].insert(0, pair[1])
    threads = [threading.Thread(target=worker, args=(q,)) for q in queues]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    acked = {path for path, (status, _) in results.items() if status == 200}
    check(all(results[j[0]][0] == 200 for j in jobs), "all 200 distinct uploads acknowledged: %s" %
          sorted({s for s, _ in results.values()}))
    for pair in races:
        statuses = sorted(results[p[0]][0] for p in pair)
        loser = [results[p[0]][1] for p in pair if results[p[0]][0] != 200]
        check(statuses == [200, 400] and "File already exists" in loser[0], "one racer wins: %s" % statuses)
    return acked


def listing(base):
    """{project: {filename: sha256}} and {project: versions} from the JSON pages."""
    status, _, body = H.get(base + "/simple/", "application/vnd.pypi.simple.v1+json")
    import json
    files, versions = {}, {}
    for p in json.loads(body)["projects"]:
        page = H.project_json(base, p["name"])
        files[p["name"]] = {f["filename"]: f["hashes"]["sha256"] for f in page["files"]}
        versions[p["name"]] = page["versions"]
    return files, versions


def check_listing(base, acked):
    files, versions = listing(base)
    want = {}
    for path in acked:
        project = os.path.basename(path).split("-")[0].replace("_", "-")
        want.setdefault(project, {})[os.path.basename(path)] = H.sha256_file(path)
    check(files == want, "listing equals the acknowledged files (%d projects)" % len(want))
    for project, vs in versions.items():
        expect = [str(v) for v in sorted({Version(os.path.basename(f).split("-")[1]) for f in want.get(project, {})})]
        check(vs == expect, "versions of %s in PEP 440 order: %s" % (project, vs))
    return files


def kill_mid_upload(root, work, acked):
    server = H.Server(SLIPWAY, root, "--token", TOKEN)
    try:
        kill_during_upload(server, root, work)
    finally:
        server.stop(signal.SIGKILL)
    tmp = os.path.join(root, ".tmp")
    check(not os.path.exists(os.path.join(root, "half-done")), "no partial file visible after a kill")
    server = H.Server(SLIPWAY, root, "--token", TOKEN)
    try:
        check(os.listdir(tmp) == [], "temporary files removed at start")
        files = check_listing(server.base, acked)
        check("half-done" not in files, "the killed upload is not listed")
    finally:
        server.stop()


def kill_during_upload(server, root, work):
    """Sends half an upload and waits until it streams to a temporary file."""
    path, _ = H.make_wheel(work, "half_done", "1.0", payload=os.urandom(1 << 20))
    fields, data = H.upload_fields(path, "half_done", "1.0")
    body, ctype = H.multipart(fields, os.path.basename(path), data)
    import base64
    head = ("POST /legacy/ HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n"
            "Authorization: Basic %s\r\n\r\n" % (ctype, len(body),
                                                 base64.b64encode(("__token__:" + TOKEN).encode()).decode()))
    s = socket.create_connection(("127.0.0.1", server.port))
    s.sendall(head.encode() + body[: len(body) // 2])
    tmp = os.path.join(root, ".tmp")
    end = time.monotonic() + 20
    while not os.listdir(tmp) and time.monotonic() < end:
        time.sleep(0.02)  # polling with a deadline for the temp file to appear
    check(os.listdir(tmp) != [], "the upload is streaming to a temporary file")
    server.stop(signal.SIGKILL)
    s.close()


def main():
    work = tempfile.mkdtemp(prefix="sw-serve-conc-")
    root = os.path.join(work, "root")
    try:
        server = H.Server(SLIPWAY, root, "--token", TOKEN, "--threads", "4")
        try:
            acked = concurrent_uploads(server, work)
            check_listing(server.base, acked)
            check(os.listdir(os.path.join(root, ".tmp")) == [], "no temporary file left")
        finally:
            check(server.stop() == 0, "server stopped cleanly")
        kill_mid_upload(root, work, acked)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    finish()


main()
