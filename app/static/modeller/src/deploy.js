// Deploy from the modeller: show what the saved draft changes from the version in force, then publish it as the
// next version with the change note the person writes. The server decides everything; the page only asks.

function jsonHeaders(page) {
  return { "Content-Type": "application/json", "X-CSRFToken": page.csrfToken, Accept: "application/json" };
}

async function readJson(response) {
  try {
    return await response.json();
  } catch (error) {
    return {};
  }
}

// Return {ok, status, body} of what the saved draft changes.
export async function loadChanges(page) {
  const response = await fetch(page.changesUrl, { credentials: "same-origin", headers: jsonHeaders(page) });
  return { ok: response.ok, status: response.status, body: await readJson(response) };
}

// Publish the saved draft (the version the page holds) with its note; answer {ok, status, body}.
export async function publishDraft(page, note) {
  const headers = jsonHeaders(page);
  if (page.etag) {
    headers["If-Match"] = page.etag;
  }
  const response = await fetch(page.deployUrl, {
    method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify({ note: note }),
  });
  return { ok: response.ok, status: response.status, body: await readJson(response) };
}

function item(text, detail) {
  const entry = document.createElement("li");
  entry.textContent = text;
  if (detail) {
    const more = document.createElement("span");
    more.className = "muted";
    more.textContent = " " + detail;
    entry.append(more);
  }
  return entry;
}

function propertyLine(change) {
  const before = change.before === null ? "—" : change.before;
  const after = change.after === null ? "—" : change.after;
  return change.name + ": " + before + " → " + after;
}

function changeGroup(words, kind, changes) {
  const group = document.createElement("div");
  group.className = "change-group " + kind;
  group.dataset.kind = kind;
  const heading = document.createElement("h3");
  heading.textContent = words[kind] + " (" + changes.length + ")";
  const list = document.createElement("ul");
  changes.forEach(function (change) {
    const entry = item(change.name || change.element_id, change.element_type + " · " + change.element_id);
    entry.dataset.element = change.element_id;
    if (kind === "changed") {
      const properties = document.createElement("ul");
      change.properties.forEach(function (property) { properties.append(item(propertyLine(property))); });
      entry.append(properties);
    }
    list.append(entry);
  });
  group.append(heading, list);
  return group;
}

// Draw the summary of what changed into the panel: one group per kind, layout-only moves last.
export function showChanges(panel, words, changes, fill) {
  const heading = panel.querySelector("#changes-heading");
  const box = panel.querySelector("#changes");
  box.replaceChildren();
  const kinds = ["added", "removed", "changed", "moved"].filter(function (kind) { return changes[kind].length; });
  heading.textContent = kinds.length ? fill(words.changesSince, { version: String(changes.version_in_force) })
    : fill(words.noChanges, { version: String(changes.version_in_force) });
  kinds.forEach(function (kind) { box.append(changeGroup(words, kind, changes[kind])); });
  panel.querySelector("[data-action=publish]").disabled = !kinds.length; // a copy of the version in force
}
