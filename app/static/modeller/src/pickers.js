// FlowDesk's people, groups and topics offered in the panel: the assignee and candidate fields suggest what
// /pickers/users and /pickers/groups find for what is typed, the topic field the topics FlowDesk runs and those
// outside workers took (a native list, so typing stays free).

const LIST_ID = "flowdesk-picker-options";
const FIELDS = { // the panel's entry -> [which look-up, whether the field takes a comma-separated list]
  assignee: ["users", false],
  candidateUsers: ["users", true],
  candidateGroups: ["groups", true],
  externalTopic: ["topics", false],
};

function fieldOf(input) {
  if (!(input instanceof HTMLInputElement) || !input.id.startsWith("bio-properties-panel-")) {
    return null;
  }
  return FIELDS[input.id.slice("bio-properties-panel-".length)] || null;
}

function option(value, found) {
  const item = document.createElement("option");
  item.value = value;
  item.label = found.detail && found.detail !== found.value ? found.label + " · " + found.detail : found.label;
  return item;
}

function topicOptions(topics, words) {
  return topics.registered.map(function (name) { return { value: name, label: name, detail: words.registered }; })
    .concat(topics.outside.map(function (name) { return { value: name, label: name, detail: words.outside }; }));
}

export function attachPickers(panel, urls, topics, words) {
  const list = document.createElement("datalist");
  list.id = LIST_ID;
  document.body.append(list);
  let asked = 0;

  async function suggest(input) {
    const [which, many] = fieldOf(input);
    const parts = many ? input.value.split(",") : [input.value];
    const typed = parts.pop().trim();
    const before = parts.length ? parts.map(function (part) { return part.trim(); }).join(",") + "," : "";
    const ticket = ++asked;
    if (which === "topics") {
      const found = topicOptions(topics, words).filter(function (item) { return item.value.indexOf(typed) >= 0; });
      list.replaceChildren.apply(list, found.map(function (item) { return option(item.value, item); }));
      return;
    }
    const response = await fetch(urls[which] + "?q=" + encodeURIComponent(typed),
      { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (ticket !== asked || !response.ok) {
      return; // an older answer, or none for this person: the field stays a plain text field
    }
    const found = (await response.json()).results || [];
    list.replaceChildren.apply(list, found.map(function (item) { return option(before + item.value, item); }));
  }

  function offer(event) {
    if (fieldOf(event.target)) {
      event.target.setAttribute("list", LIST_ID);
      event.target.setAttribute("autocomplete", "off");
      suggest(event.target);
    }
  }
  panel.addEventListener("focusin", offer);
  panel.addEventListener("input", offer);
}
