"""SECURITY.md stays true: its permission table is the one the rules give, and its ASVS walk is whole and cites
only tests that exist."""
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from app.organisation import policies
from app.organisation.permission_table import table_block, written_block

ROOT = Path(__file__).parents[2]
DOC = ROOT / "SECURITY.md"
# ASVS 4.0.3, level 2, the chapters issue 9 names: (section, first, last) of the points to walk; level-3-only
# and deleted points (3.6.x, 4.1.4, 14.3.1, ...) are left out.
ASVS_L2 = (("2.1", 1, 12), ("2.2", 1, 3), ("2.3", 1, 3), ("2.4", 1, 5), ("2.5", 1, 7), ("2.6", 1, 3),
           ("2.7", 1, 6), ("2.8", 1, 6), ("2.9", 1, 3), ("2.10", 1, 4),
           ("3.1", 1, 1), ("3.2", 1, 4), ("3.3", 1, 4), ("3.4", 1, 5), ("3.5", 1, 3), ("3.7", 1, 1),
           ("4.1", 1, 3), ("4.1", 5, 5), ("4.2", 1, 2), ("4.3", 1, 3),
           ("5.1", 1, 5), ("5.2", 1, 8), ("5.3", 1, 10), ("5.4", 1, 3), ("5.5", 1, 4),
           ("8.1", 1, 4), ("8.2", 1, 3), ("8.3", 1, 8),
           ("12.1", 1, 3), ("12.2", 1, 1), ("12.3", 1, 6), ("12.4", 1, 2), ("12.5", 1, 2), ("12.6", 1, 1),
           ("14.1", 1, 4), ("14.2", 1, 6), ("14.3", 2, 3), ("14.4", 1, 7), ("14.5", 1, 4))
POINT = re.compile(r"^- (\d+\.\d+\.\d+)(?:–(\d+\.\d+\.\d+))? (.+)$")
CITED_TEST = re.compile(r"(tests/[\w/]+\.py)(?:::(\w+))?")


def asvs_lines() -> dict[str, str]:
    """Return each ASVS point SECURITY.md walks, with its line (a range stands for each point in it)."""
    text = DOC.read_text(encoding="utf-8").split("## 4. ASVS", 1)[1]
    points: dict[str, str] = {}
    for line in text.splitlines():
        found = POINT.match(line)
        if not found:
            continue
        first, last, _rest = found.groups()
        section, number = first.rsplit(".", 1)
        end = int(last.rsplit(".", 1)[1]) if last else int(number)
        for each in range(int(number), end + 1):
            assert f"{section}.{each}" not in points, f"{section}.{each} is walked twice"
            points[f"{section}.{each}"] = line
    return points


def test_security_md_holds_the_permission_table_the_rules_give() -> None:
    written = written_block(DOC.read_text(encoding="utf-8"))
    assert written is not None, "SECURITY.md lost the markers of its permission table"
    assert written == table_block(), ("SECURITY.md's permission table differs from the rules in "
                                      "app/organisation/policies/; run: "
                                      "python -m app.organisation.permission_table --write SECURITY.md")


def test_security_md_walks_every_level_2_point_of_the_chapters() -> None:
    expected = {f"{section}.{number}" for section, first, last in ASVS_L2 for number in range(first, last + 1)}
    walked = asvs_lines()
    assert not expected - set(walked), f"SECURITY.md does not walk {sorted(expected - set(walked))}"
    assert not set(walked) - expected, f"SECURITY.md walks points that are not level 2: {set(walked) - expected}"


def test_every_point_names_a_test_a_reason_or_an_open_finding() -> None:
    for point, line in asvs_lines().items():
        assert " — " in line and line.split(" — ", 1)[1].strip(), f"{point} says neither a test nor a reason"
        for finding in re.findall(r"issue 9 findings? ([\d, and]+)", line):
            numbers = [int(n) for n in re.findall(r"\d+", finding)]
            assert all(1 <= n <= 12 for n in numbers), f"{point} names a finding issue 9 does not have: {line}"


def test_every_test_security_md_cites_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    cited = CITED_TEST.findall(text)
    assert cited
    for path, name in cited:
        source = ROOT / path
        assert source.is_file(), f"SECURITY.md cites {path}, which does not exist"
        if name:
            assert re.search(rf"^def {name}\(", source.read_text(encoding="utf-8"), re.MULTILINE), \
                f"SECURITY.md cites {path}::{name}, which does not exist"


def test_the_policies_package_exports_every_rule_of_its_modules_once() -> None:
    exported = policies.__all__
    assert len(exported) == len(set(exported)), "app.organisation.policies.__all__ names a rule twice"
    for found in pkgutil.iter_modules(policies.__path__):
        module = importlib.import_module(f"{policies.__name__}.{found.name}")
        for name, value in vars(module).items():
            defined_here = getattr(value, "__module__", module.__name__) == module.__name__
            if not name.startswith("_") and defined_here and not inspect.ismodule(value):
                assert name in exported, (f"{module.__name__}.{name} is not in app.organisation.policies.__all__, "
                                          "so the permission table and the package's callers miss it")
