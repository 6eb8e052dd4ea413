// The panel's "Chinese text" group: an element's name and documentation, and its form fields' labels and enum
// values, in Chinese, written as the extension properties FlowDesk reads (docs/diagram-translations.md).
import { Group, TextFieldEntry, isTextFieldEntryEdited } from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { getBusinessObject, is } from "bpmn-js/lib/util/ModelUtil";
import { elementProperty, fieldProperty, setElementProperty, setFieldProperty } from "./extension-properties.js";

const LOCALE = "zh_CN"; // the language FlowDesk ships besides English; "zh:" properties are read but not written

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, function (match, name) { return values[name] || ""; });
}

function usePanelServices() {
  return {
    help: useService("flowdeskHelp"), debounce: useService("debounceInput"),
    bpmnFactory: useService("bpmnFactory"), commandStack: useService("commandStack"),
  };
}

function ElementText(props) {
  const services = usePanelServices();
  const businessObject = getBusinessObject(props.element);
  const key = LOCALE + ":" + props.what;
  return TextFieldEntry({
    element: props.element, id: props.id, label: services.help.words[props.labelWord], debounce: services.debounce,
    getValue: function () { return elementProperty(businessObject, key) || elementProperty(businessObject, "zh:" + props.what); },
    setValue: function (value) { setElementProperty(services, props.element, businessObject, key, (value || "").trim()); },
  });
}

function FieldText(props) {
  const services = usePanelServices();
  const key = LOCALE + ":" + props.what;
  return TextFieldEntry({
    element: props.element, id: props.id, label: props.label, debounce: services.debounce,
    getValue: function () { return fieldProperty(props.formField, key) || fieldProperty(props.formField, "zh:" + props.what); },
    setValue: function (value) { setFieldProperty(services, props.element, props.formField, key, (value || "").trim()); },
  });
}

function formFields(businessObject) {
  const extensions = businessObject.get("extensionElements");
  const formData = extensions && extensions.get("values").find(function (value) { return is(value, "camunda:FormData"); });
  return formData ? formData.get("fields") || [] : [];
}

function fieldEntries(element, words) {
  const entries = [];
  formFields(getBusinessObject(element)).forEach(function (formField, index) {
    const name = formField.get("label") || formField.get("id") || String(index + 1);
    const prefix = "flowdesk-zh-field-" + index;
    entries.push({ id: prefix + "-label", component: FieldText, formField: formField, what: "label",
      label: fill(words.chineseFieldLabel, { field: name }), isEdited: isTextFieldEntryEdited });
    (formField.get("values") || []).forEach(function (value, position) {
      entries.push({ id: prefix + "-option-" + position, component: FieldText, formField: formField,
        what: "option:" + value.get("id"), isEdited: isTextFieldEntryEdited,
        label: fill(words.chineseOption, { field: name, option: value.get("name") || value.get("id") }) });
    });
  });
  return entries;
}

// Return the group, or null for what FlowDesk shows no text of (labels, diagrams without a process).
export function translationGroup(element, words) {
  const businessObject = getBusinessObject(element);
  if (!is(businessObject, "bpmn:FlowElement") && !is(businessObject, "bpmn:Process")) {
    return null;
  }
  const entries = [
    { id: "flowdesk-zh-name", component: ElementText, what: "name", labelWord: "chineseName", isEdited: isTextFieldEntryEdited },
    { id: "flowdesk-zh-documentation", component: ElementText, what: "documentation", labelWord: "chineseDocumentation",
      isEdited: isTextFieldEntryEdited },
  ].concat(fieldEntries(element, words));
  return { id: "FlowDesk__Translations", label: words.chineseText, component: Group, entries: entries };
}
