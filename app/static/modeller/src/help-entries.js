// The panel entries FlowDesk adds: what a timer means, the variables a condition can read, whether a topic is
// known, and which choices source a form field takes. Timers and conditions are read by the server (see
// app/web/studio/modeller_panel.py), so the panel says what the engine will do.
import { jsx, jsxs } from "@bpmn-io/properties-panel/preact/jsx-runtime";
import { useEffect, useState } from "@bpmn-io/properties-panel/preact/hooks";
import { SelectEntry } from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { getBusinessObject, is } from "bpmn-js/lib/util/ModelUtil";
import { fieldProperty, setFieldProperty } from "./extension-properties.js";

const TIMER_KINDS = ["timeDate", "timeDuration", "timeCycle"];
const ASK_AFTER_MS = 250; // the panel's own fields wait as long before they write

function note(id, testId, text, kind, extra) {
  return jsxs("div", {
    class: "bio-properties-panel-entry flowdesk-help " + (kind ? "flowdesk-help-" + kind : ""),
    "data-entry-id": id, "data-testid": testId,
    children: [jsx("p", { class: "flowdesk-help-text", children: text })].concat(extra || []),
  });
}

// Ask the server once the value rests; answer null while nothing is asked.
function useAnswer(ask, key) {
  const [answer, setAnswer] = useState(null);
  useEffect(function () {
    if (!key) {
      setAnswer(null);
      return undefined;
    }
    let live = true;
    const timer = setTimeout(function () {
      ask().then(function (found) { if (live) { setAnswer(found); } },
        function (error) { if (live) { setAnswer({ failed: error.message }); } });
    }, ASK_AFTER_MS);
    return function () { live = false; clearTimeout(timer); };
  }, [key]);
  return answer;
}

function timerDefinition(element) {
  const definitions = getBusinessObject(element).get("eventDefinitions") || [];
  return definitions.find(function (definition) { return is(definition, "bpmn:TimerEventDefinition"); }) || null;
}

export function TimerMeaning(props) {
  const help = useService("flowdeskHelp");
  const definition = timerDefinition(props.element);
  const kind = definition && TIMER_KINDS.find(function (name) { return definition.get(name); });
  const text = kind ? definition.get(kind).get("body") || "" : "";
  const answer = useAnswer(function () { return help.explainTimer(kind, text); }, kind && text.trim() ? kind + "\n" + text : "");
  const examples = jsx("p", { class: "flowdesk-help-examples", children: help.words.timerExamples });
  if (!answer) {
    return note(props.id, "timer-meaning", help.words.timerHint, "", [examples]);
  }
  if (answer.failed) {
    return note(props.id, "timer-meaning", answer.failed, "error", [examples]);
  }
  return note(props.id, "timer-meaning", answer.meaning, answer.valid ? "valid" : "error", [examples]);
}

function conditionText(element) {
  const businessObject = getBusinessObject(element);
  if (is(businessObject, "bpmn:SequenceFlow")) {
    const expression = businessObject.get("conditionExpression");
    return expression ? expression.get("body") || "" : null;
  }
  const definitions = businessObject.get("eventDefinitions") || [];
  const conditional = definitions.find(function (item) { return is(item, "bpmn:ConditionalEventDefinition"); });
  const condition = conditional && conditional.get("condition");
  return condition ? condition.get("body") || "" : null;
}

function variableList(help, variables) {
  if (!variables.length) {
    return jsx("p", { class: "flowdesk-help-examples", children: help.words.noVariables });
  }
  return jsxs("div", { class: "flowdesk-help-examples", children: [
    jsx("p", { children: help.words.variablesInScope }),
    jsx("ul", { class: "flowdesk-variables", "data-testid": "variables-in-scope", children: variables.map(function (variable) {
      const said = [variable.label, variable.element_name || variable.element_id].filter(Boolean).join(" · ");
      return jsxs("li", { children: [jsx("code", { children: variable.name }), said ? " " + said : ""] });
    }) }),
  ] });
}

export function ConditionHelp(props) {
  const help = useService("flowdeskHelp");
  const text = conditionText(props.element);
  const key = text === null ? "" : props.element.id + "\n" + text;
  const answer = useAnswer(function () { return help.scope(props.element.id, text); }, key);
  if (text === null || !answer) {
    return note(props.id, "condition-help", help.words.conditionHint, "");
  }
  if (answer.failed) {
    return note(props.id, "condition-help", answer.failed, "error");
  }
  const condition = answer.condition || { valid: true, message: help.words.conditionHint };
  const kind = !condition.valid ? "error" : (condition.unknown_names || []).length ? "warning" : "valid";
  return note(props.id, "condition-help", condition.message, kind, [variableList(help, answer.variables)]);
}

function topicOf(element) {
  const businessObject = getBusinessObject(element);
  if (businessObject.get("camunda:topic") !== undefined) {
    return businessObject.get("camunda:topic") || "";
  }
  const definition = (businessObject.get("eventDefinitions") || [])[0];
  return definition && definition.get("camunda:topic") || "";
}

export function TopicHelp(props) {
  const help = useService("flowdeskHelp");
  const topic = topicOf(props.element).trim();
  const topics = help.offers.topics;
  if (!topic) {
    return note(props.id, "topic-help", help.words.topicHint, "");
  }
  if (topics.registered.indexOf(topic) >= 0) {
    return note(props.id, "topic-help", help.words.topicRegistered, "valid");
  }
  if (topics.outside.indexOf(topic) >= 0) {
    return note(props.id, "topic-help", help.words.topicOutside, "valid");
  }
  return note(props.id, "topic-help", help.words.topicUnknown, "warning");
}

export function FieldChoices(props) {
  const help = useService("flowdeskHelp");
  const services = { bpmnFactory: useService("bpmnFactory"), commandStack: useService("commandStack") };
  const formField = props.formField;
  return SelectEntry({
    element: props.element, id: props.id, label: help.words.choicesLabel,
    description: help.words.choicesHint,
    getValue: function () { return fieldProperty(formField, "choices"); },
    setValue: function (value) { setFieldProperty(services, props.element, formField, "choices", value); },
    getOptions: function () {
      const current = fieldProperty(formField, "choices");
      const known = help.offers.choices.map(function (source) {
        return { value: source.name, label: source.name + " · " + source.label };
      });
      const unknown = current && !help.offers.choices.some(function (source) { return source.name === current; })
        ? [{ value: current, label: current }] : [];
      return [{ value: "", label: help.words.noChoices }].concat(known, unknown);
    },
  });
}
