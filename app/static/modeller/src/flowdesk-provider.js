// FlowDesk's properties provider: hide what FlowDesk's engine refuses or ignores, so nobody fills it in vain.

// Whole groups of the Camunda 7 provider the engine refuses (listeners) or ignores (jobs, Java, connectors).
export const HIDDEN_GROUPS = new Set([
  "CamundaPlatform__ExecutionListener",
  "CamundaPlatform__TaskListener",
  "CamundaPlatform__AsynchronousContinuations",
  "CamundaPlatform__JobExecution",
  "CamundaPlatform__FieldInjection",
  "CamundaPlatform__ConnectorInput",
  "CamundaPlatform__ConnectorOutput",
  "CamundaPlatform__HistoryCleanup",
]);

// Single entries of the groups that stay: Java classes, delegate beans and connectors do not run in FlowDesk.
export const HIDDEN_ENTRIES = new Set(["javaClass", "delegateExpression", "connectorId"]);

const LOW_PRIORITY = 100; // after the Camunda provider, so its groups exist when they are filtered

export default function FlowDeskPropertiesProvider(propertiesPanel) {
  propertiesPanel.registerProvider(LOW_PRIORITY, this);
}

FlowDeskPropertiesProvider.$inject = ["propertiesPanel"];

FlowDeskPropertiesProvider.prototype.getGroups = function () {
  return function (groups) {
    return groups
      .filter(function (group) { return !HIDDEN_GROUPS.has(group.id); })
      .map(function (group) {
        if (!group.entries) {
          return group;
        }
        const entries = group.entries.filter(function (entry) { return !HIDDEN_ENTRIES.has(entry.id); });
        return Object.assign({}, group, { entries: entries });
      });
  };
};

export const FlowDeskPropertiesProviderModule = {
  __init__: ["flowDeskPropertiesProvider"],
  flowDeskPropertiesProvider: ["type", FlowDeskPropertiesProvider],
};
