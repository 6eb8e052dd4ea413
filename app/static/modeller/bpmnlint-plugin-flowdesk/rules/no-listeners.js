// Listeners and Java delegates, which FlowDesk's engine refuses or cannot run: an external task does the work.
const { is } = require("bpmnlint-utils");

const LISTENERS = [
  ["camunda:ExecutionListener", "Execution listeners are not supported; use an external task."],
  ["camunda:TaskListener", "Task listeners are not supported; use an external task."],
];

module.exports = function () {
  function check(node, reporter) {
    const values = (node.extensionElements && node.extensionElements.values) || [];
    for (const value of values) {
      for (const [type, message] of LISTENERS) {
        if (is(value, type)) {
          reporter.report(node.id, message);
        }
      }
    }
    if (is(node, "bpmn:Task") && (node.get("camunda:class") || node.get("camunda:delegateExpression"))) {
      reporter.report(node.id, "Java classes and delegate expressions do not run in FlowDesk; use an external "
        + "task (Implementation: External) or a ${...} expression.");
    }
  }
  return { check };
};
