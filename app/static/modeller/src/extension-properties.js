// Read and write camunda:property entries, as FlowDesk reads them: on an element by name ("zh_CN:name"), on a form
// field by id ("zh_CN:label", "choices"). Each write is one command, so undo takes it back in one step.
import { is } from "bpmn-js/lib/util/ModelUtil";

function update(element, moddleElement, properties) {
  return { cmd: "element.updateModdleProperties", context: { element, moddleElement, properties } };
}

function elementProperties(businessObject) {
  const extensions = businessObject.get("extensionElements");
  return extensions ? extensions.get("values").find(function (value) { return is(value, "camunda:Properties"); }) : null;
}

function findIn(properties, key, name) {
  return properties ? properties.get("values").find(function (property) { return property.get(key) === name; }) : null;
}

// Return the value of an element's camunda:property of that name, or "".
export function elementProperty(businessObject, name) {
  const found = findIn(elementProperties(businessObject), "name", name);
  return found ? found.get("value") || "" : "";
}

// Return the value of a form field's camunda:property of that id, or "".
export function fieldProperty(formField, id) {
  const found = findIn(formField.get("properties"), "id", id);
  return found ? found.get("value") || "" : "";
}

// The commands that set (or, for an empty value, remove) one property in a camunda:Properties.
function setIn(element, properties, key, name, value, bpmnFactory) {
  const list = properties.get("values");
  const found = findIn(properties, key, name);
  if (!value) {
    return found ? [update(element, properties, { values: list.filter(function (item) { return item !== found; }) })] : [];
  }
  if (found) {
    return [update(element, found, { value: value })];
  }
  const created = bpmnFactory.create("camunda:Property", { [key]: name, value: value });
  created.$parent = properties;
  return [update(element, properties, { values: list.concat([created]) })];
}

function run(commandStack, commands) {
  if (commands.length) {
    commandStack.execute("properties-panel.multi-command-executor", commands);
  }
}

// Set an element's camunda:property of that name, creating its extension elements and properties if needed.
export function setElementProperty(services, element, businessObject, name, value) {
  const { bpmnFactory, commandStack } = services;
  const commands = [];
  let extensions = businessObject.get("extensionElements");
  if (!extensions) {
    if (!value) {
      return;
    }
    extensions = bpmnFactory.create("bpmn:ExtensionElements", { values: [] });
    extensions.$parent = businessObject;
    commands.push(update(element, businessObject, { extensionElements: extensions }));
  }
  let properties = elementProperties(businessObject);
  if (!properties) {
    if (!value) {
      return;
    }
    properties = bpmnFactory.create("camunda:Properties", { values: [] });
    properties.$parent = extensions;
    commands.push(update(element, extensions, { values: extensions.get("values").concat([properties]) }));
  }
  run(commandStack, commands.concat(setIn(element, properties, "name", name, value, bpmnFactory)));
}

// Set a form field's camunda:property of that id, creating its camunda:properties if needed.
export function setFieldProperty(services, element, formField, id, value) {
  const { bpmnFactory, commandStack } = services;
  const commands = [];
  let properties = formField.get("properties");
  if (!properties) {
    if (!value) {
      return;
    }
    properties = bpmnFactory.create("camunda:Properties", { values: [] });
    properties.$parent = formField;
    commands.push(update(element, formField, { properties: properties }));
  }
  run(commandStack, commands.concat(setIn(element, properties, "id", id, value, bpmnFactory)));
}
