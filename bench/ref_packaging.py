#!/usr/bin/env python3
"""bench/ref_packaging.py — the reference side of the version benchmark:
parses every version of FILE with packaging.version.Version and sorts them,
printing "parse <s> sort <s> total <s>". Run with the newest packaging on
PYTHONPATH (scripts/setup puts it in the oracle prefix)."""
import sys
import time

import packaging
from packaging.version import Version

with open(sys.argv[1]) as f:
    lines = f.read().split()
start = time.perf_counter()
versions = [Version(s) for s in lines]
parsed = time.perf_counter()
versions.sort()
done = time.perf_counter()
print("packaging %s parse %.6f sort %.6f total %.6f"
      % (packaging.__version__, parsed - start, done - parsed, done - start))
