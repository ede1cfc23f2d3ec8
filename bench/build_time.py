"""bench/build_time.py RUNS OUTDIR -- CMD... : runs CMD (a build writing into
OUTDIR, emptied before each run) RUNS times; prints the best wall time,
the CPU time (user + system) of that run and the largest peak RSS (KiB)
of any run, measured with os.wait4 on the child itself."""
import os
import shutil
import subprocess
import sys
import time

runs, outdir, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[4:]
best, cpu, rss = None, None, 0
for _ in range(runs):
    shutil.rmtree(outdir, ignore_errors=True)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    rss = max(rss, ru.ru_maxrss)
    if best is None or wall < best:
        best, cpu = wall, ru.ru_utime + ru.ru_stime
print(f"{best:.4f} {cpu:.4f} {rss}")
