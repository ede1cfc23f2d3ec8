"""Oracle test of the .gitignore vectors that tests/unit/test_build.c
feeds to slipway's matcher (tests/data/build_unit/ignore_vectors.txt):
each expected answer must be what pathspec 0.12's GitIgnoreSpec (the
matcher hatchling uses, from the newest reference tools) says, and, for
the lines marked "both", what `git check-ignore --no-index` says in a
scratch repository. The unit test then holds slipway to the same answers.
"""
import os
import subprocess
import tempfile

from oracle_env import check, die, finish, require_version, use_reference_tools

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "data", "build_unit", "ignore_vectors.txt")

use_reference_tools("pathspec")
import pathspec  # noqa: E402

require_version(pathspec, "0.12.1")


def git_ignored(patterns, path):
    with tempfile.TemporaryDirectory() as repo:
        subprocess.run(["git", "init", "-q", repo], check=True)
        with open(os.path.join(repo, ".gitignore"), "w") as f:
            f.write("\n".join(patterns) + "\n")
        r = subprocess.run(["git", "-C", repo, "check-ignore", "--no-index", "-q", path])
        if r.returncode not in (0, 1):
            die(f"git check-ignore failed on {path!r}")
        return r.returncode == 0


with open(VECTORS, encoding="utf-8") as f:
    lines = [ln.rstrip("\n") for ln in f if ln.strip() and not ln.startswith("## ")]
for line in lines:
    fields = line.split("\t")
    if len(fields) != 4:
        die(f"bad vector line {line!r}")
    patterns, path, expected, oracle = fields[0].split(" ;; "), fields[1], fields[2] == "1", fields[3]
    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    check(spec.match_file(path) == expected, f"pathspec: {patterns} {path!r} -> {not expected}")
    if oracle == "both":
        check(git_ignored(patterns, path) == expected, f"git: {patterns} {path!r} -> {not expected}")
if len(lines) < 50:
    die(f"only {len(lines)} vectors")
finish()
