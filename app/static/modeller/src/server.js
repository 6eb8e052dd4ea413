// Talk to FlowDesk: the draft (load, save with the version it was loaded at) and the server's check.

function csrfHeaders(page) {
  return { "X-CSRFToken": page.csrfToken, Accept: "application/json" };
}

async function readJson(response) {
  try {
    return await response.json();
  } catch (error) {
    return {};
  }
}

// Return {xml, etag} of the latest draft, or null when the process has none yet.
export async function loadDraft(page) {
  const response = await fetch(page.draftUrl, { credentials: "same-origin", headers: csrfHeaders(page) });
  const body = await readJson(response); // read in every case: an unread answer stays open in the browser
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new Error(page.words.loadFailed);
  }
  return { xml: body.xml, etag: response.headers.get("ETag") || body.etag || null };
}

// Save the drawing over the draft it was loaded from; answer {ok, etag} or {ok: false, status, body}.
export async function saveDraft(page, xml, etag) {
  const headers = Object.assign({ "Content-Type": "application/json" }, csrfHeaders(page));
  if (etag) {
    headers["If-Match"] = etag;
  }
  const response = await fetch(page.draftUrl, {
    method: "PUT", credentials: "same-origin", headers: headers,
    // the deployed version the page opened: a first draft records it, so deploying it later is refused once a
    // newer version was deployed elsewhere
    body: JSON.stringify({ xml: xml, started_from_version: page.startedFromVersion }),
  });
  const body = await readJson(response);
  if (!response.ok) {
    return { ok: false, status: response.status, body: body };
  }
  return { ok: true, etag: response.headers.get("ETag") || body.etag || null, body: body };
}

// Ask the server's real check; answer the list of {element_id, property, message}.
export async function checkDiagram(page, xml) {
  const headers = Object.assign({ "Content-Type": "application/json" }, csrfHeaders(page));
  const response = await fetch(page.validateUrl, {
    method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify({ xml: xml }),
  });
  const body = await readJson(response);
  if (!response.ok) {
    throw new Error(body.detail || body.error || page.words.checkFailed);
  }
  if (Array.isArray(body)) {
    return body;
  }
  // Warnings (values that can stop a flow) are listed after the problems; they do not stop a deployment.
  const warnings = (body.warnings || []).map(function (warning) { return Object.assign({ warning: true }, warning); });
  return (body.problems || []).concat(warnings);
}

async function askJson(page, url, body) {
  const headers = Object.assign({ "Content-Type": "application/json" }, csrfHeaders(page));
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(body),
  });
  const answer = await readJson(response);
  if (!response.ok) {
    throw new Error(answer.error || page.panelWords.helpFailed);
  }
  return answer;
}

// Return the topics and choices sources the panel offers; empty lists when the server cannot say.
export async function loadOffers(page) {
  const empty = { topics: { registered: [], outside: [] }, choices: [] };
  try {
    const response = await fetch(page.offersUrl, { credentials: "same-origin", headers: csrfHeaders(page) });
    const body = await readJson(response);
    return response.ok ? body : empty;
  } catch (error) {
    return empty;
  }
}

// The panel's help service (flowdeskHelp): the server's reading of timers and conditions, and what it offers.
export function panelHelp(page, offers) {
  const help = {
    words: page.panelWords,
    offers: offers,
    modeler: null, // set once the modeller exists: conditions are read against the drawing as it is now
    explainTimer: function (kind, text) { return askJson(page, page.timerUrl, { kind: kind, text: text }); },
    scope: async function (elementId, expression) {
      const { xml } = await help.modeler.saveXML();
      return askJson(page, page.scopeUrl, { xml: xml, element_id: elementId, expression: expression });
    },
  };
  return help;
}
