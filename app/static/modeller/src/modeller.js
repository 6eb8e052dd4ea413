// FlowDesk's modeller page: bpmn-js with the Camunda 7 properties, FlowDesk's filter, the lint, the minimap,
// drafts saved on the server and the server's check drawn on the canvas. Bundled by ../build.mjs.
import BpmnModeler from "bpmn-js/lib/Modeler";
import {
  BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule,
} from "bpmn-js-properties-panel";
import CamundaBehaviorsModule from "camunda-bpmn-js-behaviors/lib/camunda-platform";
import camundaModdle from "camunda-bpmn-moddle/resources/camunda.json";
import lintModule from "bpmn-js-bpmnlint";
import minimapModule from "diagram-js-minimap";
import lintConfig from "../build/bpmnlint-config.js";
import { FlowDeskPropertiesProviderModule } from "./flowdesk-provider.js";
import { checkDiagram, loadDraft, loadOffers, panelHelp, saveDraft } from "./server.js";
import { clearProblems, showProblems } from "./problems.js";
import { attachPickers } from "./pickers.js";
import { translateModule } from "./translate.js";
import { loadChanges, publishDraft, showChanges } from "./deploy.js";

function readJsonScript(id) {
  return JSON.parse(document.getElementById(id).textContent);
}

function readPage(root) {
  return {
    root: root,
    draftUrl: root.dataset.draftUrl,
    validateUrl: root.dataset.validateUrl,
    offersUrl: root.dataset.offersUrl,
    timerUrl: root.dataset.timerUrl,
    scopeUrl: root.dataset.scopeUrl,
    changesUrl: root.dataset.changesUrl,
    deployUrl: root.dataset.deployUrl,
    startedFromVersion: Number(root.dataset.versionInForce) || null,
    csrfToken: root.dataset.csrfToken,
    words: readJsonScript("modeller-words"),
    panelWords: readJsonScript("modeller-panel-words"),
    versionXml: readJsonScript("modeller-diagram"),
    libraryWords: readJsonScript("modeller-library-words"),
    etag: null,
  };
}

function createModeler(page, help) {
  page.root.querySelector("#canvas").replaceChildren(); // the note for browsers without script
  return new BpmnModeler({
    container: page.root.querySelector("#canvas"),
    propertiesPanel: { parent: page.root.querySelector("#properties"), layout: { groups: { general: { open: true } } } },
    keyboard: { bind: true },
    linting: { bpmnlint: lintConfig, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule,
      CamundaBehaviorsModule, FlowDeskPropertiesProviderModule, lintModule, minimapModule,
      translateModule(page.libraryWords), { flowdeskHelp: ["value", help] },
    ],
    moddleExtensions: { camunda: camundaModdle },
  });
}

function say(page, text, kind) {
  const status = page.root.querySelector("#modeller-status");
  status.textContent = text;
  status.className = "modeller-status " + (kind || "");
}

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, function (match, name) { return values[name] || ""; });
}

async function openDiagram(page, modeler) {
  let draft = null;
  try {
    draft = await loadDraft(page);
  } catch (error) {
    say(page, page.words.draftUnavailable, "warning");
  }
  await modeler.importXML(draft ? draft.xml : page.versionXml);
  page.etag = draft ? draft.etag : null;
  modeler.get("canvas").zoom("fit-viewport", "auto");
  if (draft) {
    say(page, page.words.draftOpened);
  }
}

function conflictText(page, body) {
  if (body.saved_by && body.saved_at) {
    const when = new Date(body.saved_at).toLocaleString(document.documentElement.lang || undefined);
    return fill(page.words.conflict, { who: body.saved_by_name || body.saved_by, when: when });
  }
  return body.detail || body.message || body.error || page.words.conflictUnknown;
}

async function save(page, modeler) {
  const { xml } = await modeler.saveXML({ format: true });
  say(page, page.words.saving);
  const answer = await saveDraft(page, xml, page.etag);
  if (answer.ok) {
    page.etag = answer.etag;
    page.unsaved = false;
    say(page, page.words.saved, "success");
    return true;
  } else if (answer.status === 409) {
    say(page, conflictText(page, answer.body), "error"); // the drawing stays as it is on the canvas
  } else {
    say(page, answer.body.detail || answer.body.error || page.words.saveFailed, "error");
  }
  return false;
}

// Open the deploy panel on what the saved draft changes; a drawing not saved yet is saved first.
async function prepareDeploy(page, modeler) {
  if ((page.unsaved || !page.etag) && !(await save(page, modeler))) {
    return;
  }
  const panel = page.root.querySelector("#deploy-panel");
  say(page, page.words.readingChanges);
  try {
    const answer = await loadChanges(page);
    if (!answer.ok) {
      say(page, answer.status === 404 ? page.words.saveFirst : answer.body.error || page.words.changesFailed, "error");
      return;
    }
    showChanges(panel, page.words, answer.body, fill);
  } catch (error) {
    say(page, page.words.changesFailed, "error");
    return;
  }
  say(page, "");
  panel.querySelector("#deploy-error").textContent = "";
  panel.hidden = false;
  panel.querySelector("#deploy-note").focus();
}

function deployRefusal(page, modeler, answer) {
  if (answer.status === 409) {
    return conflictText(page, answer.body);
  }
  if (answer.status === 422 && answer.body.problems) {
    showProblems(modeler, page.root.querySelector("#problems"), answer.body.problems, page.words);
  }
  return answer.body.error || page.words.deployFailed;
}

// Publish the saved draft with the note; on success the server answers where its differences are shown.
async function deploy(page, modeler) {
  const panel = page.root.querySelector("#deploy-panel");
  const note = panel.querySelector("#deploy-note").value.trim();
  const error = panel.querySelector("#deploy-error");
  if (!note) {
    error.textContent = page.words.noteRequired;
    panel.querySelector("#deploy-note").focus();
    return;
  }
  error.textContent = page.words.deploying;
  let answer;
  try {
    answer = await publishDraft(page, note);
  } catch (failure) {
    error.textContent = page.words.deployFailed;
    return;
  }
  if (!answer.ok) {
    error.textContent = deployRefusal(page, modeler, answer);
    return;
  }
  page.unsaved = false;
  window.location.assign(answer.body.next_url); // the differences, or the page of a new process's first version
}

// Hand the drawing to the person as a .bpmn file: a copy of their own work when a save was refused.
async function download(page, modeler) {
  const { xml } = await modeler.saveXML({ format: true });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([xml], { type: "application/xml" }));
  link.download = page.root.dataset.fileName;
  link.click();
  setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
}

async function check(page, modeler) {
  const { xml } = await modeler.saveXML();
  const list = page.root.querySelector("#problems");
  say(page, page.words.checking);
  try {
    const found = await checkDiagram(page, xml);
    const problems = found.filter(function (problem) { return !problem.warning; });
    const warnings = found.length - problems.length;
    showProblems(modeler, list, found, page.words);
    if (problems.length) {
      say(page, fill(page.words.problemsFound, { count: String(problems.length) }), "error");
    } else if (warnings) {
      say(page, fill(page.words.warningsFound, { count: String(warnings) }), "warning");
    } else {
      say(page, page.words.noProblems, "success");
    }
  } catch (error) {
    clearProblems(modeler, list);
    say(page, error.message, "error");
  }
}

function wireButtons(page, modeler) {
  const commandStack = modeler.get("commandStack");
  const buttons = {
    undo: function () { commandStack.undo(); },
    redo: function () { commandStack.redo(); },
    search: function (event) {
      event.stopPropagation(); // the search pad closes on any click that reaches the document, this one too
      modeler.get("editorActions").trigger("find");
    },
    save: function () { save(page, modeler); },
    download: function () { download(page, modeler); },
    check: function () { check(page, modeler); },
    deploy: function () { prepareDeploy(page, modeler); },
    publish: function () { deploy(page, modeler); },
    "cancel-deploy": function () { page.root.querySelector("#deploy-panel").hidden = true; },
  };
  Object.keys(buttons).forEach(function (name) {
    const button = page.root.querySelector("[data-action=" + name + "]");
    if (!button) {
      return; // deploying is offered only to those who may deploy
    }
    button.addEventListener("click", buttons[name]);
    button.disabled = false;
  });
  function refreshHistory() {
    page.root.querySelector("[data-action=undo]").disabled = !commandStack.canUndo();
    page.root.querySelector("[data-action=redo]").disabled = !commandStack.canRedo();
  }
  modeler.on("commandStack.changed", refreshHistory);
  modeler.on("commandStack.changed", function () { page.unsaved = true; });
  refreshHistory();
  window.addEventListener("beforeunload", function (event) {
    if (page.unsaved) {
      event.preventDefault(); // the browser asks whether to leave with the drawing unsaved
    }
  });
}

async function start(root) {
  const page = readPage(root);
  const help = panelHelp(page, await loadOffers(page));
  const modeler = createModeler(page, help);
  help.modeler = modeler;
  window.flowdeskModeler = modeler; // for the browser tests and the console
  try {
    await openDiagram(page, modeler);
  } catch (error) {
    say(page, page.words.importFailed + " " + error.message, "error");
    return;
  }
  wireButtons(page, modeler);
  attachPickers(root.querySelector("#properties"), { users: root.dataset.usersUrl, groups: root.dataset.groupsUrl },
    help.offers.topics, { registered: page.panelWords.topicRegisteredShort, outside: page.panelWords.topicOutsideShort });
  root.classList.add("modeller-ready");
  window.flowdeskModellerReadyAt = performance.now();
}

const root = document.getElementById("modeller");
if (root) {
  start(root);
}
