"""Differential test of `slipway check --project` against validate-pyproject.

Runs every pyproject.toml of tests/data/project/corpus/ (ok_*.toml are
valid, bad_*.toml each break one rule; the folder holds the README and
LICENSE files they name) through slipway and through validate-pyproject 0.24
(with trove-classifiers for the classifier format, as its plugin), and
checks that:

  - both accept or both reject each file (slipway rejects when it reports an
    error; validate-pyproject when it raises, tomllib included), except for
    the disagreements listed in DISAGREE, each with the reason slipway is
    right; a listed disagreement that no longer happens fails the test too;
  - each bad_ file is rejected by slipway for exactly the reason it was
    written for: its errors are the code given in EXPECTED, nothing else;
  - ok_ files get no error, and those in WARNINGS get at least those
    warnings.

slipway runs with --today set to the date of the trove-classifiers release
in the oracle prefix, so its shipped lists count as fresh and unknown
classifiers or license ids are errors, as they are for validate-pyproject.
The shipped lists must be those scripts/gen-project-data writes from that
prefix (checked first).
"""

import glob
import json
import os
import subprocess
import sys

from oracle_env import PREFIX, SITE, SLIPWAY, die, require_slipway, use_reference_tools  # noqa: E402,F401

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
DATA = os.environ.get("SW_TEST_DATA", os.path.join(TOP, "tests", "data"))
CORPUS = os.path.join(DATA, "project", "corpus")

use_reference_tools("validate_pyproject", "trove_classifiers", "packaging", "fastjsonschema")
require_slipway()
os.environ["NO_NETWORK"] = "1"  # validate-pyproject must not download anything

import importlib.metadata  # noqa: E402
import logging  # noqa: E402
import tomllib  # noqa: E402

import trove_classifiers  # noqa: E402
import validate_pyproject  # noqa: E402
from validate_pyproject import api, formats  # noqa: E402

if not validate_pyproject.__version__.startswith("0.24"):
    die(f"expected validate-pyproject 0.24 from {SITE}, got {validate_pyproject.__version__}")
# The trove-classifiers plugin: the format must check against the installed
# list (not skip, not download).
if not callable(formats.trove_classifier) or type(formats.trove_classifier).__name__ != "function":
    die("validate-pyproject does not use trove_classifiers for the classifier format")
if formats.trove_classifier("Nope :: Not A Classifier") or not formats.trove_classifier(
    "Typing :: Typed"
):
    die("validate-pyproject's classifier check does not work")

# Its warnings about URLs without a scheme would only clutter the output.
logging.getLogger("validate_pyproject").setLevel(logging.ERROR)

TROVE_VERSION = importlib.metadata.version("trove-classifiers")
y, m, d = (int(x) for x in TROVE_VERSION.split(".")[:3])
TODAY = f"{y:04d}-{m:02d}-{d:02d}"

# bad_ file -> the one error code slipway must report for it.
EXPECTED = {
    "bad_author_email": "project.person.email.invalid",
    "bad_author_empty": "project.person.empty",
    "bad_author_key": "project.person.key.unknown",
    "bad_author_name_comma": "project.person.name.comma",
    "bad_authors_type": "value.type",
    "bad_backend_path_outside": "build-system.backend-path.invalid",
    "bad_build_backend_invalid": "build-system.build-backend.invalid",
    "bad_build_key_unknown": "build-system.key.unknown",
    "bad_build_requires_invalid": "requirement.invalid",
    "bad_build_requires_missing": "build-system.requires.missing",
    "bad_build_requires_type": "value.type",
    "bad_classifier_deprecated": "project.classifiers.deprecated",
    "bad_classifier_license_with_expression": "project.classifiers.license-with-expression",
    "bad_classifier_typo": "project.classifiers.unknown",
    "bad_classifier_unknown": "project.classifiers.unknown",
    "bad_dependency_invalid": "requirement.invalid",
    "bad_dependency_not_string": "value.type",
    "bad_dependency_type": "value.type",
    "bad_description_type": "value.type",
    "bad_dynamic_static": "project.dynamic.static",
    "bad_dynamic_type": "value.type",
    "bad_dynamic_unknown": "project.dynamic.unknown",
    "bad_entry_points_console": "project.entry-points.group.reserved",
    "bad_entry_points_group": "project.entry-points.group.invalid",
    "bad_entry_points_nested": "value.type",
    "bad_extra_duplicate": "project.optional-dependencies.name.duplicate",
    "bad_extra_invalid_requirement": "requirement.invalid",
    "bad_extra_name": "project.optional-dependencies.name.invalid",
    "bad_group_cycle": "dependency-groups.include.cycle",
    "bad_group_duplicate": "dependency-groups.name.duplicate",
    "bad_group_include_unknown": "dependency-groups.include.unknown",
    "bad_group_item_empty": "dependency-groups.item.invalid",
    "bad_group_item_table": "dependency-groups.item.invalid",
    "bad_group_name": "dependency-groups.name.invalid",
    "bad_group_requirement": "requirement.invalid",
    "bad_group_type": "value.type",
    "bad_import_name": "project.import-names.invalid",
    "bad_keywords_type": "value.type",
    "bad_license_bad_exception": "project.license.unknown",
    "bad_license_files_no_match": "project.license-files.no-match",
    "bad_license_files_parent": "project.license-files.invalid",
    "bad_license_files_type": "value.type",
    "bad_license_files_with_table": "project.license-files.with-table",
    "bad_license_free_text": "project.license.invalid",
    "bad_license_syntax": "project.license.invalid",
    "bad_license_table_both": "project.license.table-invalid",
    "bad_license_type": "value.type",
    "bad_license_unknown_id": "project.license.unknown",
    "bad_name_dynamic": "project.name.dynamic",
    "bad_name_invalid": "project.name.invalid",
    "bad_name_missing": "project.name.missing",
    "bad_name_trailing_dash": "project.name.invalid",
    "bad_name_type": "value.type",
    "bad_project_type": "value.type",
    "bad_readme_content_type": "project.readme.content-type.invalid",
    "bad_readme_file_and_text": "project.readme.file-and-text",
    "bad_readme_no_content_type": "project.readme.content-type.missing",
    "bad_readme_no_source": "project.readme.no-source",
    "bad_readme_not_found": "project.readme.not-found",
    "bad_readme_type": "value.type",
    "bad_readme_unknown_extension": "project.readme.unknown-type",
    "bad_requires_python_bare": "project.requires-python.invalid",
    "bad_requires_python_invalid": "project.requires-python.invalid",
    "bad_requires_python_type": "value.type",
    "bad_script_name": "project.entry-points.name.invalid",
    "bad_script_reference": "project.entry-points.reference.invalid",
    "bad_scripts_type": "value.type",
    "bad_setuptools_key": "project.key.unknown",
    "bad_toml_duplicate_key": "toml.syntax",
    "bad_toml_syntax": "toml.syntax",
    "bad_tool_type": "value.type",
    "bad_toplevel_table": "toml.table.unknown",
    "bad_unknown_key": "project.key.unknown",
    "bad_url_invalid": "project.urls.invalid",
    "bad_url_label_long": "project.urls.label-too-long",
    "bad_urls_type": "value.type",
    "bad_version_invalid": "project.version.invalid",
    "bad_version_missing": "project.version.missing",
    "bad_version_type": "value.type",
}

# ok_ file -> warnings slipway must report (among others).
WARNINGS = {
    "ok_warnings_only": {
        "project.version.zero",
        "requirement.pinned",
        "project.readme.missing",
        "project.requires-python.missing",
        "project.license.missing",
    },
    "ok_no_build_system": {"build-system.missing"},
    "ok_requires_python_cap": {"project.requires-python.upper-bound"},
    "ok_license_table_text": {"project.license.legacy"},
    "ok_license_table_file": {"project.license.legacy"},
    "ok_license_classifier_legacy": {"project.classifiers.license-deprecated"},
    "ok_url_no_scheme": {"project.urls.no-scheme"},
}

# Files where slipway and validate-pyproject 0.24 disagree, and why slipway
# is right. "reject" means slipway rejects what validate-pyproject accepts.
DISAGREE = {
    "bad_author_name_comma": (
        "reject",
        "the pyproject.toml specification: an author name MUST NOT contain commas "
        "(names are joined with commas in Author); validate-pyproject does not check it",
    ),
    "bad_backend_path_outside": (
        "reject",
        "PEP 517: backend-path entries must be inside the source tree; validate-pyproject "
        "does not check paths",
    ),
    "bad_build_requires_invalid": (
        "reject",
        "build-system.requires holds PEP 508 requirements (pip refuses this one); "
        "validate-pyproject's schema only checks that they are strings",
    ),
    "bad_classifier_license_with_expression": (
        "reject",
        "PEP 639: License :: classifiers are deprecated and tools may refuse them next to a "
        "license expression, which they would contradict; validate-pyproject does not look",
    ),
    "bad_entry_points_console": (
        "reject",
        "the specification: build back-ends MUST raise an error for "
        "[project.entry-points.console_scripts]",
    ),
    "bad_extra_duplicate": (
        "reject",
        "core metadata 2.3+: extras are normalized and writers must refuse two that collide",
    ),
    "bad_group_cycle": (
        "reject",
        "PEP 735: includes MUST NOT form cycles; validate-pyproject 0.24 leaves cycle "
        "detection as a TODO",
    ),
    "bad_group_duplicate": (
        "reject",
        "PEP 735: group names are compared normalized and duplicates SHOULD be an error",
    ),
    "bad_group_item_empty": (
        "reject",
        "PEP 735: an include is a table with exactly one key, include-group; "
        "validate-pyproject's schema accepts an empty table",
    ),
    "bad_license_files_no_match": (
        "reject",
        "the specification: tools MUST raise an error if a pattern matches no file; "
        "validate-pyproject does not look at files",
    ),
    "bad_license_files_parent": (
        "reject",
        "the glob-patterns specification: '..' MUST NOT be used; validate-pyproject does not "
        "check the patterns",
    ),
    "bad_readme_content_type": (
        "reject",
        "the specification: tools MUST raise an error for unsupported content-types "
        "(PyPI renders text/markdown, text/x-rst, text/plain)",
    ),
    "bad_readme_file_and_text": (
        "reject",
        "the specification: file and text are mutually exclusive and tools MUST raise an error",
    ),
    "bad_readme_not_found": (
        "reject",
        "the readme file must exist for any backend to build; validate-pyproject does not "
        "look at files",
    ),
    "bad_readme_unknown_extension": (
        "reject",
        "the specification: for an unrecognized suffix without content-type, tools MUST raise "
        "an error",
    ),
    "bad_requires_python_bare": (
        "reject",
        "'3.9' is not a version specifier (packaging's SpecifierSet refuses it); "
        "validate-pyproject checks 'requirement' + value as a requirement, and "
        "'requirement3.9' is a valid name",
    ),
    "bad_url_label_long": (
        "reject",
        "core metadata: Project-URL labels are at most 32 characters, and PyPI refuses longer",
    ),
    "ok_import_names": (
        "accept",
        "PEP 794 (accepted 2025) added import-names and import-namespaces to [project]; "
        "validate-pyproject 0.24 predates it",
    ),
}


def validate_pyproject_accepts(path, validator):
    """True if validate-pyproject accepts the file, with its reason if not."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
        validator(data)
        return True, ""
    except Exception as e:  # tomllib and validation errors alike
        return False, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"


def slipway_diags(path):
    r = subprocess.run(
        [SLIPWAY, "check", "--project", "--json", "--today", TODAY, path],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if r.returncode not in (0, 1):
        die(f"{path}: slipway exited {r.returncode}: {r.stderr}")
    diags = json.loads(r.stdout)
    errors = [d for d in diags if d["severity"] == "error"]
    if (r.returncode == 1) != bool(errors):
        die(f"{path}: exit status {r.returncode} with {len(errors)} errors")
    return diags


def check_data_is_current():
    r = subprocess.run(
        ["/usr/bin/python3", os.path.join(TOP, "scripts", "gen-project-data"), "--check"],
        capture_output=True,
        text=True,
        env=dict(os.environ, SW_ORACLE_PREFIX=PREFIX),
    )
    if r.returncode != 0:
        die("src/project/data is not what scripts/gen-project-data writes: " + r.stderr.strip())


def main():
    check_data_is_current()
    validator = api.Validator()
    files = sorted(glob.glob(os.path.join(CORPUS, "*.toml")))
    names = [os.path.basename(f)[:-5] for f in files]
    ok = [n for n in names if n.startswith("ok_")]
    bad = [n for n in names if n.startswith("bad_")]
    if len(files) < 60 or len(ok) < 20 or len(bad) < 40 or len(ok) + len(bad) != len(files):
        die(f"corpus too small or misnamed: {len(ok)} ok, {len(bad)} bad, {len(files)} files")
    for listed in list(EXPECTED) + list(WARNINGS) + list(DISAGREE):
        if listed not in names:
            die(f"{listed} is listed but not in the corpus")
    passed = failed = 0
    for path, name in zip(files, names):
        problems = []
        vp_ok, vp_why = validate_pyproject_accepts(path, validator)
        diags = slipway_diags(path)
        errors = {d["code"] for d in diags if d["severity"] == "error"}
        warnings = {d["code"] for d in diags if d["severity"] == "warning"}
        sw_ok = not errors
        if name.startswith("ok_"):
            if errors:
                problems.append(f"slipway reports errors {sorted(errors)}")
            missing = WARNINGS.get(name, set()) - warnings
            if missing:
                problems.append(f"slipway misses warnings {sorted(missing)}")
        else:
            if name not in EXPECTED:
                problems.append("no expected code listed for this file")
            elif errors != {EXPECTED[name]}:
                problems.append(f"slipway errors {sorted(errors)}, expected {EXPECTED[name]}")
        if name in DISAGREE:
            kind, reason = DISAGREE[name]
            if sw_ok == vp_ok:
                problems.append(f"listed disagreement ({reason}) no longer happens")
            elif (kind == "reject") != (not sw_ok):
                problems.append(f"disagreement is not a slipway {kind}")
        elif sw_ok != vp_ok:
            problems.append(
                f"slipway {'accepts' if sw_ok else 'rejects'}, validate-pyproject "
                f"{'accepts' if vp_ok else 'rejects: ' + vp_why}"
            )
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
            for d in diags:
                print(f"    {d['line']}:{d['col']} {d['severity']}[{d['code']}] {d['message']}")
        else:
            passed += 1
    agree = len(files) - len(DISAGREE)
    print(
        f"{len(files)} files ({len(ok)} valid, {len(bad)} invalid), validate-pyproject "
        f"{validate_pyproject.__version__}, trove-classifiers {TROVE_VERSION}, today {TODAY}; "
        f"{agree} agree, {len(DISAGREE)} listed disagreements"
    )
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
