"""Evidence bundles on the pages: one case's download from its instance page, and the auditor's export form."""
import io
from datetime import timedelta

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, SelectField
from wtforms.validators import InputRequired

from app.audit.evidence import (
    EvidenceBundle,
    EvidenceSelection,
    EvidenceSettings,
    evidence_key,
    export_case_evidence,
    export_evidence,
)
from app.organisation.policies import may_export_evidence
from app.platform.errors import InvalidValues, NotAllowed
from app.servicedesk.processes.form_choices import category_options
from app.web.cockpit.instances import MAX_ID, require_visible
from app.web.shell.session import current_actor, requires
from app.wiring import current_runtime
from app.workflow.catalog import list_processes

blueprint = Blueprint("evidence", __name__)


class EvidenceForm(FlaskForm):
    """Which cases to export: a process or a ticket category, and the days they began in."""

    process_id = SelectField(_l("Process"), choices=[], default="")
    category_id = SelectField(_l("Ticket category"), choices=[], default="")
    first_day = DateField(_l("Begun from"), validators=[InputRequired(_l("Give the first day."))])
    last_day = DateField(_l("Until (inclusive)"), validators=[InputRequired(_l("Give the last day."))])

    def fill_choices(self) -> None:
        """Offer the deployed processes and the ticket categories."""
        self.process_id.choices = [("", _l("— none —"))] + [(p.process_id, f"{p.name} ({p.process_id})")
                                                            for p in list_processes()]
        self.category_id.choices = [("", _l("— none —")), *category_options()]

    def selection(self) -> EvidenceSelection:
        """Return the selection the form describes."""
        assert self.first_day.data is not None and self.last_day.data is not None  # InputRequired
        return EvidenceSelection(self.first_day.data, self.last_day.data, self.process_id.data or None,
                                 int(self.category_id.data) if self.category_id.data else None)


def settings() -> EvidenceSettings:
    """Return the app's evidence settings."""
    return EvidenceSettings.from_config(current_app.config)


def download(bundle: EvidenceBundle) -> Response:
    """Send a bundle as a zip download."""
    return send_file(io.BytesIO(bundle.content), mimetype="application/zip", as_attachment=True,
                     download_name=bundle.file_name, max_age=0)


@blueprint.get(f"/instances/<int(max={MAX_ID}):instance_id>/evidence.zip")
@login_required
def case_bundle(instance_id: int) -> Response:
    """Download one case's evidence bundle (auditors and admins; 404 for an instance one may not see)."""
    require_visible(instance_id)
    try:
        return download(export_case_evidence(current_runtime(), current_actor(), instance_id, settings()))
    except NotAllowed:
        abort(403)


@blueprint.get("/evidence")
@requires(may_export_evidence)
def export_form() -> str:
    """Show the export form, with the key the bundles are signed with."""
    form = EvidenceForm()
    form.fill_choices()
    today = current_runtime().clock.now().date()
    form.first_day.data, form.last_day.data = today - timedelta(days=30), today
    return render_template("instances/evidence.html", form=form, key=evidence_key(settings()))


@blueprint.post("/evidence")
@requires(may_export_evidence)
def export() -> Response | tuple[str, int]:
    """Export the cases the form names as one bundle, or show the form again saying what to fix."""
    form = EvidenceForm()
    form.fill_choices()
    if form.validate_on_submit():
        try:
            return download(export_evidence(current_runtime(), current_actor(), form.selection(), settings()))
        except InvalidValues as refused:
            for name, messages in refused.errors.items():
                field = getattr(form, name, form.process_id)
                field.errors = [*field.errors, *messages]
    return render_template("instances/evidence.html", form=form, key=evidence_key(settings())), 422


