"""CSV export and import of CIs: download the CIs of a type; upload a file, all of it or nothing, with a report."""
import csv

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.utils import secure_filename
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from app.cmdb import queries as cmdb_queries
from app.cmdb.transfer import ImportRefused, ImportReport, export_cis_csv, import_cis_csv
from app.platform.errors import InvalidValues, NotFound
from app.web.admin.base import Page
from app.web.cmdb.base import blueprint, editors_only, readers_only
from app.web.cmdb.forms import ExportForm, ImportForm
from app.web.shell.session import current_actor
from app.wiring import current_runtime

CSV_MAX_BYTES = 5 * 1024 * 1024


@blueprint.get("/cmdb/transfer")
@readers_only
def transfer() -> Page:
    """Show the export form, and the import form to those who may change the CMDB."""
    return render_transfer(ImportForm(formdata=None))


def render_transfer(import_form: ImportForm, status: int = 200) -> Page:
    """Render the import and export page."""
    choices = [SelectChoice(t.name, t.display_name) for t in cmdb_queries.list_ci_types()]
    export_form = ExportForm(formdata=request.args)
    export_form.type.choices = choices
    import_form.type.choices = choices
    return render_template("cmdb/transfer.html", export_form=export_form, import_form=import_form,
                           has_types=bool(choices)), status


@blueprint.get("/cmdb/export")
@readers_only
def export_csv() -> Response:
    """Download every CI of a type as CSV, in the columns the import reads back."""
    type_name = request.args.get("type", "")
    try:
        text = export_cis_csv(type_name)
    except NotFound:
        flash(_("Choose the CI type to export."), "error")
        return redirect(url_for("cmdb.transfer"))
    return Response("\ufeff" + text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{secure_filename(f"cmdb-{type_name}.csv")}"'})


@blueprint.post("/cmdb/import")
@editors_only
def import_csv() -> Page:
    """Import a CSV file of CIs: every row is checked, and nothing is stored unless every row is sound."""
    form = ImportForm()
    form.type.choices = [SelectChoice(t.name) for t in cmdb_queries.list_ci_types()]
    if not form.validate_on_submit():
        return render_transfer(form, 422)
    text = uploaded_text(form)
    if text is None:
        return render_transfer(form, 422)
    try:
        report = import_cis_csv(current_actor(), current_runtime().clock, form.type.data or "", text,
                                form.ticket.data or None)
    except ImportRefused as refused:
        return render_report(form, refused.report, 422)
    except InvalidValues as refused:
        form.file.errors = [str(refused)]
        return render_transfer(form, 422)
    except csv.Error as broken:
        form.file.errors = [_("The file is not readable as CSV (%(reason)s). Save it as CSV and upload it again.",
                              reason=str(broken))]
        return render_transfer(form, 422)
    return render_report(form, report, 200)


def render_report(form: ImportForm, report: ImportReport, status: int) -> Page:
    """Render what the import did, or, when it stored nothing, why each refused row was refused."""
    return render_template("cmdb/import_report.html", report=report, type_name=form.type.data,
                           file_name=form.file.data.filename), status


def uploaded_text(form: ImportForm) -> str | None:
    """Return the uploaded file as text; otherwise say on the form why it cannot be read and return None."""
    data = form.file.data.read(CSV_MAX_BYTES + 1)
    if len(data) > CSV_MAX_BYTES:
        form.file.errors = [_("The file is larger than %(size)d MB. Split it and import the parts one by one.",
                              size=CSV_MAX_BYTES // (1024 * 1024))]
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        form.file.errors = [_("The file is not UTF-8 text. Save it as 'CSV UTF-8' and upload it again.")]
        return None
    if "\x00" in text:
        form.file.errors = [_("The file contains a NUL character, so it is not a CSV text file. Check that you "
                              "chose the right file.")]
        return None
    return text
