// FlowDesk's properties provider: hide what FlowDesk's engine refuses or ignores, so nobody fills it in vain, and add
// FlowDesk's help (timers, conditions, topics, choices sources) and the diagram's Chinese text.
import { ConditionHelp, FieldChoices, TimerMeaning, TopicHelp } from "./help-entries.js";
import { translationGroup } from "./translation-entries.js";

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

export default function FlowDeskPropertiesProvider(propertiesPanel, flowdeskHelp) {
  propertiesPanel.registerProvider(LOW_PRIORITY, this);
  this.words = flowdeskHelp.words;
}

FlowDeskPropertiesProvider.$inject = ["propertiesPanel", "flowdeskHelp"];

function withoutHidden(group) {
  if (!group.entries) {
    return group;
  }
  const entries = group.entries.filter(function (entry) { return !HIDDEN_ENTRIES.has(entry.id); });
  return Object.assign({}, group, { entries: entries });
}

function hasEntry(group, id) {
  return (group.entries || []).some(function (entry) { return entry.id === id; });
}

// Add FlowDesk's help to the groups it belongs in; each entry follows the ones it helps with.
function withHelp(group, element) {
  if (group.id === "timer") {
    return Object.assign({}, group, { entries: group.entries.concat([{ id: "flowdesk-timer-meaning", component: TimerMeaning, element }]) });
  }
  if (group.id === "CamundaPlatform__Condition" && group.entries.length) {
    return Object.assign({}, group, { entries: group.entries.concat([{ id: "flowdesk-condition-help", component: ConditionHelp, element }]) });
  }
  if (hasEntry(group, "externalTopic")) {
    return Object.assign({}, group, { entries: group.entries.concat([{ id: "flowdesk-topic-help", component: TopicHelp, element }]) });
  }
  if (group.id === "CamundaPlatform__FormData" && group.items) {
    return Object.assign({}, group, { items: group.items.map(function (item) {
      const formField = item.entries[0] && item.entries[0].formField;
      return formField ? Object.assign({}, item, { entries: item.entries.concat([
        { id: item.id + "-flowdeskChoices", component: FieldChoices, formField: formField, element }]) }) : item;
    }) });
  }
  return group;
}

FlowDeskPropertiesProvider.prototype.getGroups = function (element) {
  const words = this.words;
  return function (groups) {
    const shown = groups
      .filter(function (group) { return !HIDDEN_GROUPS.has(group.id); })
      .map(function (group) { return withHelp(withoutHidden(group), element); });
    const translations = translationGroup(element, words);
    if (translations) {
      const general = shown.findIndex(function (group) { return group.id === "general"; });
      shown.splice(general + 1, 0, translations);
    }
    return shown;
  };
};

export const FlowDeskPropertiesProviderModule = {
  __init__: ["flowDeskPropertiesProvider"],
  flowDeskPropertiesProvider: ["type", FlowDeskPropertiesProvider],
};
