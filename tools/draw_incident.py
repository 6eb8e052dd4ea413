"""Write processes/incident.bpmn: the incident flow with its layout (run: python tools/draw_incident.py).

The diagram is kept as data here so its layout stays tidy when the flow changes; process owners may
equally edit the .bpmn in a modeller, after which this script is no longer the source.
"""
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parents[1] / "processes" / "incident.bpmn"
SIZES = {"start": (36, 36), "end": (36, 36), "user": (120, 80), "service": (120, 80), "xor": (50, 50)}
LEVELS = [("high", "High"), ("medium", "Medium"), ("low", "Low")]


def enum(values):
    return "".join(f'<camunda:value id="{v}" name="{escape(n)}"/>' for v, n in values)


def field(fid, label, ftype="string", constraints=(), values=(), choices=None, default=None):
    body = ""
    if choices:
        body += f'<camunda:properties><camunda:property id="choices" value="{choices}"/></camunda:properties>'
    if constraints:
        body += "<camunda:validation>" + "".join(
            f'<camunda:constraint name="{c[0]}"' + (f' config="{escape(c[1])}"' if len(c) > 1 else "") + "/>"
            for c in constraints) + "</camunda:validation>"
    body += enum(values)
    dv = f' defaultValue="{default}"' if default else ""
    return f'<camunda:formField id="{fid}" label="{escape(label)}" type="{ftype}"{dv}>{body}</camunda:formField>'


READONLY = (("readonly",),)
TITLE = field("title", "Title", constraints=READONLY)
DESCRIPTION = field("description", "Description", constraints=READONLY)
PRIORITY_RANK = "${90 if priority == 'P1' else 70 if priority == 'P2' else 50 if priority == 'P3' else 30}"

# id: (kind, name, x, y, extra)
NODES = {
    "logged": ("start", "Incident logged", 60, 222, {"fields": [
        field("title", "Title", constraints=(("required",), ("maxlength", "200"))),
        field("description", "What happened?", constraints=(("maxlength", "20000"),))]}),
    "start_clock": ("service", "Start the SLA clock", 140, 200, {"topic": "incident.start_clock"}),
    "classify": ("user", "Classify the incident", 300, 200, {
        "groups": "service-desk", "due": "${response_due}", "doc": "Check the category, the affected configuration "
        "item, the impact and the urgency: they decide the priority, the group and the service level.",
        "fields": [TITLE, DESCRIPTION,
                   field("category", "Category", "enum", choices="categories"),
                   field("ci", "Affected configuration item", choices="configuration_items"),
                   field("impact", "Impact", "enum", (("required",),), LEVELS),
                   field("urgency", "Urgency", "enum", (("required",),), LEVELS)]}),
    "apply_classification": ("service", "Apply the classification", 460, 200, {"topic": "incident.classify"}),
    "approval_needed": ("xor", "Approval needed?", 620, 215, {}),
    "approve_major": ("user", "Approve the major incident", 585, 40, {
        "groups": "managers", "doc": "A major incident stops other work: approve it, or refuse and send it "
        "back to the service desk to classify again.",
        "fields": [TITLE, DESCRIPTION, field("priority", "Priority", constraints=READONLY),
                   field("approval", "Decision", "enum", (("required",),), (("approve", "Approve"),
                                                                              ("refuse", "Refuse"))),
                   field("approval_comment", "Comment", constraints=(("required_if", "approval=refuse"),
                                                                      ("maxlength", "2000")))]}),
    "record_approval": ("service", "Record the decision", 760, 40, {"topic": "incident.approval"}),
    "approved": ("xor", "Approved?", 920, 55, {}),
    "assign": ("service", "Assign a group member", 760, 200, {"topic": "incident.assign"}),
    "take_or_pass": ("user", "Accept, return or forward", 920, 200, {
        "groups": "${assigned_group}", "assignee": "${assignee}", "due": "${response_due}",
        "doc": "Accept the incident to start work on it, return it to the service desk, or forward it to "
        "the group that should have it. Returning and forwarding need a reason.",
        "fields": [TITLE, DESCRIPTION,
                   field("decision", "Decision", "enum", (("required",),),
                         (("accept", "Accept"), ("return", "Return to the service desk"),
                          ("forward", "Forward to another group")), default="accept"),
                   field("reason", "Reason", constraints=(("required_if", "decision=return|forward"),
                                                          ("maxlength", "2000"))),
                   field("forward_group", "Forward to", "enum", (("required_if", "decision=forward"),),
                         choices="groups")]}),
    "acceptance": ("xor", "Accepted?", 1080, 215, {}),
    "move": ("service", "Return or forward", 1055, 360, {"topic": "incident.move"}),
    "too_many": ("xor", "Reassigned too often?", 1080, 480, {}),
    "notify_reassignments": ("service", "Notify the service-desk manager", 1180, 560,
                             {"topic": "incident.escalate", "params": {"level": "reassignments_exceeded"}}),
    "where_to": ("xor", "Returned?", 1080, 600, {}),
    "start_work": ("service", "Start work", 1160, 200, {"topic": "incident.accept"}),
    "resolve": ("user", "Investigate and resolve", 1320, 200, {
        "groups": "${assigned_group}", "assignee": "${assignee}", "due": "${resolution_due}",
        "doc": "Investigate, write progress notes on the ticket, then resolve it or ask the requester a "
        "question (the SLA clock stops until they answer).",
        "fields": [TITLE, DESCRIPTION,
                   field("outcome", "Outcome", "enum", (("required",),),
                         (("resolved", "Resolved"), ("need_info", "Ask the requester"))),
                   field("resolution", "Resolution", constraints=(("required_if", "outcome=resolved"),
                                                                  ("maxlength", "4000"))),
                   field("question", "Question to the requester", constraints=(("required_if", "outcome=need_info"),
                                                                               ("maxlength", "2000")))]}),
    "warn_assignee": ("service", "Warn the assignee", 1260, 360,
                      {"topic": "incident.escalate", "params": {"level": "resolution_warning"}}),
    "warned": ("end", "Assignee warned", 1292, 482, {}),
    "escalate_breach": ("service", "Escalate to the duty managers", 1420, 360,
                        {"topic": "incident.escalate", "params": {"level": "resolution_breach"}}),
    "duty_resolve": ("user", "Resolve the escalated incident", 1420, 500, {
        "groups": "duty-managers", "priority": "95",
        "doc": "The resolution target was missed. Take charge: resolve the incident with its team.",
        "fields": [TITLE, DESCRIPTION, field("resolution", "Resolution", constraints=(("required",),
                                                                                      ("maxlength", "4000")))]}),
    "outcome_gateway": ("xor", "Resolved?", 1480, 215, {}),
    "ask": ("service", "Ask the requester", 1455, 40, {"topic": "incident.pause"}),
    "answer_question": ("user", "Answer the question", 1300, 40, {
        "assignee": "${requester}",
        "doc": "The agent working on your incident needs an answer before going on.",
        "fields": [TITLE, field("question", "Question", constraints=READONLY),
                   field("answer", "Your answer", constraints=(("required",), ("maxlength", "4000")))]}),
    "resume": ("service", "Resume the SLA clock", 1145, 40, {"topic": "incident.resume"}),
    "record_resolution": ("service", "Record the resolution", 1580, 200, {"topic": "incident.resolve"}),
    "confirm_fix": ("user", "Confirm the fix", 1740, 200, {
        "assignee": "${requester}",
        "doc": "Is the problem solved? Confirm to close the incident, or reopen it and say what still fails.",
        "fields": [TITLE, field("resolution", "Resolution", constraints=READONLY),
                   field("confirmation", "Is it fixed?", "enum", (("required",),),
                         (("confirm", "Yes, close it"), ("reopen", "No, reopen it"))),
                   field("reopen_reason", "What still fails", constraints=(("required_if", "confirmation=reopen"),
                                                                           ("maxlength", "2000")))]}),
    "fixed": ("xor", "Fixed?", 1900, 215, {}),
    "reopen_ticket": ("service", "Reopen", 1875, 40, {"topic": "incident.reopen"}),
    "close": ("service", "Close", 1980, 200, {"topic": "incident.close", "params": {"how": "confirmed"}}),
    "auto_close": ("service", "Close automatically", 1740, 360,
                   {"topic": "incident.close", "params": {"how": "auto"}}),
    "rate": ("user", "Rate the service", 2140, 200, {
        "assignee": "${requester}",
        "doc": "How satisfied are you with how your incident was handled? 1 is poor, 5 is excellent.",
        "fields": [TITLE, field("rating", "Rating (1-5)", "long", (("required",), ("min", "1"), ("max", "5"))),
                   field("rating_comment", "Comment", constraints=(("maxlength", "2000"),))]}),
    "store_rating": ("service", "Store the rating", 2300, 200, {"topic": "incident.rate"}),
    "done": ("end", "Incident closed", 2462, 222, {}),
    "not_rated": ("end", "Not rated", 2312, 382, {}),
    "lead_notified": ("end", "Group lead notified", 700, 622, {}),
    "notify_lead": ("service", "Notify the group lead", 520, 600,
                    {"topic": "incident.escalate", "params": {"level": "response_breach"}}),
}
# id: (attached to, name, timer expression, interrupting, x offset on the host's bottom edge)
BOUNDARIES = {
    "response_breached_classify": ("classify", "Response target passed", "${response_due}", False, 42),
    "response_breached_accept": ("take_or_pass", "Response target passed", "${response_due}", False, 20),
    "resolution_warning": ("resolve", "Resolution warning", "${resolution_warning}", False, 2),
    "resolution_breached": ("resolve", "Resolution target passed", "${resolution_due}", True, 82),
    "auto_close_due": ("confirm_fix", "No answer in 3 working days", "${auto_close_at}", True, 42),
    "rating_expired": ("rate", "No rating in 10 days", "P10D", True, 42),
}
# id: (source, target, name, condition or "default", waypoints or None; RAW + [...] is drawn as given)
RAW = ["raw"]
FLOWS = [
    ("f_start", "logged", "start_clock", None, None, None),
    ("f_clock", "start_clock", "classify", None, None, None),
    ("f_classified", "classify", "apply_classification", None, None, None),
    ("f_applied", "apply_classification", "approval_needed", None, None, None),
    ("f_needs_approval", "approval_needed", "approve_major", "Yes", "${needs_approval}",
     RAW + [(645, 215), (645, 120)]),
    ("f_no_approval", "approval_needed", "assign", "No", "default", None),
    ("f_decided", "approve_major", "record_approval", None, None, None),
    ("f_recorded", "record_approval", "approved", None, None, None),
    ("f_approved", "approved", "assign", "Approved", "default", [(945, 105), (945, 160), (820, 160), (820, 200)]),
    ("f_refused", "approved", "classify", "Refused", "${approval == 'refuse'}",
     [(945, 55), (945, 20), (360, 20), (360, 200)]),
    ("f_assigned", "assign", "take_or_pass", None, None, None),
    ("f_to_decision", "take_or_pass", "acceptance", None, None, None),
    ("f_accepted", "acceptance", "start_work", "Accept", "default", None),
    ("f_moved", "acceptance", "move", "Return or forward", "${decision != 'accept'}", None),
    ("f_after_move", "move", "too_many", None, None, None),
    ("f_too_many", "too_many", "notify_reassignments", "Over the limit", "${reassignments > reassignment_limit}",
     RAW + [(1130, 505), (1240, 505), (1240, 560)]),
    ("f_within_limit", "too_many", "where_to", "Within the limit", "default", None),
    ("f_notified_manager", "notify_reassignments", "where_to", None, None,
     RAW + [(1180, 600), (1155, 600), (1155, 625), (1130, 625)]),
    ("f_returned", "where_to", "classify", "Returned", "${decision == 'return'}",
     RAW + [(1105, 650), (1105, 720), (320, 720), (320, 280)]),
    ("f_forwarded", "where_to", "assign", "Forwarded", "default", RAW + [(1080, 625), (820, 625), (820, 280)]),
    ("f_work", "start_work", "resolve", None, None, None),
    ("f_to_outcome", "resolve", "outcome_gateway", None, None, None),
    ("f_resolved", "outcome_gateway", "record_resolution", "Resolved", "default", None),
    ("f_need_info", "outcome_gateway", "ask", "Ask the requester", "${outcome == 'need_info'}",
     RAW + [(1505, 215), (1505, 120)]),
    ("f_asked", "ask", "answer_question", None, None, RAW + [(1455, 80), (1420, 80)]),
    ("f_answered", "answer_question", "resume", None, None, RAW + [(1300, 80), (1265, 80)]),
    ("f_resumed", "resume", "resolve", None, None, RAW + [(1205, 120), (1205, 160), (1360, 160), (1360, 200)]),
    ("f_warning", "resolution_warning", "warn_assignee", None, None, None),
    ("f_warned", "warn_assignee", "warned", None, None, None),
    ("f_breached", "resolution_breached", "escalate_breach", None, None, None),
    ("f_escalated", "escalate_breach", "duty_resolve", None, None, None),
    ("f_duty_resolved", "duty_resolve", "record_resolution", None, None, [(1640, 540), (1640, 280)]),
    ("f_recorded_resolution", "record_resolution", "confirm_fix", None, None, None),
    ("f_to_fixed", "confirm_fix", "fixed", None, None, None),
    ("f_fixed", "fixed", "close", "Yes", "default", None),
    ("f_reopened", "fixed", "reopen_ticket", "Reopened", "${confirmation == 'reopen'}",
     RAW + [(1925, 215), (1925, 120)]),
    ("f_back_to_work", "reopen_ticket", "resolve", None, None,
     RAW + [(1935, 40), (1935, 15), (1400, 15), (1400, 200)]),
    ("f_no_answer", "auto_close_due", "auto_close", None, None, None),
    ("f_auto_closed", "auto_close", "rate", None, None, [(1860, 400), (2200, 400), (2200, 280)]),
    ("f_closed", "close", "rate", None, None, None),
    ("f_rated", "rate", "store_rating", None, None, None),
    ("f_stored", "store_rating", "done", None, None, None),
    ("f_rating_expired", "rating_expired", "not_rated", None, None, None),
    ("f_response_1", "response_breached_classify", "notify_lead", None, None,
     RAW + [(360, 298), (360, 640), (520, 640)]),
    ("f_response_2", "response_breached_accept", "notify_lead", None, None,
     RAW + [(958, 298), (958, 560), (580, 560), (580, 600)]),
    ("f_lead_notified", "notify_lead", "lead_notified", None, None, None),
]
XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def box(node_id):
    if node_id in BOUNDARIES:
        host, _, _, _, dx = BOUNDARIES[node_id]
        _, _, hx, hy, _ = NODES[host]
        return hx + dx, hy + 62, 36, 36
    kind, _, x, y, _ = NODES[node_id]
    w, h = SIZES[kind]
    return x, y, w, h


def waypoints(source, target, given):
    if given and given[0] == "raw":
        return given[1:]
    sx, sy, sw, sh = box(source)
    tx, ty, tw, th = box(target)
    if source in BOUNDARIES:
        start = (sx + sw // 2, sy + sh)
    elif given and given[0][1] < sy:
        start = (sx + sw // 2, sy)
    elif given and given[0][1] > sy + sh:
        start = (sx + sw // 2, sy + sh)
    else:
        start = (sx + sw, sy + sh // 2)
    if given:
        last = given[-1]
        if last[1] <= ty:
            end = (last[0], ty)
        elif last[1] >= ty + th:
            end = (last[0], ty + th)
        else:
            end = (tx, last[1])
        return [start, *given[:-1], end] if last[1] in (ty, ty + th) or ty < last[1] < ty + th else \
            [start, *given, end]
    if source in BOUNDARIES:
        if ty > sy:
            return [start, (start[0], ty + th // 2), (tx, ty + th // 2)] if tx > start[0] else \
                [start, (start[0], ty)]
        return [start, (start[0], ty + th)]
    end = (tx, ty + th // 2)
    if start[1] == end[1]:
        return [start, end]
    if ty > sy + sh:  # below: go down from the bottom
        return [(sx + sw // 2, sy + sh), (sx + sw // 2, ty + th // 2), end] if tx > sx + sw else \
            [(sx + sw // 2, sy + sh), (sx + sw // 2, ty)]
    if ty + th < sy:  # above
        return [(sx + sw // 2, sy), (sx + sw // 2, ty + th // 2), end] if tx > sx + sw else \
            [(sx + sw // 2, sy), (sx + sw // 2, ty + th)]
    mid = (start[0] + end[0]) // 2
    return [start, (mid, start[1]), (mid, end[1]), end]


def node_xml(node_id, kind, name, extra, incoming, outgoing):
    flows = "".join(f"<bpmn:incoming>{f}</bpmn:incoming>" for f in incoming) + \
        "".join(f"<bpmn:outgoing>{f}</bpmn:outgoing>" for f in outgoing)
    name_attr = f'name="{escape(name)}"'
    if kind == "start":
        form = "<bpmn:extensionElements><camunda:formData>" + "".join(extra.get("fields", [])) + \
            "</camunda:formData></bpmn:extensionElements>" if extra.get("fields") else ""
        return f'<bpmn:startEvent id="{node_id}" {name_attr}>{form}{flows}</bpmn:startEvent>'
    if kind == "end":
        return f'<bpmn:endEvent id="{node_id}" {name_attr}>{flows}</bpmn:endEvent>'
    if kind == "xor":
        default = next((f[0] for f in FLOWS if f[1] == node_id and f[4] == "default"), None)
        attr = f' default="{default}"' if default else ""
        return f'<bpmn:exclusiveGateway id="{node_id}" {name_attr}{attr}>{flows}</bpmn:exclusiveGateway>'
    if kind == "service":
        params = "".join(f'<camunda:inputParameter name="{k}">{escape(v)}</camunda:inputParameter>'
                         for k, v in extra.get("params", {}).items())
        ext = f"<bpmn:extensionElements><camunda:inputOutput>{params}</camunda:inputOutput>" \
              f"</bpmn:extensionElements>" if params else ""
        return (f'<bpmn:serviceTask id="{node_id}" {name_attr} camunda:type="external" '
                f'camunda:topic="{extra["topic"]}">{ext}{flows}</bpmn:serviceTask>')
    attrs = ""
    if "groups" in extra:
        attrs += f' camunda:candidateGroups="{escape(extra["groups"])}"'
    if "assignee" in extra:
        attrs += f' camunda:assignee="{escape(extra["assignee"])}"'
    if "due" in extra:
        attrs += f' camunda:dueDate="{escape(extra["due"])}"'
    attrs += f' camunda:priority="{escape(extra.get("priority", PRIORITY_RANK))}"'
    doc = f"<bpmn:documentation>{escape(extra['doc'])}</bpmn:documentation>" if "doc" in extra else ""
    form = "<bpmn:extensionElements><camunda:formData>" + "".join(extra["fields"]) + \
        "</camunda:formData></bpmn:extensionElements>"
    return f'<bpmn:userTask id="{node_id}" {name_attr}{attrs}>{doc}{form}{flows}</bpmn:userTask>'


def main():
    parts = []
    for node_id, (kind, name, _x, _y, extra) in NODES.items():
        incoming = [f[0] for f in FLOWS if f[2] == node_id]
        outgoing = [f[0] for f in FLOWS if f[1] == node_id]
        parts.append(node_xml(node_id, kind, name, extra, incoming, outgoing))
    for node_id, (host, name, expression, interrupting, _dx) in BOUNDARIES.items():
        outgoing = "".join(f"<bpmn:outgoing>{f[0]}</bpmn:outgoing>" for f in FLOWS if f[1] == node_id)
        kind = "timeDuration" if expression.startswith("P") else "timeDate"
        cancel = "" if interrupting else ' cancelActivity="false"'
        parts.append(f'<bpmn:boundaryEvent id="{node_id}" name="{escape(name)}" attachedToRef="{host}"{cancel}>'
                     f'{outgoing}<bpmn:timerEventDefinition id="{node_id}_timer"><bpmn:{kind} '
                     f'xsi:type="bpmn:tFormalExpression" {XSI}>{escape(expression)}</bpmn:{kind}>'
                     f'</bpmn:timerEventDefinition></bpmn:boundaryEvent>')
    for flow_id, source, target, name, condition, _points in FLOWS:
        name_attr = f' name="{escape(name)}"' if name else ""
        body = ""
        if condition and condition != "default":
            body = (f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" {XSI}>{escape(condition)}'
                    f'</bpmn:conditionExpression>')
        parts.append(f'<bpmn:sequenceFlow id="{flow_id}"{name_attr} sourceRef="{source}" targetRef="{target}">'
                     f'{body}</bpmn:sequenceFlow>')
    shapes = []
    for node_id in [*NODES, *BOUNDARIES]:
        x, y, w, h = box(node_id)
        marker = ' isMarkerVisible="true"' if node_id in NODES and NODES[node_id][0] == "xor" else ""
        shapes.append(f'<bpmndi:BPMNShape id="{node_id}_di" bpmnElement="{node_id}"{marker}>'
                      f'<dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}"/></bpmndi:BPMNShape>')
    for flow_id, source, target, _name, _condition, points in FLOWS:
        wps = "".join(f'<di:waypoint x="{x}" y="{y}"/>' for x, y in waypoints(source, target, points))
        shapes.append(f'<bpmndi:BPMNEdge id="{flow_id}_di" bpmnElement="{flow_id}">{wps}</bpmndi:BPMNEdge>')
    xml = f'''<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
                  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
                  xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                  id="incident_definitions" targetNamespace="https://flowdesk.example/bpmn"
                  exporter="FlowDesk" exporterVersion="0.2">
<bpmn:process id="incident" name="Incident" isExecutable="true">
{chr(10).join(parts)}
</bpmn:process>
<bpmndi:BPMNDiagram id="incident_diagram"><bpmndi:BPMNPlane id="incident_plane" bpmnElement="incident">
{chr(10).join(shapes)}
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
'''
    OUT.write_text(xml, encoding="utf-8")


if __name__ == "__main__":
    main()
