"""Write processes/change-standard.bpmn, change-normal.bpmn and change-emergency.bpmn with their layout, in English
and Chinese (run: python tools/draw_changes.py).

The diagrams are kept as data here so the three stay alike and tidy; process owners may equally edit the .bpmn
files in the studio, after which this script is no longer their source.
"""
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

OUT = Path(__file__).resolve().parents[1] / "processes"
SIZES = {"start": (36, 36), "end": (36, 36), "user": (120, 80), "service": (120, 80), "xor": (50, 50)}
NS = ('xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
      'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
      'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
STARTERS = "change-managers"  # changes are raised from the desk's change pages, which start these flows


def prop(name: str, value: str, attribute: str = "name") -> str:
    """Return one camunda:property."""
    return f'<camunda:property {attribute}="{name}" value={quoteattr(value)}/>'


def field(fid: str, label: str, zh: str, ftype: str = "string", constraints: tuple = (), values: tuple = (),
          props: tuple = ()) -> str:
    """Return a camunda:formField with its Chinese label and option words."""
    properties = [prop(name, value, "id") for name, value in props] + [prop("zh_CN:label", zh, "id")]
    properties += [prop(f"zh_CN:option:{value}", words_zh, "id") for value, _, words_zh in values]
    body = "<camunda:properties>" + "".join(properties) + "</camunda:properties>"
    if constraints:
        body += "<camunda:validation>" + "".join(
            f'<camunda:constraint name="{c[0]}"' + (f' config="{escape(c[1])}"' if len(c) > 1 else "") + "/>"
            for c in constraints) + "</camunda:validation>"
    body += "".join(f'<camunda:value id="{value}" name={quoteattr(words)}/>' for value, words, _ in values)
    return f'<camunda:formField id="{fid}" label={quoteattr(label)} type="{ftype}">{body}</camunda:formField>'


READONLY = (("readonly",),)
REQUIRED = (("required",), ("maxlength", "4000"))
MULTILINE = (("flowdesk:multiline", "true"),)
MOMENT = (("flowdesk:time", "true"), ("flowdesk:future", "true"))
SUMMARY = field("summary", "Summary", "摘要", constraints=READONLY)
PLAN = field("implementation_plan", "Implementation plan", "实施计划", constraints=READONLY, props=MULTILINE)
BACKOUT = field("backout_plan", "Backout plan", "回退计划", constraints=READONLY, props=MULTILINE)
OUTCOMES = (("successful", "Successful", "成功"), ("successful_with_issues", "Successful with issues", "成功但有问题"),
            ("failed", "Failed", "失败"), ("backed_out", "Backed out", "已回退"))
SHOWN = "summary,risk,risk_reasons,implementation_plan,backout_plan,test_plan,planned_start,planned_end,cis,conflicts"


def stage(stage_id: str, name: str, zh: str, x: int, y: int, **params: str) -> tuple:
    """Return a service task that moves the change to a stage."""
    return (stage_id, "service", name, zh, x, y, {"topic": "change.stage", "params": params})


def assess(x: int, y: int) -> tuple:
    """Return the change manager's assessment task."""
    return ("assess", "user", "Assess the change", "评估变更", x, y, {
        "groups": "change-managers", "due": "P2D", "show": SHOWN,
        "doc": ("Read the change, set its impact, and make sure its test plan says how success is checked: "
                "the CAB reads it.", "阅读变更，设定其影响，并确保测试计划说明如何检验成功：变更咨询委员会将阅读它。"),
        "fields": [SUMMARY,
                   field("impact", "Impact", "影响", "enum", (("required",),),
                         (("low", "Low", "低"), ("medium", "Medium", "中"), ("high", "High", "高"))),
                   field("test_plan", "Test plan", "测试计划", constraints=REQUIRED, props=MULTILINE),
                   field("assessment", "Assessment", "评估意见", constraints=REQUIRED, props=MULTILINE)]})


def cab(x: int, y: int, rule: str, emergency: bool) -> tuple:
    """Return the CAB's multi-instance approval over cab_members."""
    who = "emergency CAB" if emergency else "CAB"
    who_zh = "紧急变更咨询委员会" if emergency else "变更咨询委员会"
    return ("cab_approval", "user", "Emergency CAB approval" if emergency else "CAB approval", f"{who_zh}审批", x, y, {
                "assignee": "${cab_member}", "due": "PT4H" if emergency else "P3D", "show": SHOWN,
                "loop": ("cab_members", "cab_member"),
                "props": (("flowdesk:decision", rule), ("flowdesk:veto", "true"),
                          ("flowdesk:exclude", "requested_by,change_owner"), ("flowdesk:outcome", "cab_outcome")),
                "doc": (f"Each member of the {who} decides: read the change, its risk and why, its plans and "
                        "window, then approve or reject it.",
                        f"{who_zh}的每位成员作出决定：阅读变更、其风险及原因、计划和时间窗口，然后批准或拒绝。"),
                "fields": [field("decision", "Decision", "决定", "enum", (("required",),),
                                 (("approve", "Approve", "批准"), ("reject", "Reject", "拒绝"))),
                           field("comment", "Comment", "意见", constraints=(("maxlength", "2000"),),
                                 props=MULTILINE)]})


def reschedule(x: int, y: int) -> tuple:
    """Return the owner's task of choosing another window after a refused one."""
    return ("reschedule", "user", "Choose another window", "选择其他时间窗口", x, y, {
        "assignee": "${change_owner}", "due": "P1D",
        "show": "summary,planned_start,planned_end,conflicts",
        "doc": ("The window collides with other work. Pick a window that is free; or, as a change manager, keep it "
                "over a block and say why.",
                "该时间窗口与其他工作冲突。请选择空闲的时间窗口；或者，作为变更经理，说明原因后越过阻止保留该窗口。"),
        "fields": [SUMMARY,
                   field("planned_start", "Planned start", "计划开始", "date", (("required",),), props=MOMENT),
                   field("planned_end", "Planned end", "计划结束", "date", (("required",),), props=MOMENT),
                   field("schedule_override_reason", "Override reason (change managers only)",
                         "越过阻止的原因（仅限变更经理）", constraints=(("maxlength", "2000"),), props=MULTILINE)]})


def implement(x: int, y: int) -> tuple:
    """Return the work order: the implementer records when the work actually started and ended."""
    return ("implement", "user", "Implement (work order)", "实施（工单）", x, y, {
        "assignee": "${implementer}", "groups": "${owner_group}", "priority": "70", "show": SHOWN,
        "doc": ("Carry out the implementation plan in the window; back out if the tests fail. Record when the "
                "work actually started and ended.",
                "在时间窗口内执行实施计划；测试失败时回退。记录工作实际开始和结束的时间。"),
        "fields": [SUMMARY, PLAN, BACKOUT,
                   field("actual_start", "Actual start", "实际开始", "date", (("required",),),
                         props=(("flowdesk:time", "true"),)),
                   field("actual_end", "Actual end", "实际结束", "date", (("required",),),
                         props=(("flowdesk:time", "true"),)),
                   field("work_note", "What was done", "完成的工作", constraints=(("maxlength", "4000"),),
                         props=MULTILINE)]})


def review(x: int, y: int) -> tuple:
    """Return the post-implementation review, whose outcome feeds the success scores."""
    return ("review", "user", "Post-implementation review", "实施后评审", x, y, {
        "groups": "change-managers", "due": "P5D", "show": SHOWN,
        "doc": ("Check the change did what it should. The outcome counts in the group's (and template's) change "
                "success score; closing resolves the incidents and problems it fixes.",
                "检查变更是否达到预期。结果计入该组（及模板）的变更成功率；关闭变更会解决其修复的事件和问题。"),
        "fields": [SUMMARY,
                   field("outcome", "Outcome", "结果", "enum", (("required",),), OUTCOMES),
                   field("review_note", "Review", "评审意见", constraints=REQUIRED, props=MULTILINE)]})


def service(sid: str, name: str, zh: str, topic: str, x: int, y: int) -> tuple:
    """Return a service task on a topic."""
    return (sid, "service", name, zh, x, y, {"topic": topic})


def event(eid: str, kind: str, name: str, zh: str, x: int, y: int) -> tuple:
    """Return a start or end event placed by its box's top left corner."""
    return (eid, kind, name, zh, x, y, {})


def gateway(gid: str, name: str, zh: str, x: int, y: int, default: str) -> tuple:
    """Return an exclusive gateway with its default flow."""
    return (gid, "xor", name, zh, x, y, {"default": default})


def node_xml(node: tuple, incoming: list[str], outgoing: list[str]) -> str:
    """Return one flow node's XML."""
    nid, kind, name, zh, _, _, extra = node
    tag = {"start": "startEvent", "end": "endEvent", "user": "userTask", "service": "serviceTask",
           "xor": "exclusiveGateway"}[kind]
    attributes = f'id="{nid}" name={quoteattr(name)}'
    if kind == "service":
        attributes += f' camunda:type="external" camunda:topic="{extra["topic"]}"'
    if kind == "xor":
        attributes += f' default="{extra["default"]}"'
    for key, attribute in (("groups", "candidateGroups"), ("assignee", "assignee"), ("due", "dueDate"),
                           ("priority", "priority")):
        if key in extra:
            attributes += f' camunda:{attribute}={quoteattr(extra[key])}'
    doc = f"<bpmn:documentation>{escape(extra['doc'][0])}</bpmn:documentation>" if "doc" in extra else ""
    props = [prop("zh_CN:name", zh)] + ([prop("zh_CN:documentation", extra["doc"][1])] if "doc" in extra else [])
    props += [prop(key, value) for key, value in extra.get("props", ())]
    if "show" in extra:
        props.append(prop("flowdesk:show", extra["show"]))
    ext = "<camunda:properties>" + "".join(props) + "</camunda:properties>"
    if extra.get("params"):
        ext += "<camunda:inputOutput>" + "".join(f'<camunda:inputParameter name="{k}">{escape(v)}'
                                                 "</camunda:inputParameter>" for k, v in extra["params"].items()) \
            + "</camunda:inputOutput>"
    if extra.get("fields"):
        ext += "<camunda:formData>" + "".join(extra["fields"]) + "</camunda:formData>"
    flows = "".join(f"<bpmn:incoming>{f}</bpmn:incoming>" for f in incoming) + \
        "".join(f"<bpmn:outgoing>{f}</bpmn:outgoing>" for f in outgoing)
    loop = ""
    if "loop" in extra:
        loop = (f'<bpmn:multiInstanceLoopCharacteristics camunda:collection="{extra["loop"][0]}" '
                f'camunda:elementVariable="{extra["loop"][1]}"/>')
    return f'    <bpmn:{tag} {attributes}>{doc}<bpmn:extensionElements>{ext}</bpmn:extensionElements>' \
           f'{flows}{loop}</bpmn:{tag}>\n'


def centre(node: tuple) -> tuple[int, int]:
    """Return a node's centre."""
    width, height = SIZES[node[1]]
    return node[4] + width // 2, node[5] + height // 2


def waypoints(nodes: dict, source: str, target: str, via: tuple) -> list[tuple[int, int]]:
    """Return a flow's waypoints: from the source's edge to the target's, through the given bends."""
    (sx, sy), (tx, ty) = centre(nodes[source]), centre(nodes[target])
    points = [(sx, sy), *via, (tx, ty)]
    return [edge_point(nodes[source], points[1], points[0]), *via, edge_point(nodes[target], points[-2], points[-1])]


def edge_point(node: tuple, towards: tuple[int, int], middle: tuple[int, int]) -> tuple[int, int]:
    """Return where a line from a node's centre towards a point leaves the node's box (lines run straight)."""
    width, height = SIZES[node[1]]
    if towards[1] == middle[1]:
        return (middle[0] + width // 2 if towards[0] > middle[0] else middle[0] - width // 2, middle[1])
    return (middle[0], middle[1] + height // 2 if towards[1] > middle[1] else middle[1] - height // 2)


def write(process_id: str, name: str, zh: str, doc: tuple[str, str], nodes_list: list, flows: list,
          boundaries: tuple = ()) -> None:
    """Write one change diagram."""
    nodes = {node[0]: node for node in nodes_list}
    incoming: dict[str, list[str]] = {nid: [] for nid in nodes}
    outgoing: dict[str, list[str]] = {nid: [] for nid in nodes}
    for fid, source, target, *_ in flows:
        outgoing[source].append(fid)
        incoming[target].append(fid)
    body = [f'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions {NS} id="{process_id}_definitions" '
            'targetNamespace="https://flowdesk.example/bpmn">\n',
            f'  <bpmn:process id="{process_id}" name={quoteattr(name)} isExecutable="true" '
            f'camunda:candidateStarterGroups="{STARTERS}">\n',
            f"    <bpmn:documentation>{escape(doc[0])}</bpmn:documentation>\n",
            "    <bpmn:extensionElements><camunda:properties>" + prop("zh_CN:name", zh) +
            prop("zh_CN:documentation", doc[1]) + "</camunda:properties></bpmn:extensionElements>\n"]
    body += [node_xml(node, incoming[node[0]], outgoing[node[0]]) for node in nodes_list]
    for boundary in boundaries:
        bid, host, bname, bzh, duration, target, _, place = boundary
        cancel = "" if place.get("interrupting", True) else ' cancelActivity="false"'
        body.append(f'    <bpmn:boundaryEvent id="{bid}" name={quoteattr(bname)} attachedToRef="{host}"{cancel}>'
                    "<bpmn:extensionElements><camunda:properties>" + prop("zh_CN:name", bzh) +
                    f"</camunda:properties></bpmn:extensionElements><bpmn:outgoing>f_{bid}</bpmn:outgoing>"
                    f'<bpmn:timerEventDefinition id="{bid}_timer"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">'
                    f"{duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>\n")
        body.append(f'    <bpmn:sequenceFlow id="f_{bid}" sourceRef="{bid}" targetRef="{target}"/>\n')
    for fid, source, target, label, condition, _ in flows:
        attributes = f'id="{fid}" sourceRef="{source}" targetRef="{target}"'
        if label:
            attributes += f" name={quoteattr(label[0])}"
        inner = ("<bpmn:extensionElements><camunda:properties>" + prop("zh_CN:name", label[1]) +
                 "</camunda:properties></bpmn:extensionElements>") if label else ""
        if condition:
            inner += f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{escape(condition)}' \
                     "</bpmn:conditionExpression>"
        body.append(f"    <bpmn:sequenceFlow {attributes}>{inner}</bpmn:sequenceFlow>\n" if inner
                    else f"    <bpmn:sequenceFlow {attributes}/>\n")
    body.append("  </bpmn:process>\n")
    body.append(diagram_xml(process_id, nodes, flows, boundaries))
    body.append("</bpmn:definitions>\n")
    (OUT / f"{process_id}.bpmn").write_text("".join(body), encoding="utf-8")


def diagram_xml(process_id: str, nodes: dict, flows: list, boundaries: tuple) -> str:
    """Return the BPMNDiagram: shapes with their bounds and labels, edges with their waypoints."""
    parts = [f'  <bpmndi:BPMNDiagram id="{process_id}_diagram">\n'
             f'    <bpmndi:BPMNPlane id="{process_id}_plane" bpmnElement="{process_id}">\n']
    for nid, node in nodes.items():
        width, height = SIZES[node[1]]
        marker = ' isMarkerVisible="true"' if node[1] == "xor" else ""
        label = ""
        if node[1] in ("start", "end", "xor"):
            label = (f'<bpmndi:BPMNLabel><dc:Bounds x="{node[4] + width // 2 - 45}" y="{node[5] + height + 6}" '
                     'width="90" height="27"/></bpmndi:BPMNLabel>')
        parts.append(f'      <bpmndi:BPMNShape id="{nid}_di" bpmnElement="{nid}"{marker}><dc:Bounds x="{node[4]}" '
                     f'y="{node[5]}" width="{width}" height="{height}"/>{label}</bpmndi:BPMNShape>\n')
    for boundary in boundaries:
        bid, host, *_, via, place = boundary
        hx, hy = nodes[host][4], nodes[host][5]
        cx, top = hx + place.get("at", 80), place.get("side", "bottom") == "top"
        cy = hy if top else hy + SIZES[nodes[host][1]][1]
        label_x, label_y = cx + place.get("label_dx", 20), cy - 46 if top else cy + 20
        parts.append(f'      <bpmndi:BPMNShape id="{bid}_di" bpmnElement="{bid}"><dc:Bounds x="{cx - 18}" '
                     f'y="{cy - 18}" width="36" height="36"/><bpmndi:BPMNLabel><dc:Bounds x="'
                     f'{label_x}" y="{label_y}" width="90" height="27"/></bpmndi:BPMNLabel></bpmndi:BPMNShape>\n')
        points = [(cx, cy - 18 if top else cy + 18), *via]
        target = nodes[boundary[5]]
        points.append(edge_point(target, points[-1], centre(target)))
        parts.append(edge_xml(f"f_{bid}", points))
    for fid, source, target, label, _, via in flows:
        parts.append(edge_xml(fid, waypoints(nodes, source, target, via), label is not None))
    parts.append("    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n")
    return "".join(parts)


def edge_xml(fid: str, points: list[tuple[int, int]], labelled: bool = False) -> str:
    """Return one edge with its waypoints (and a label box beside its first bend when it is named)."""
    label = ""
    if labelled:
        x, y = points[0] if len(points) < 3 else points[1]
        label = f'<bpmndi:BPMNLabel><dc:Bounds x="{x + 6}" y="{y - 22}" width="70" height="14"/></bpmndi:BPMNLabel>'
    return f'      <bpmndi:BPMNEdge id="{fid}_di" bpmnElement="{fid}">' + \
        "".join(f'<di:waypoint x="{x}" y="{y}"/>' for x, y in points) + f"{label}</bpmndi:BPMNEdge>\n"


def chain(ids: list[str]) -> list:
    """Return straight unlabelled flows joining the ids in order."""
    return [(f"f_{a}", a, b, None, None, ()) for a, b in zip(ids, ids[1:], strict=False)]


ROW0, ROW1, ROW2, ROW3 = 40, 200, 400, 560  # the top of the task boxes on each row (row 0: the CAB's timers)


def row_y(kind: str, row: int) -> int:
    """Return the y of a node's box so its centre sits on the row's line."""
    return row + 40 - SIZES[kind][1] // 2


def approval_part(start_x: int, emergency: bool) -> tuple[list, list, tuple]:
    """Return the CAB (its rule writes cab_outcome), the decision and the rejected path, from start_x, row one; with
    its timers on row zero: a reminder to the undecided members, then the change managers' escalation, which may
    send the change back to the CAB or reject it, never approve it."""
    x = start_x
    group = "ecab" if emergency else "change-advisory-board"
    nodes = [stage("enter_cab", "Send to the CAB", "提交变更咨询委员会", x, ROW1, stage="cab", cab_group=group),
             cab(x + 160, ROW1, "any" if emergency else "n-of-m:2", emergency),
             gateway("cab_decided", "CAB approved?", "委员会已批准？", x + 315, row_y("xor", ROW1), "f_cab_rejected"),
             stage("enter_rejected", "Mark the change rejected", "标记变更已拒绝", x + 450, ROW1, stage="rejected"),
             event("rejected", "end", "Change rejected", "变更已拒绝", x + 612, row_y("end", ROW1)),
             ("remind_cab", "service", "Remind the undecided members", "提醒尚未决定的成员", x + 140, ROW0,
              {"topic": "change.cab_overdue", "params": {"step": "remind"}}),
             event("cab_reminded", "end", "Reminded", "已提醒", x + 84, row_y("end", ROW0)),
             ("escalate_cab", "service", "Tell the change managers", "通知变更经理", x + 300, ROW0,
              {"topic": "change.cab_overdue", "params": {"step": "escalate", "to": "change-managers"}}),
             overdue(x + 460, ROW0, emergency),
             gateway("overdue_decided", "Send back to the CAB?", "退回委员会？", x + 620, row_y("xor", ROW0),
                     "f_overdue_rejected")]
    flows = chain(["enter_cab", "cab_approval", "cab_decided"])
    flows.append(("f_cab_rejected", "cab_decided", "enter_rejected", ("rejected", "已拒绝"), None, ()))
    flows += chain(["enter_rejected", "rejected"]) + chain(["remind_cab", "cab_reminded"]) \
        + chain(["escalate_cab", "cab_overdue", "overdue_decided"])
    flows.append(("f_overdue_resent", "overdue_decided", "enter_cab", ("send back", "退回"),
                  "${overdue_decision == 'resend'}", ((x + 645, ROW0 - 20), (x + 60, ROW0 - 20))))
    flows.append(("f_overdue_rejected", "overdue_decided", "enter_rejected", ("reject", "拒绝"), None,
                  ((x + 645, ROW1 - 40), (x + 510, ROW1 - 40))))
    remind, escalate = ("PT2H", "PT4H") if emergency else ("P2D", "P3D")
    boundaries = (
        ("cab_reminder", "cab_approval", "Remind the undecided", "提醒未决定者", remind, "remind_cab", (),
         {"interrupting": False, "side": "top", "at": 40, "label_dx": -110}),
        ("cab_deadline", "cab_approval", "CAB overdue", "委员会逾期", escalate, "escalate_cab",
         ((x + 265, ROW1 - 50), (x + 360, ROW1 - 50)), {"side": "top", "at": 105}))
    return nodes, flows, boundaries


def overdue(x: int, y: int, emergency: bool) -> tuple:
    """Return the change managers' task when the CAB did not decide in time: send it back or reject it."""
    return ("cab_overdue", "user", "Decide on the overdue CAB", "处理逾期的委员会审批", x, y, {
        "groups": "change-managers", "due": "PT4H" if emergency else "P1D", "show": SHOWN,
        "doc": ("The CAB did not decide in time, and silence never approves. Send the change back to the CAB (its "
                "members are asked again) or reject it.",
                "变更咨询委员会未能按时决定，沉默永不视为批准。将变更退回委员会（再次征询其成员）或拒绝它。"),
        "fields": [SUMMARY,
                   field("overdue_decision", "Decision", "决定", "enum", (("required",),),
                         (("resend", "Send back to the CAB", "退回委员会"),
                          ("reject", "Reject the change", "拒绝变更"))),
                   field("overdue_comment", "Why", "原因", constraints=REQUIRED, props=MULTILINE)]})


def schedule_part(start_x: int) -> tuple[list, list]:
    """Return the scheduling check, its gateway and the owner's reschedule loop, on the second row."""
    x = start_x
    nodes = [stage("enter_schedule", "Schedule the change", "安排变更", x, ROW2, stage="schedule"),
             service("schedule", "Check the window", "检查时间窗口", "change.schedule", x + 160, ROW2),
             gateway("schedule_gateway", "Window free?", "时间窗口空闲？", x + 315, row_y("xor", ROW2),
                     "f_window_taken"),
             reschedule(x + 280, ROW3 + 20)]
    flows = chain(["enter_schedule", "schedule", "schedule_gateway"])
    flows.append(("f_window_taken", "schedule_gateway", "reschedule", ("taken", "有冲突"), None, ()))
    ex, _ = centre(nodes[0])
    _, ry = centre(nodes[3])
    flows.append(("f_rescheduled", "reschedule", "enter_schedule", None, None, ((ex, ry),)))
    return nodes, flows


def work_part(start_x: int, row: int) -> tuple[list, list]:
    """Return implementation (work order), its record, the review and the close, on a row."""
    x = start_x
    nodes = [stage("enter_implement", "Start the implementation", "开始实施", x, row, stage="implement"),
             implement(x + 160, row),
             service("record_work", "Record the work order", "记录工单", "change.work_order", x + 320, row),
             stage("enter_review", "Start the review", "开始评审", x + 480, row, stage="review"),
             review(x + 640, row),
             service("close", "Close the change", "关闭变更", "change.close", x + 800, row),
             event("closed", "end", "Change closed", "变更已关闭", x + 962, row_y("end", row))]
    return nodes, chain([node[0] for node in nodes])


def draw_normal() -> None:
    """Write the normal change: assess, risk, CAB, schedule, implement, review."""
    first = [event("raised", "start", "Change raised", "已提出变更", 40, row_y("start", ROW1)),
             stage("enter_assess", "Start the assessment", "开始评估", 120, ROW1, stage="assess"),
             assess(280, ROW1),
             service("assess_risk", "Assess the risk", "评估风险", "change.risk", 440, ROW1)]
    cab_nodes, cab_flows, cab_timers = approval_part(600, emergency=False)
    schedule_nodes, schedule_flows = schedule_part(120)
    work_nodes, work_flows = work_part(560, ROW2)
    flows = chain(["raised", "enter_assess", "assess", "assess_risk", "enter_cab"]) + cab_flows + schedule_flows
    gx, gy = centre(cab_nodes[2])
    sx, _ = centre(schedule_nodes[0])
    flows.append(("f_cab_approved", "cab_decided", "enter_schedule", ("approved", "已批准"),
                  "${cab_outcome == 'approved'}", ((gx, ROW2 - 40), (sx, ROW2 - 40))))
    flows.append(("f_window_free", "schedule_gateway", "enter_implement", ("free", "空闲"), "${schedule_ok}", ()))
    flows += work_flows
    write("change-normal", "Normal change", "常规变更", (
        "A change assessed by the change managers, its risk weighed, approved by the CAB, scheduled in a free "
        "window, implemented by a work order and reviewed.",
        "由变更经理评估、衡量风险、经变更咨询委员会批准、安排在空闲时间窗口、通过工单实施并经评审的变更。"),
        first + cab_nodes + schedule_nodes + work_nodes, flows, cab_timers)


def draw_emergency() -> None:
    """Write the emergency change: the emergency CAB, schedule, implement; a timer forces the review."""
    first = [event("raised", "start", "Emergency change raised", "已提出紧急变更", 40, row_y("start", ROW1))]
    cab_nodes, cab_flows, cab_timers = approval_part(120, emergency=True)
    schedule_nodes, schedule_flows = schedule_part(120)
    work_nodes, work_flows = work_part(560, ROW2)
    flows = chain(["raised", "enter_cab"]) + cab_flows + schedule_flows
    gx, gy = centre(cab_nodes[2])
    sx, _ = centre(schedule_nodes[0])
    flows.append(("f_cab_approved", "cab_decided", "enter_schedule", ("approved", "已批准"),
                  "${cab_outcome == 'approved'}", ((gx, ROW2 - 40), (sx, ROW2 - 40))))
    flows.append(("f_window_free", "schedule_gateway", "enter_implement", ("free", "空闲"), "${schedule_ok}", ()))
    flows += work_flows
    review_x, _ = centre(next(node for node in work_nodes if node[0] == "enter_review"))
    implement_x = next(node for node in work_nodes if node[0] == "implement")[4]
    boundary = ("review_forced", "implement", "Review forced after a day", "一天后强制评审", "P1D", "enter_review",
                ((implement_x + 80, ROW2 + 150), (review_x, ROW2 + 150)), {})
    write("change-emergency", "Emergency change", "紧急变更", (
        "An urgent change decided by whoever of the emergency CAB is on duty, scheduled and implemented at once; "
        "a day after the work order opened, its post-implementation review is forced.",
        "由值班的紧急变更咨询委员会成员决定、立即安排并实施的紧急变更；工单开启一天后强制进行实施后评审。"),
        first + cab_nodes + schedule_nodes + work_nodes, flows, (*cab_timers, boundary))


def draw_standard() -> None:
    """Write the standard change: pre-approved by its template, so no CAB: implement and review."""
    first = [event("raised", "start", "Standard change raised", "已提出标准变更", 40, row_y("start", ROW0 + 40))]
    work_nodes, work_flows = work_part(120, ROW0 + 40)
    write("change-standard", "Standard change", "标准变更", (
        "A pre-approved change from the catalogue of standard changes: no CAB; it is implemented by a work order "
        "and reviewed, and its outcome counts in its template's success score.",
        "来自标准变更目录的预先批准的变更：无需变更咨询委员会；通过工单实施并经评审，其结果计入模板的成功率。"),
        first + work_nodes, chain(["raised", "enter_implement"]) + work_flows)


if __name__ == "__main__":
    draw_standard()
    draw_normal()
    draw_emergency()
