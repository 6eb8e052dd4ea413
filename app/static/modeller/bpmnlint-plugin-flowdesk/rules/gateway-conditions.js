// Exclusive gateways that fork without any condition or default flow, which FlowDesk's engine refuses at deploy
// (engine/reading/diagram.py, FLOW_WITHOUT_CONDITION). bpmnlint's conditional-flows rule flags a flow without a
// condition only once its gateway has a condition or a default flow elsewhere; this rule flags the first drawing
// too, when every flow leaving the gateway lacks one, so nothing the engine refuses looks clean on the canvas.
const { is } = require("bpmnlint-utils");

const MESSAGE = "This flow leaves an exclusive gateway without a condition and is not its default flow; give it a "
  + "condition such as ${approved}, or make it the default flow.";

function forksWithoutConditions(gateway) {
  const outgoing = gateway.outgoing || [];
  return outgoing.length > 1 && !gateway.default && !outgoing.some(function (flow) { return flow.conditionExpression; });
}

module.exports = function () {
  function check(node, reporter) {
    if (is(node, "bpmn:ExclusiveGateway") && forksWithoutConditions(node)) {
      node.outgoing.forEach(function (flow) { reporter.report(flow.id, MESSAGE, ["conditionExpression"]); });
    }
  }
  return { check };
};
