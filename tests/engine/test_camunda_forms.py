"""camunda:formKey is never ignored: Camunda Forms deployed beside the diagram become FlowDesk's form fields, every
other form key is refused at deploy naming the element and what to do; Camunda's date format deploys and runs."""
import json
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from app.organisation.policies import Actor
from app.workflow.deployment import deploy_diagram
from app.workflow.instances.lifecycle import show_instance, start_instance
from app.workflow.tasks.actions import complete_task
from app.workflow.tasks.details import show_task
from app.workflow.tasks.tasklist import list_tasks
from engine.errors import DiagramRefused
from tests.engine.test_camunda_dialect import chain, definitions, status_of

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "camunda-corpus"
REVIEW_FORM = {
    "id": "ReviewForm", "type": "default", "schemaVersion": 16,
    "components": [
        {"type": "text", "text": "# Review the invoice"},
        {"type": "textfield", "key": "creditor", "label": "Creditor",
         "validate": {"required": True, "maxLength": 40}},
        {"type": "number", "key": "amount", "label": "Amount", "decimalDigits": 0,
         "validate": {"min": 1, "max": 1000}},
        {"type": "group", "components": [
            {"type": "checkbox", "key": "approved", "label": "Approved", "defaultValue": False},
            {"type": "select", "key": "category", "label": "Category",
             "values": [{"label": "Travel", "value": "travel"}, {"label": "Office", "value": "office"}]},
        ]},
        {"type": "radio", "key": "urgency", "label": "Urgency", "defaultValue": "low",
         "values": [{"label": "Low", "value": "low"}, {"label": "High", "value": "high"}]},
        {"type": "textarea", "key": "comment", "label": "Comment", "readonly": True, "defaultValue": "none"},
        {"type": "datetime", "key": "due", "label": "Due", "subtype": "date"},
        {"type": "button", "key": "submit", "label": "Submit", "action": "submit"},
    ],
}


def form_file(schema: dict | None = None) -> bytes:
    """Return a .form file's bytes."""
    return json.dumps(schema or REVIEW_FORM).encode()


def form_diagram(key: str = "camunda-forms:deployment:review.form", attribute: str = "camunda:formKey") -> bytes:
    """Return a process whose one user task shows the form the key names."""
    return definitions(chain(("review", f'<bpmn:userTask id="review" name="Review" '
                                        f'camunda:candidateGroups="service-desk" {attribute}="{key}"/>')))


def variables_of(runtime, instance_id: int) -> dict:
    """Return an instance's variables."""
    return show_instance(runtime, instance_id).variables


def refusal(runtime, content: bytes, forms: dict[str, bytes] | None = None) -> DiagramRefused:
    """Deploy and return the refusal (failing the test when the diagram deploys)."""
    with pytest.raises(DiagramRefused) as refused:
        deploy_diagram(runtime, content, "forms.bpmn", "owner", forms=forms)
    return refused.value


# --- Camunda Forms become form fields ---------------------------------------------------------------------

def test_camunda_form_deployed_beside_the_diagram_gives_the_task_its_fields(runtime, people) -> None:
    deploy_diagram(runtime, form_diagram(), "forms.bpmn", "owner", forms={"review.form": form_file()})
    (task,) = list_tasks(instance_id=start_instance(runtime, "p", {}))
    fields = {field["id"]: field for field in task.form_fields}
    assert list(fields) == ["creditor", "amount", "approved", "category", "urgency", "comment", "due"]
    assert [fields[key]["type"] for key in fields] == ["string", "long", "boolean", "enum", "enum", "string", "date"]
    assert (fields["creditor"]["required"], fields["creditor"]["maxlength"]) == (True, 40)
    assert (fields["amount"]["min"], fields["amount"]["max"]) == (1, 1000)
    assert fields["category"]["options"] == [["travel", "Travel"], ["office", "Office"]]
    assert (fields["comment"]["readonly"], fields["urgency"]["default"]) == (True, "low")
    assert (fields["comment"]["multiline"], fields["creditor"]["multiline"]) == (True, False)  # a text area stays one


def test_camunda_form_values_are_validated_and_stored_as_typed_variables(runtime, people) -> None:
    deploy_diagram(runtime, form_diagram(), "forms.bpmn", "owner", forms={"review.form": form_file()})
    instance = start_instance(runtime, "p", {})
    (task,) = list_tasks(instance_id=instance)
    with pytest.raises(Exception, match="Creditor is required"):
        complete_task(runtime, task.id, "sam", {"amount": "5"})
    complete_task(runtime, task.id, "sam", {"creditor": "Acme", "amount": "5", "approved": "true",
                                            "category": "travel", "due": "2026-12-24"})
    assert status_of(instance) == "completed"
    variables = variables_of(runtime, instance)
    assert {key: variables[key] for key in ("creditor", "amount", "approved", "category", "urgency", "due")} == {
        "creditor": "Acme", "amount": 5, "approved": True, "category": "travel", "urgency": "low",
        "due": "2026-12-24"}


def test_camunda_form_date_and_time_is_a_date_field_asking_for_a_time_too(runtime, people) -> None:
    schema = {"components": [{"type": "datetime", "key": "opens_at", "label": "Opens", "subtype": "datetime"}]}
    deploy_diagram(runtime, form_diagram(), "forms.bpmn", "owner", forms={"review.form": form_file(schema)})
    instance = start_instance(runtime, "p", {})
    (task,) = list_tasks(instance_id=instance)
    (field,) = task.form_fields
    assert (field["type"], field["time"]) == ("date", True)
    with pytest.raises(Exception, match="Opens must be a date and time"):
        complete_task(runtime, task.id, "sam", {"opens_at": "next week"})
    complete_task(runtime, task.id, "sam", {"opens_at": "2030-03-01T09:30:00+01:00"})
    assert variables_of(runtime, instance)["opens_at"] == "2030-03-01T09:30:00+01:00"


def test_camunda_form_text_is_shown_as_the_task_documentation(runtime, people) -> None:
    deploy_diagram(runtime, form_diagram(), "forms.bpmn", "owner", forms={"review.form": form_file()})
    (task,) = list_tasks(instance_id=start_instance(runtime, "p", {}))
    sam = Actor(0, "sam", "Sam", "en", "UTC", frozenset({"service-desk"}), frozenset({"agent"}), frozenset())
    assert "# Review the invoice" in (show_task(runtime, task.id, sam).documentation or "")


def test_camunda_form_on_the_start_event_is_the_start_form(runtime, people) -> None:
    start = ('<bpmn:startEvent id="start" camunda:formKey="camunda-forms:app:forms/review.form"/>')
    body = chain(("review", '<bpmn:userTask id="review" camunda:candidateGroups="service-desk"/>'))
    content = definitions(body.replace('<bpmn:startEvent id="start"/>', start))
    deploy_diagram(runtime, content, "forms.bpmn", "owner", forms={"review.form": form_file()})
    with pytest.raises(Exception, match="Creditor is required"):
        start_instance(runtime, "p", {})
    assert variables_of(runtime, start_instance(runtime, "p", {"creditor": "Acme"}))["creditor"] == "Acme"


def test_form_ref_finds_the_form_by_its_id(runtime, people) -> None:
    deploy_diagram(runtime, form_diagram("ReviewForm", "camunda:formRef"), "forms.bpmn", "owner",
                   forms={"review.form": form_file()})
    (task,) = list_tasks(instance_id=start_instance(runtime, "p", {}))
    assert task.form_fields[0]["id"] == "creditor"


def test_fresh_worker_reads_the_stored_form_again(runtime, people, database_url, clock, topics) -> None:
    deploy_diagram(runtime, form_diagram(), "forms.bpmn", "owner", forms={"review.form": form_file()})
    instance = start_instance(runtime, "p", {})
    db.session.remove()
    worker = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True}, clock=clock, topics=topics)
    with worker.app_context():
        (task,) = list_tasks(instance_id=instance)
        with pytest.raises(Exception, match="Creditor is required"):
            complete_task(worker.extensions["flowdesk"], task.id, "sam", {})
        complete_task(worker.extensions["flowdesk"], task.id, "sam", {"creditor": "Acme"})
        assert status_of(instance) == "completed"
        db.session.remove()
        db.engine.dispose()


def test_changing_only_the_form_makes_a_new_version(runtime) -> None:
    deploy_diagram(runtime, form_diagram(), "forms.bpmn", "owner", forms={"review.form": form_file()})
    changed = {**REVIEW_FORM, "components": REVIEW_FORM["components"][:2]}
    (again,) = deploy_diagram(runtime, form_diagram(), "forms.bpmn", "owner",
                              forms={"review.form": form_file(changed)})
    assert (again.version, again.created) == (2, True)


def test_cli_deploys_a_diagram_with_its_form_file(cli, tmp_path: Path) -> None:
    (tmp_path / "review.bpmn").write_bytes(form_diagram())
    (tmp_path / "review.form").write_bytes(form_file())
    result = cli("deploy", str(tmp_path / "review.bpmn"), str(tmp_path / "review.form"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["p\tDialect\tversion 1"]


def test_cli_refuses_form_files_without_a_diagram(cli, tmp_path: Path) -> None:
    (tmp_path / "review.form").write_bytes(form_file())
    result = cli("deploy", str(tmp_path / "review.form"))
    assert result.exit_code != 0 and "same command as the diagrams" in result.output


# --- what cannot be shown is refused, never ignored ----------------------------------------------------------

@pytest.mark.parametrize("key", ["embedded:app:forms/approve.html", "app:develop/invoice/approve.html", "FormA"])
def test_form_keys_flowdesk_cannot_show_are_refused_naming_the_element(runtime, key: str) -> None:
    refused = refusal(runtime, form_diagram(key))
    assert refused.element_id == "review"
    assert f"camunda:formKey '{key}'" in refused.reason and "camunda:formData" in refused.reason


def test_camunda_form_not_deployed_with_the_diagram_is_refused(runtime) -> None:
    refused = refusal(runtime, form_diagram())
    assert refused.element_id == "review" and "deploy the .form file in the same command" in refused.reason


@pytest.mark.parametrize("component, words", [
    ({"type": "taglist", "key": "tags", "values": []}, "'taglist' component"),
    ({"type": "number", "key": "amount"}, "accepts decimals"),
    ({"type": "select", "key": "who", "valuesKey": "people"}, "'valuesKey'"),
    ({"type": "textfield", "key": "x", "conditional": {"hide": "=y"}}, "'conditional'"),
    ({"type": "textfield", "key": "mail", "validate": {"validationType": "email"}}, "'validationType'"),
    ({"type": "datetime", "key": "at", "subtype": "time"}, "asks for a time of day alone"),
    ({"type": "textfield", "key": "a.b"}, "the key 'a.b'"),
])
def test_form_components_flowdesk_cannot_show_as_camunda_would_are_refused(runtime, component, words) -> None:
    schema = {"components": [component]}
    refused = refusal(runtime, form_diagram(), {"review.form": form_file(schema)})
    assert refused.element_id == "review" and words in refused.reason


def test_form_file_that_is_not_json_is_refused(runtime) -> None:
    refused = refusal(runtime, form_diagram(), {"review.form": b"<html/>"})
    assert "is not valid JSON" in refused.reason


@pytest.mark.parametrize("name", ["cbe-invoice-payment-bpmn-events.bpmn", "cbp-invoice-v2.bpmn",
                                  "cbe-react-example.bpmn"])
def test_corpus_diagrams_with_html_or_custom_form_keys_are_refused(runtime, name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"the Camunda corpus is not at {CORPUS}")
    assert "camunda:formKey" in refusal(runtime, path.read_bytes()).reason


def test_a_plain_form_name_beside_drawn_fields_keeps_the_drawn_fields(runtime) -> None:
    """Older modellers wrote a form's name in "Form Key" and drew its fields as camunda:formData
    (spiff-subworkflow-complex.bpmn in the corpus): the drawn fields are the form; a name alone, or a
    scheme such as embedded: or app: beside fields, is still refused."""
    fields = '<bpmn:extensionElements><camunda:formData><camunda:formField id="answer" type="string"/>' \
             '</camunda:formData></bpmn:extensionElements>'
    task = ('<bpmn:userTask id="review" name="Review" camunda:candidateGroups="service-desk" '
            f'camunda:formKey="{{key}}">{fields}</bpmn:userTask>')
    deployed = deploy_diagram(runtime, definitions(chain(("review", task.format(key="FormA")))), "named.bpmn", "owner")
    assert deployed[0].created
    for key in ("embedded:app:forms/a.html", "app:a.jsf"):
        assert "camunda:formKey" in refusal(runtime, definitions(chain(("review", task.format(key=key))))).reason
    assert "camunda:formKey" in refusal(runtime, form_diagram("FormA")).reason


# --- Camunda's date format ------------------------------------------------------------------------------------

def date_diagram(default: str) -> bytes:
    """Return a process whose user task has a date field with the given default."""
    task = ('<bpmn:userTask id="review" camunda:candidateGroups="service-desk"><bpmn:extensionElements>'
            f'<camunda:formData><camunda:formField id="day" type="date" defaultValue="{default}"/>'
            '</camunda:formData></bpmn:extensionElements></bpmn:userTask>')
    return definitions(chain(("review", task)))


@pytest.mark.parametrize("submitted, stored", [(None, "2013-01-10"), ("2014-02-11", "2014-02-11"),
                                               ("11/02/2014", "2014-02-11")])
def test_date_default_in_camundas_format_deploys_and_completes(runtime, people, submitted, stored) -> None:
    deploy_diagram(runtime, date_diagram("10/01/2013"), "date.bpmn", "owner")
    instance = start_instance(runtime, "p", {})
    (task,) = list_tasks(instance_id=instance)
    complete_task(runtime, task.id, "sam", {} if submitted is None else {"day": submitted})
    assert variables_of(runtime, instance)["day"] == stored


def test_date_default_that_no_format_reads_is_refused_at_deploy(runtime) -> None:
    refused = refusal(runtime, date_diagram("12/31/2013"))
    assert refused.element_id == "review" and "not a date written YYYY-MM-DD or DD/MM/YYYY" in refused.reason
