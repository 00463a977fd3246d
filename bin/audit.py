"""Known vulnerabilities in our dependencies: pip-audit with the PyPI vulnerability service.

    python bin/audit.py            # `make audit`; CI runs it after `make test`
    python bin/audit.py --strict   # also fail when a package could not be audited (AUDIT_STRICT=1)

Two audits, both against PyPI's vulnerability data (`pip-audit --vulnerability-service pypi`):

1. every `==` pin in pyproject.toml, the dependencies and every optional extra, exactly as pinned
   (`--no-deps --disable-pip`: nothing is resolved or installed);
2. the virtual environment (.venv), which adds the pins' own dependencies as installed.

Exit 1 when a known vulnerability is found that `IGNORED` does not list. A package the service gave
no answer for (PyPI down or unreachable, a package that is not on PyPI) is listed as NOT AUDITED
with pip-audit's reason; that fails the run only with --strict, because an unreachable service says
nothing about our pins: the output says so in capitals instead of "no known vulnerabilities".
"""

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Advisories we accept, each with the reason (an advisory without a fixed version, say, in a
# feature we do not use). Every entry becomes `--ignore-vuln ID`.
IGNORED: dict[str, str] = {}


def pinned_requirements(pyproject: Path) -> list[str]:
    """The `name==version` pins of the dependencies and of every optional extra."""
    project = tomllib.loads(pyproject.read_text())["project"]
    requirements = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    unpinned = [r for r in requirements if "==" not in r]
    if unpinned:
        sys.exit(f"Not pinned with == in pyproject.toml: {', '.join(unpinned)}")
    return sorted(set(requirements), key=str.lower)


def pip_audit(*args: str) -> dict:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--vulnerability-service",
        "pypi",
        "--progress-spinner",
        "off",
        "--format",
        "json",
        *[arg for vuln in IGNORED for arg in ("--ignore-vuln", vuln)],
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(result.stderr)
        sys.exit(f"pip-audit gave no report (exit {result.returncode})")


def report(title: str, data: dict) -> tuple[int, int, int]:
    dependencies = data.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    count = sum(len(d["vulns"]) for d in vulnerable)
    print(f"== {title}: {audited} packages audited, {count} known vulnerabilities")
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version"
            aliases = ", ".join(vuln.get("aliases") or [])
            print(
                f"  VULNERABLE {dependency['name']}=={dependency['version']}: {vuln['id']}"
                f"{f' ({aliases})' if aliases else ''}; fixed in: {fixed}"
            )
    if skipped:
        print(f"  NOT AUDITED: {len(skipped)} of {len(dependencies)} packages, pip-audit says:")
        for dependency in skipped:
            print(f"    {dependency['name']}: {dependency['skip_reason']}")
    return audited, count, len(skipped)


def main() -> int:
    strict = "--strict" in sys.argv[1:] or os.environ.get("AUDIT_STRICT") == "1"
    for vuln, reason in IGNORED.items():
        print(f"ignored: {vuln}: {reason}")
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text("\n".join(pinned_requirements(ROOT / "pyproject.toml")) + "\n")
        pins = report(
            "pyproject.toml pins",
            pip_audit("--requirement", str(requirements), "--no-deps", "--disable-pip"),
        )
    environment = report("the virtual environment", pip_audit("--local"))
    vulnerabilities = pins[1] + environment[1]
    not_audited = pins[2] + environment[2]
    print(
        f"pip-audit: {pins[0]} pins and {environment[0]} installed packages audited, "
        f"{vulnerabilities} known vulnerabilities, {not_audited} not audited"
    )
    if not_audited:
        print(
            "WARNING: NOT EVERY PACKAGE WAS AUDITED (see NOT AUDITED above): no answer is not a "
            "clean bill. `make audit AUDIT_STRICT=1` fails on this."
        )
    if vulnerabilities:
        return 1
    return 1 if strict and not_audited else 0


if __name__ == "__main__":
    sys.exit(main())
