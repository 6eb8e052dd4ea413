"""Export the CIs of a type as CSV and import them back (create or update by name).

An import is one unit of work, all of the file or nothing: every row is checked and applied in turn, and
when any row is refused the whole unit rolls back and ImportRefused carries the report of what each row
would have done. Row numbers are spreadsheet rows: row 1 is the header, row 2 the first CI.
"""
import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.cmdb.items import apply_update, check_cmdb_editor, find_ci, insert_ci, require_ci_type, type_definitions
from app.cmdb.models import CiType, ConfigurationItem
from app.cmdb.values import CI_FIELDS
from app.extensions import db
from app.organisation.policies import Actor
from app.platform.csv_cells import guard_formula, unguard_formula
from app.platform.errors import Conflict, InvalidValues
from app.platform.transactions import use_case
from engine.clock import Clock


@dataclass(frozen=True)
class RefusedRow:
    """A CSV row that was not imported, and why."""

    row: int
    name: str
    reason: str


@dataclass
class ImportReport:
    """What a CSV import did, by spreadsheet row number."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    stored: bool = True


class ImportRefused(InvalidValues):
    """Rows of a CSV file were refused, so nothing of it was stored; report says what every row would have done."""

    def __init__(self, report: ImportReport) -> None:
        count = len(report.refused)
        super().__init__(f"Nothing was imported: {count} row{'s were' if count != 1 else ' was'} refused. "
                         "Correct the file and import all of it again.",
                         {f"rows.{row.row}": [row.reason] for row in report.refused})
        self.report = report


def csv_cell(value: Any) -> str:
    """Write one value the way the import reads it back (formula-like text guarded for spreadsheets)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return guard_formula(str(value))


def export_cis_csv(type_name: str) -> str:
    """Return every CI of a type as CSV: the CI fields, then one column per attribute, by name."""
    ci_type = require_ci_type(type_name)
    attribute_names = [d.name for d in type_definitions(ci_type)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CI_FIELDS, *attribute_names])
    items = db.session.execute(select(ConfigurationItem).where(ConfigurationItem.type_id == ci_type.id)
                               .order_by(ConfigurationItem.name, ConfigurationItem.id)).scalars()
    for item in items:
        attributes = json.loads(item.attributes)
        writer.writerow([csv_cell(getattr(item, name)) for name in CI_FIELDS]
                        + [csv_cell(attributes.get(name)) for name in attribute_names])
    return out.getvalue()


def check_header(header: list[str], attribute_names: list[str]) -> None:
    """Refuse a file whose header lacks a name column or has unknown columns."""
    unknown = [column for column in header if column not in CI_FIELDS and column not in attribute_names]
    if "name" not in header or unknown or len(set(header)) != len(header):
        message = ("The CSV header must have a 'name' column, no repeated columns, and only the columns "
                   f"{', '.join([*CI_FIELDS, *attribute_names])}"
                   + (f"; unknown: {', '.join(unknown)}." if unknown else "."))
        raise InvalidValues(message, {"header": [message]})


def row_values(cells: dict[str, str], attribute_names: list[str]) -> dict[str, Any]:
    """Turn a CSV row into CI values; an empty status keeps the current one (planned for a new CI)."""
    cells = {name: unguard_formula(text) for name, text in cells.items()}
    values: dict[str, Any] = {name: cells[name] for name in CI_FIELDS if name in cells}
    if not (values.get("status") or "").strip():
        values.pop("status", None)
    values["attributes"] = {name: cells[name] for name in attribute_names if name in cells}
    return values


def refusal_reason(error: Exception) -> str:
    """Return one sentence per refused field."""
    if isinstance(error, InvalidValues):
        return " ".join(f"{key}: {' '.join(messages)}" for key, messages in error.errors.items())
    return str(error)


def import_row(ci_type: CiType, values: dict[str, Any], login: str, ticket: str | None, now: datetime) -> str:
    """Create or update one CI by name; return created, updated or unchanged."""
    existing = find_ci(ci_type, str(values.get("name") or "").strip())
    if existing is None:
        insert_ci(ci_type, values, now)
        return "created"
    return "updated" if apply_update(existing, values, login, ticket, now) else "unchanged"


@use_case
def import_cis_csv(actor: Actor, clock: Clock, type_name: str, text: str, ticket: str | None = None) -> ImportReport:
    """Create or update the CIs of a type from CSV, every row or none; raise ImportRefused when a row is refused."""
    check_cmdb_editor(actor)
    ci_type = require_ci_type(type_name)
    attribute_names = [d.name for d in type_definitions(ci_type)]
    reader = csv.DictReader(io.StringIO(text), restval="")
    check_header(list(reader.fieldnames or []), attribute_names)
    report = ImportReport()
    seen: dict[str, int] = {}
    now = clock.now()
    for row_number, cells in enumerate(reader, start=2):
        name = (cells.get("name") or "").strip()
        if None in cells:  # DictReader puts surplus cells under the key None
            report.refused.append(RefusedRow(row_number, name, "The row has more cells than the header."))
            continue
        if name in seen:
            report.refused.append(RefusedRow(row_number, name, f"The name repeats row {seen[name]}."))
            continue
        try:
            outcome = import_row(ci_type, row_values(cells, attribute_names), actor.login, ticket, now)
        except (InvalidValues, Conflict) as error:
            report.refused.append(RefusedRow(row_number, name, refusal_reason(error)))
            continue
        seen[name] = row_number
        getattr(report, outcome).append(row_number)
    if report.refused:
        report.stored = False
        raise ImportRefused(report)
    return report
