"""The dependency rules of the design that import-linter (make lint) cannot see, and a second look at those it can."""
import ast
from pathlib import Path

ROOT = Path(__file__).parents[2]


def imported_modules(package: str) -> dict[str, set[str]]:
    """Return, per module file of a package, the top-level names of what it imports."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """List 'file: module' for every import of a forbidden package."""
    return [f"{file}: {name}" for file, names in imported_modules(package).items()
            for name in sorted(names) if name.split(".")[0] in forbidden]


def test_engine_imports_nothing_from_the_app_the_web_or_the_database() -> None:
    assert offenders("engine", ("app", "forms", "flask", "flask_sqlalchemy", "sqlalchemy", "wtforms")) == []


def test_forms_do_not_reach_into_the_app_or_the_database() -> None:
    assert offenders("forms", ("app", "flask_sqlalchemy", "sqlalchemy", "SpiffWorkflow")) == []


DOMAINS = ("workflow", "servicedesk", "service_levels", "cmdb", "knowledge", "organisation", "messaging", "platform")


def test_domain_packages_do_not_depend_on_the_web_layer() -> None:
    web = [f"{file}: {name}" for domain in DOMAINS for file, names in imported_modules(f"app/{domain}").items()
           for name in names if name.startswith(("app.web", "app.api", "app.cli", "werkzeug.exceptions",
                                                 "werkzeug.wrappers", "flask_login", "flask_wtf"))]
    assert web == []


def session_uses(package: str) -> list[str]:
    """List 'file:line' wherever a module of a package names db.session."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Attribute) and node.attr == "session" and isinstance(node.value, ast.Name)
                    and node.value.id == "db"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_blueprints_and_the_cli_leave_the_session_to_the_use_cases() -> None:
    assert session_uses("app/web") + session_uses("app/api") == []


def test_no_spiffworkflow_object_type_is_named_outside_the_engine() -> None:
    assert offenders("app", ("SpiffWorkflow",)) == []
