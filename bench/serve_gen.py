"""bench/serve_gen.py — data for bench/serve_bench.sh: ROOT with 99
projects of one small wheel each plus project "big" with 1,000 wheels (100 in all)
(ROOT/<project>/<file>, the layout `slipway serve` uploads to), or with
--gigabyte PATH, one valid wheel of about 1 GiB (a stored member of
pseudo-random bytes) for the upload memory test."""
import base64
import hashlib
import os
import sys
import zipfile


def wheel(folder, name, version, payload):
    dist_info = "%s-%s.dist-info" % (name, version)
    files = {
        "%s/__init__.py" % name: payload,
        dist_info + "/METADATA": ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nRequires-Python: >=3.8\n"
                                  % (name, version)).encode(),
        dist_info + "/WHEEL": b"Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    rows = ""
    for p, d in files.items():
        h = base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode()
        rows += "%s,sha256=%s,%d\n" % (p, h, len(d))
    files[dist_info + "/RECORD"] = (rows + dist_info + "/RECORD,,\n").encode()
    os.makedirs(folder, exist_ok=True)
    with zipfile.ZipFile(os.path.join(folder, "%s-%s-py3-none-any.whl" % (name, version)), "w") as z:
        for p, d in files.items():
            z.writestr(p, d)


def gigabyte(path):
    """A wheel whose module is ~1 GiB, written in 1 MiB blocks."""
    name, version = "huge", "1.0"
    dist_info = "%s-%s.dist-info" % (name, version)
    block = os.urandom(1 << 20)
    digest = hashlib.sha256()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
        with z.open("huge/data.bin", "w", force_zip64=True) as f:
            for _ in range(1024):
                f.write(block)
                digest.update(block)
        meta = ("Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)).encode()
        wheel_txt = b"Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        z.writestr(dist_info + "/METADATA", meta)
        z.writestr(dist_info + "/WHEEL", wheel_txt)
        h = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
        z.writestr(dist_info + "/RECORD", "huge/data.bin,sha256=%s,%d\n%s/RECORD,,\n" % (h, 1 << 30, dist_info))


def main():
    if sys.argv[1] == "--gigabyte":
        gigabyte(sys.argv[2])
        return
    root = sys.argv[1]
    for i in range(99):
        wheel(os.path.join(root, "project-%03d" % i), "project_%03d" % i, "1.0", b"x = %d\n" % i)
    for i in range(1000):
        wheel(os.path.join(root, "big"), "big", "1.%d" % i, b"y = %d\n" % i)


main()
