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

export function openProblem(modeler, problem) {
  const element = modeler.get("elementRegistry").get(problem.element_id);
  if (!element) {
    return;
  }
  modeler.get("selection").select(element);
  modeler.get("canvas").scrollToElement(element);
  const entry = entryIdOf(problem.property);
  const eventBus = modeler.get("eventBus");
  if (entry) {
    const errors = {};
    errors[entry] = problem.message;
    eventBus.fire("propertiesPanel.setErrors", { errors: errors });
    eventBus.fire("propertiesPanel.showEntry", { id: entry, focus: true });
  }
}

export function clearProblems(modeler, list) {
  const registry = modeler.get("elementRegistry");
  const canvas = modeler.get("canvas");
  modeler.get("overlays").remove({ type: OVERLAY_TYPE });
  registry.forEach(function (element) { canvas.removeMarker(element, MARKER); });
  list.replaceChildren();
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
  modeler.get("overlays").add(element, OVERLAY_TYPE, { position: { top: -10, right: 10 }, html: badge });
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
