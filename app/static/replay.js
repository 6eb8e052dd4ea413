/* FlowDesk replay page: step through a case on its diagram (bpmn-js viewer) with the panels of each step.
   Without this script the page shows the table of all steps; the script adds the picture and the controls. */
(function () {
  "use strict";

  var PLAY_MS = 1200;
  var MARKERS = ["done", "active", "taken", "current"];

  /* A step leaves out what is as the step before left it (markers, tokens, timers, the clock, the version) and
     what is empty: put them back once, as references (app/web/cockpit/replay.py script_steps). */
  var CARRIED = ["version", "tokens", "completed", "active", "taken", "timers", "sla"];
  var EMPTIED = { changes: [], arrivals: [], problem: "", element_id: null, element_name: "", actor_name: "" };

  function readDocument() {
    var source = document.getElementById("replay-steps");
    var doc = source ? JSON.parse(source.textContent) : { steps: [] };
    doc.steps.forEach(function (step, index) {
      var before = index > 0 ? doc.steps[index - 1] : null;
      CARRIED.forEach(function (key) {
        if (!(key in step)) {
          step[key] = before ? before[key] : null;
        }
      });
      Object.keys(EMPTIED).forEach(function (key) {
        if (!(key in step)) {
          step[key] = EMPTIED[key];
        }
      });
    });
    return doc;
  }

  /* The first version's diagram comes with the page, so drawing it waits for no second request. */
  function inlineDiagram() {
    var source = document.getElementById("replay-diagram");
    return source ? { version: Number(source.dataset.version), xml: JSON.parse(source.textContent) } : null;
  }

  function field(name) {
    return document.querySelector('#replay-panels [data-field="' + name + '"]');
  }

  function shown(value) {
    if (value === null || value === undefined) {
      return "–";
    }
    return typeof value === "string" ? value : JSON.stringify(value);
  }

  function cell(text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function fillRows(name, rows) {
    var body = field(name);
    body.replaceChildren.apply(body, rows.map(function (cells) {
      var tr = document.createElement("tr");
      cells.forEach(function (item) { tr.appendChild(item); });
      return tr;
    }));
    var empty = document.querySelector('[data-empty="' + name + '"]');
    if (empty) {
      empty.hidden = rows.length > 0;
    }
  }

  function fillList(name, items) {
    var list = field(name);
    if (!list) {
      return;
    }
    list.replaceChildren.apply(list, items.map(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    var empty = document.querySelector('[data-empty="' + name + '"]');
    if (empty) {
      empty.hidden = items.length > 0;
    }
  }

  /* The data as of a step is the sum of the changes up to it: fold them when a step is first shown, from the
     nearest step folded before it, and keep the result. */
  function applyChanges(data, step) {
    step.changes.forEach(function (change) {
      if (change.removed) {
        delete data[change.name];
      } else {
        data[change.name] = change.after;
      }
    });
  }

  function Replay(doc) {
    this.doc = doc;
    this.steps = doc.steps;
    this.states = [];
    this.inline = inlineDiagram();
    this.index = 0;
    this.timer = null;
    this.viewer = null;
    this.version = null;
    this.container = document.getElementById("diagram");
    this.slider = document.getElementById("replay-slider");
    this.position = document.querySelector("[data-testid=position]");
    this.playButton = document.querySelector('[data-go="play"]');
  }

  Replay.prototype.dataAt = function (index) {
    var from = index;
    while (from >= 0 && !this.states[from]) {
      from -= 1;
    }
    var data = Object.assign({}, from >= 0 ? this.states[from] : {});
    for (var at = from + 1; at <= index; at += 1) {
      applyChanges(data, this.steps[at]);
    }
    this.states[index] = data;
    return data;
  };

  Replay.prototype.go = function (index) {
    this.index = Math.max(0, Math.min(this.steps.length - 1, index));
    this.showDiagram();  // first: drawing the diagram goes on while the panels are filled
    this.slider.value = String(this.index + 1);
    this.position.textContent = this.position.dataset.pattern.replace("{n}", this.index + 1)
      .replace("{count}", this.steps.length);
    this.showPanels();
    this.showRow();
  };

  /* The table of every step comes as the text of a <noscript> (a reader without script reads it there): put it in
     place, after the first step is shown, and mark the row of the step shown. */
  Replay.prototype.listSteps = function () {
    var self = this;
    listSteps(function (index) { self.go(index); });
    this.rows = document.querySelectorAll(".replay-steps tbody tr");
    this.showRow();
  };

  Replay.prototype.showRow = function () {
    if (!this.rows) {
      return;
    }
    if (this.currentRow) {
      this.currentRow.classList.remove("current");
      this.currentRow.removeAttribute("aria-current");
    }
    var row = this.rows[this.index];
    if (row) {
      row.classList.add("current");
      row.setAttribute("aria-current", "step");
    }
    this.currentRow = row;
  };

  Replay.prototype.showPanels = function () {
    var step = this.steps[this.index];
    field("kind_words").textContent = step.kind_words;
    field("intervention").hidden = !step.intervention;
    field("element_name").textContent = step.element_name || "–";
    field("actor_name").textContent = step.actor_name || "–";
    field("at_text").textContent = step.at_text;
    field("version").textContent = String(step.version);
    field("tokens").textContent = step.tokens.join(", ") || "–";
    var verified = field("verified");
    verified.textContent = step.verified ? verified.dataset.yes : verified.dataset.no + " " + step.problem;
    verified.className = step.verified ? "ok" : "error-text";
    fillRows("changes", step.changes.map(function (change) {
      return [cell(change.name, "code"), cell(shown(change.before)), cell(change.removed ? "–" : shown(change.after))];
    }));
    var data = this.dataAt(this.index);
    fillRows("data", Object.keys(data).sort().map(function (name) {
      return [cell(name, "code"), cell(shown(data[name]))];
    }));
    fillList("timers", step.timers.map(function (timer) { return timer.name + " · " + timer.due_text; }));
    var arrivals = field("arrivals");
    if (arrivals) {
      fillList("arrivals", step.arrivals.map(function (item) {
        var label = item.kind === "mail" ? arrivals.dataset.mail : (item.public ? "" : arrivals.dataset.internal);
        return item.at_text + " · " + item.author + (label ? " (" + label + ")" : "") + ": " + item.text;
      }));
    }
    this.showClock(step);
  };

  Replay.prototype.showClock = function (step) {
    var sla = field("sla");
    if (!sla) {
      return;
    }
    if (!step.sla) {
      sla.textContent = sla.dataset.none;
      sla.className = "muted";
      return;
    }
    var words = JSON.parse(sla.dataset.words);
    sla.className = "clock " + step.sla.state + (step.sla.paused ? " paused" : "");
    sla.textContent = (step.sla.paused ? sla.dataset.paused : sla.dataset.running) + " · " +
      (words[step.sla.state] || step.sla.state) + " · " + step.sla.time_left_text + " · " + sla.dataset.due + " " +
      step.sla.due_text;
  };

  Replay.prototype.showDiagram = function () {
    var step = this.steps[this.index];
    if (!this.viewer) {
      return;
    }
    if (step.version !== this.version) {
      this.load(step.version);
      return;
    }
    var canvas = this.viewer.get("canvas");
    var registry = this.viewer.get("elementRegistry");
    registry.getAll().forEach(function (element) {
      MARKERS.forEach(function (name) { canvas.removeMarker(element.id, name); });
    });
    var mark = function (ids, name) {
      ids.forEach(function (id) {
        if (registry.get(id)) {
          canvas.addMarker(id, name);
        }
      });
    };
    mark(step.completed, "done");
    mark(step.active, "active");
    mark(step.taken, "taken");
    if (step.element_id) {
      mark([step.element_id], "current");
    }
  };

  Replay.prototype.load = function (version) {
    var self = this;
    var url = this.container.dataset.diagramUrl.replace("/versions/0/", "/versions/" + version + "/");
    var inline = this.inline && this.inline.version === version ? this.inline.xml : null;
    this.version = version;
    var xml = inline !== null ? Promise.resolve(inline) :
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/xml" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        });
    return xml
      .then(function (text) { return self.viewer.importXML(text); })
      .then(function () {
        self.viewer.get("canvas").zoom("fit-viewport", "auto");
        self.container.classList.replace("diagram-loading", "diagram-drawn");
        self.showDiagram();
        self.noteShown();
      })
      .catch(function (error) {
        var noLayout = /no diagram to display/i.test(String(error && error.message));
        self.viewer.destroy();
        self.viewer = null;
        var note = document.createElement("p");
        note.className = "diagram-note muted";
        note.textContent = noLayout ? self.container.dataset.messageNoLayout : self.container.dataset.messageFailed;
        self.container.replaceChildren(note);
        self.container.classList.remove("diagram-loading");
        self.listSteps();
      });
  };

  /* Note (for bench/replay_page.py) when the first frame with the diagram drawn and the first step's panels was
     painted: the task after the next animation frame runs once that frame is on screen. */
  Replay.prototype.noteShown = function () {
    if (window.flowdeskReplayReadyAt) {
      return;
    }
    var self = this;
    window.requestAnimationFrame(function () {
      window.setTimeout(function () {
        window.flowdeskReplayReadyAt = window.flowdeskReplayReadyAt || window.performance.now();
        self.listSteps();
      });
    });
  };

  Replay.prototype.play = function () {
    var self = this;
    if (this.timer) {
      window.clearInterval(this.timer);
      this.timer = null;
      this.playButton.textContent = this.playButton.dataset.labelPlay;
      return;
    }
    if (this.index >= this.steps.length - 1) {
      this.go(0);
    }
    this.playButton.textContent = this.playButton.dataset.labelPause;
    this.timer = window.setInterval(function () {
      if (self.index >= self.steps.length - 1) {
        self.play();
        return;
      }
      self.go(self.index + 1);
    }, PLAY_MS);
  };

  Replay.prototype.act = function (what) {
    var moves = { first: 0, previous: this.index - 1, next: this.index + 1, last: this.steps.length - 1 };
    if (what === "play") {
      this.play();
    } else if (what in moves) {
      this.go(moves[what]);
    }
  };

  Replay.prototype.listen = function () {
    var self = this;
    document.querySelectorAll("[data-go]").forEach(function (button) {
      button.addEventListener("click", function () { self.act(button.dataset.go); });
    });
    this.slider.addEventListener("input", function () { self.go(Number(self.slider.value) - 1); });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) &&
          target !== self.slider) {
        return;
      }
      var keys = { ArrowLeft: "previous", ArrowRight: "next", Home: "first", End: "last", " ": "play" };
      if (keys[event.key]) {
        event.preventDefault();
        self.act(keys[event.key]);
      }
    });
    var verify = document.getElementById("verify-case");
    verify.addEventListener("click", function () { self.verify(verify); });
  };

  Replay.prototype.verify = function (button) {
    var result = document.getElementById("verify-result");
    result.textContent = button.dataset.busy;
    result.className = "muted";
    fetch(button.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        result.textContent = answer.message;
        result.className = answer.verified ? "ok" : "error-text";
      })
      .catch(function () {
        result.textContent = button.dataset.failed;
        result.className = "error-text";
      });
  };

  function listSteps(show) {
    var source = document.getElementById("all-steps-table");
    if (!source) {
      return;
    }
    source.insertAdjacentHTML("afterend", source.textContent);
    source.remove();
    document.querySelector(".replay-steps tbody").addEventListener("click", function (event) {
      var row = event.target.closest("tr[data-index]");
      if (row) {
        show(Number(row.dataset.index));
      }
    });
  }

  function start() {
    var doc = readDocument();
    if (!doc.steps.length) {
      listSteps(function () {});
      return;
    }
    var replay = new Replay(doc);
    document.getElementById("replay-panels").hidden = false;
    document.body.classList.add("replay-ready");
    replay.listen();
    if (typeof window.BpmnJS === "function" && typeof window.fetch === "function") {
      replay.container.replaceChildren();
      replay.container.classList.add("diagram-loading");
      replay.viewer = new window.BpmnJS({ container: replay.container });
    }
    replay.go(0);
    if (!replay.viewer) {
      replay.listSteps();
    }
    window.flowdeskReplay = replay;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
