// The server's check on the canvas: each problem marked on its element and listed; a click opens it.

const MARKER = "flowdesk-problem";
const OVERLAY_TYPE = "flowdesk-problem";

// The panel's entry for a property the server names (camunda:candidateGroups -> candidateGroups).
export function entryIdOf(property) {
  if (!property || property.startsWith("formField:")) {
    return null; // the element as a whole, or a form field, which the panel lists without an entry of its own
  }
  const name = property.indexOf(":") >= 0 ? property.split(":")[1] : property;
  const ENTRIES = { timeDuration: "timerEventDefinitionValue", timeDate: "timerEventDefinitionValue",
    timeCycle: "timerEventDefinitionValue", topic: "externalTopic", class: "javaClass" };
  return ENTRIES[name] || name;
}

// Entries the panel shows only once another is chosen, with that other: a flow's condition expression appears once
// its condition type is Expression, a timer's value once its type is chosen.
const ENTRY_BEFORE = { conditionExpression: "conditionType", timerEventDefinitionValue: "timerEventDefinitionType" };
const FRAMES_TO_WAIT = 30; // the panel draws a newly selected element's entries a few frames after the selection

function drawnEntry(entry) {
  return document.querySelector("#properties [data-entry-id='" + entry + "']");
}

// Open the panel's entry of a problem once the panel has drawn it (or the entry that makes it appear), mark it with
// the problem and put the cursor in it.
function openEntry(eventBus, entry, message, framesLeft) {
  const shown = drawnEntry(entry) ? entry : (ENTRY_BEFORE[entry] && drawnEntry(ENTRY_BEFORE[entry]) ? ENTRY_BEFORE[entry] : null);
  if (!shown && framesLeft > 0) {
    requestAnimationFrame(function () { openEntry(eventBus, entry, message, framesLeft - 1); });
    return;
  }
  const target = shown || entry;
  const errors = {};
  errors[target] = message;
  eventBus.fire("propertiesPanel.setErrors", { errors: errors });
  eventBus.fire("propertiesPanel.showEntry", { id: target, focus: true });
  const input = document.getElementById("bio-properties-panel-" + target);
  if (input) {
    input.focus(); // the panel focuses only entries it had drawn before the event
  }
}

export function openProblem(modeler, problem) {
  const element = modeler.get("elementRegistry").get(problem.element_id);
  if (!element) {
    return;
  }
  modeler.get("selection").select(element);
  modeler.get("canvas").scrollToElement(element);
  const entry = entryIdOf(problem.property);
  if (entry) { // from the next frame on: till then the panel shows the element selected before
    requestAnimationFrame(function () { openEntry(modeler.get("eventBus"), entry, problem.message, FRAMES_TO_WAIT); });
  }
}

export function clearProblems(modeler, list) {
  const registry = modeler.get("elementRegistry");
  const canvas = modeler.get("canvas");
  modeler.get("overlays").remove({ type: OVERLAY_TYPE });
  registry.forEach(function (element) { canvas.removeMarker(element, MARKER); });
  modeler.get("eventBus").fire("propertiesPanel.setErrors", { errors: {} }); // the panel's marks of the last check
  list.replaceChildren();
}

// Where a problem's badge goes: a shape's upper right corner; the middle of a flow's line, as the corner of a bent
// flow's box lies away from the line, often on another element.
function badgePosition(element) {
  const points = element.waypoints;
  if (!points || points.length < 2) {
    return { top: -10, right: 10 };
  }
  const lengths = points.slice(1).map(function (point, i) { return Math.hypot(point.x - points[i].x, point.y - points[i].y); });
  let rest = lengths.reduce(function (sum, length) { return sum + length; }, 0) / 2;
  let i = 0;
  while (i < lengths.length - 1 && rest > lengths[i]) {
    rest -= lengths[i];
    i += 1;
  }
  const share = lengths[i] ? rest / lengths[i] : 0;
  const x = points[i].x + (points[i + 1].x - points[i].x) * share;
  const y = points[i].y + (points[i + 1].y - points[i].y) * share;
  const top = Math.min.apply(null, points.map(function (point) { return point.y; })); // the overlay's box: the line's
  const left = Math.min.apply(null, points.map(function (point) { return point.x; }));
  return { top: y - top - 10, left: x - left - 10 };
}

function markOnCanvas(modeler, problem, index) {
  const element = modeler.get("elementRegistry").get(problem.element_id);
  if (!element) {
    return;
  }
  modeler.get("canvas").addMarker(element, MARKER);
  const badge = document.createElement("button");
  badge.type = "button";
  badge.className = "flowdesk-problem-badge";
  badge.textContent = "!";
  badge.title = problem.message;
  badge.dataset.problem = String(index);
  badge.addEventListener("click", function () { openProblem(modeler, problem); });
  modeler.get("overlays").add(element, OVERLAY_TYPE, { position: badgePosition(element), html: badge });
}

function listItem(modeler, problem, words) {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link-button";
  const element = modeler.get("elementRegistry").get(problem.element_id);
  const name = element && element.businessObject.name ? element.businessObject.name : problem.element_id;
  button.textContent = (name || words.wholeDiagram) + ": " + problem.message;
  button.addEventListener("click", function () { openProblem(modeler, problem); });
  item.append(button);
  return item;
}

export function showProblems(modeler, list, problems, words) {
  clearProblems(modeler, list);
  problems.forEach(function (problem, index) {
    markOnCanvas(modeler, problem, index);
    list.append(listItem(modeler, problem, words));
  });
}
