// Elements FlowDesk's engine refuses at deploy (engine/reading/diagram.py, UNSUPPORTED_ELEMENTS), flagged while
// drawing with the engine's own advice.
const { is } = require("bpmnlint-utils");

const ELEMENTS = [
  ["bpmn:ComplexGateway", "Complex gateways are not supported; use exclusive, inclusive or parallel gateways."],
  ["bpmn:BusinessRuleTask", "Business rule tasks (DMN) are not supported yet; use a gateway or an external task."],
  ["bpmn:AdHocSubProcess", "Ad-hoc sub-processes are not supported."],
  ["bpmn:Transaction", "Transaction sub-processes are not supported."],
];
const EVENT_DEFINITIONS = [
  ["bpmn:LinkEventDefinition", "Link events are not supported; connect the flow with a sequence flow instead."],
  ["bpmn:CompensateEventDefinition", "Compensation is not supported."],
  ["bpmn:CancelEventDefinition", "Cancel events are not supported."],
];

module.exports = function () {
  function check(node, reporter) {
    for (const [type, message] of ELEMENTS) {
      if (is(node, type)) {
        reporter.report(node.id, message);
        return;
      }
    }
    for (const definition of node.eventDefinitions || []) {
      for (const [type, message] of EVENT_DEFINITIONS) {
        if (is(definition, type)) {
          reporter.report(node.id, message);
        }
      }
    }
  }
  return { check };
};
