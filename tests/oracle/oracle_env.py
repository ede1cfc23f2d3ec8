"""tests/oracle/oracle_env.py — what every oracle test needs first: the
newest reference tools (unpacked by scripts/setup under SW_ORACLE_PREFIX) on
sys.path, the slipway binary under test, and one way to fail.

A missing tool is a failure, never a skip: scripts/setup installs them, so
CI always has them."""
import os
import sys

PREFIX = os.environ.get("SW_ORACLE_PREFIX") or os.path.expanduser("~/.cache/slipway/oracle")
SITE = os.path.join(PREFIX, "usr", "lib", "python3", "dist-packages")
SLIPWAY = os.environ.get("SLIPWAY")


def die(message):
    """Fails the test with a message."""
    print("FAIL: " + message)
    sys.exit(1)


def use_reference_tools(*paths):
    """Puts the reference tools first on sys.path, after checking that each
    of `paths` (package folders relative to the site folder) is there."""
    for path in paths:
        if not os.path.exists(os.path.join(SITE, path)):
            die(f"{path} not found under {SITE}: run scripts/setup")
    sys.path.insert(0, SITE)


def require_slipway():
    """Checks that SLIPWAY names an executable."""
    if not SLIPWAY or not os.access(SLIPWAY, os.X_OK):
        die("SLIPWAY must name the slipway binary")


def require_version(module, wanted, prefix=False):
    """Fails unless `module.__version__` is `wanted` (or, with `prefix`,
    starts with it), so a stray older copy cannot answer for the reference."""
    have = module.__version__
    if have != wanted and not (prefix and have.startswith(wanted)):
        die(f"{module.__name__} {have} from {module.__file__}, wanted {wanted}")


def reference_env(**extra):
    """The environment for /usr/bin/python3 subprocesses that must see the
    reference tools: ours, with PYTHONPATH set to the site folder."""
    return dict(os.environ, PYTHONPATH=SITE, **extra)


passed = 0
failed = 0


def check(cond, what):
    """Counts one check; prints what went wrong if `cond` is false.
    Returns `cond`."""
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)
    return cond


def finish(need_some=False):
    """Prints the closing "N passed, M failed" line and exits: 1 if a check
    failed (or, with `need_some`, if none ran), else 0."""
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or (need_some and not passed) else 0)
