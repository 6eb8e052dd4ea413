"""The home page: what is deployed and running (the inbox arrives with the web issue)."""
from flask import Blueprint, render_template_string

from app.services.catalog import list_processes

blueprint = Blueprint("home", __name__)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>FlowDesk</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}</style>
</head><body><h1>FlowDesk</h1><p>IT service management where every flow is a BPMN diagram.</p>
<h2>Deployed processes</h2>
{% if processes %}<table><tr><th>Process</th><th>Name</th><th>Version</th><th>Running</th><th>Completed</th></tr>
{% for p in processes %}<tr><td>{{ p.process_id }}</td><td>{{ p.name }}</td><td>{{ p.version }}</td>
<td>{{ p.running }}</td><td>{{ p.completed }}</td></tr>{% endfor %}</table>
{% else %}<p>No process is deployed yet. Deploy one with <code>flowdesk deploy processes/*.bpmn</code>.</p>{% endif %}
</body></html>"""


@blueprint.get("/")
def index() -> str:
    """Show the deployed processes."""
    return render_template_string(PAGE, processes=list_processes())


@blueprint.get("/healthz")
def health() -> dict[str, str]:
    """Answer a liveness probe."""
    return {"status": "ok"}
