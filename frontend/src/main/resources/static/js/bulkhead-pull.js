// Pull progress on the images page: the pull form starts the pull with fetch() and reads
// its JSON-lines stream, drawing one <progress> per blob; Cancel asks the API to cancel
// the pull. Without scripts the form posts as before. No inline scripts: the
// Content-Security-Policy forbids them.
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : null;
  }

  function headers(extra) {
    var result = extra || {};
    var token = meta("csrf-token");
    var header = meta("csrf-header");
    if (token && header) {
      result[header] = token;
    }
    return result;
  }

  function human(bytes) {
    if (bytes >= 1073741824) { return (bytes / 1073741824).toFixed(2) + " GiB"; }
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1) + " MiB"; }
    if (bytes >= 1024) { return (bytes / 1024).toFixed(1) + " KiB"; }
    return bytes + " B";
  }

  function shortDigest(digest) {
    var hex = (digest || "").replace(/^sha256:/, "");
    return hex.substring(0, 12);
  }

  function Pull(form) {
    this.form = form;
    this.panel = document.getElementById("pull-progress");
    this.status = document.getElementById("pull-status");
    this.layers = document.getElementById("pull-layers");
    this.cancelButton = document.getElementById("pull-cancel");
    this.errors = document.getElementById("pull-errors");
    this.rows = {};
    this.count = 0;
    this.id = null;
  }

  Pull.prototype.say = function (text) {
    this.status.textContent = text;
  };

  Pull.prototype.row = function (event) {
    var row = this.rows[event.digest];
    if (!row) {
      this.count += 1;
      var id = "pull-blob-" + this.count;
      var item = document.createElement("li");
      item.className = "pull-layer";
      var label = document.createElement("label");
      label.setAttribute("for", id);
      var bar = document.createElement("progress");
      bar.id = id;
      item.appendChild(label);
      item.appendChild(bar);
      this.layers.appendChild(item);
      row = { item: item, label: label, bar: bar, status: "waiting" };
      this.rows[event.digest] = row;
    }
    return row;
  };

  Pull.prototype.blob = function (event) {
    var row = this.row(event);
    var total = Math.max(event.total, 1);
    row.bar.max = total;
    row.bar.value = Math.min(event.bytesDone, total);
    row.status = event.status;
    row.item.setAttribute("data-status", event.status);
    row.label.textContent = event.kind + " " + shortDigest(event.digest) + ": " + human(event.bytesDone) + " / "
      + human(event.total) + " (" + event.status + ")";
    var finished = 0;
    var digests = Object.keys(this.rows);
    for (var i = 0; i < digests.length; i++) {
      var status = this.rows[digests[i]].status;
      if (status === "done" || status === "exists") { finished += 1; }
    }
    var text = "Pulling " + this.reference + ": " + finished + " of " + digests.length + " blobs done.";
    // Only changes in the count are announced, not every byte.
    if (this.status.textContent !== text) { this.say(text); }
  };

  Pull.prototype.end = function (event) {
    this.cancelButton.hidden = true;
    this.form.querySelector('button[type="submit"]').disabled = false;
    this.panel.setAttribute("data-outcome", event.status);
    if (event.status === "done") {
      this.say("Pulled " + this.reference + ".");
      if (window.htmx) {
        window.htmx.ajax("GET", this.form.getAttribute("data-list-url"),
          { target: "#images", select: "#images", swap: "outerHTML" });
      }
    } else if (event.status === "cancelled") {
      this.say("The pull of " + this.reference + " was cancelled; nothing of it was kept.");
    } else {
      this.say("The pull of " + this.reference + " failed: " + (event.detail || "unknown error"));
    }
  };

  Pull.prototype.handle = function (event) {
    if (event.status === "started") {
      this.id = event.id;
      this.cancelButton.hidden = false;
      this.cancelButton.disabled = false;
    } else if (event.digest && event.kind) {
      this.blob(event);
    } else {
      this.end(event);
    }
  };

  Pull.prototype.fail = function (text) {
    var note = document.createElement("p");
    note.className = "problem";
    note.textContent = text;
    this.errors.replaceChildren(note);
    this.cancelButton.hidden = true;
    this.form.querySelector('button[type="submit"]').disabled = false;
    this.say("");
  };

  Pull.prototype.start = function () {
    var self = this;
    self.reference = self.form.querySelector('input[name="reference"]').value.trim();
    self.errors.replaceChildren();
    self.layers.replaceChildren();
    self.panel.hidden = false;
    self.panel.removeAttribute("data-outcome");
    self.form.querySelector('button[type="submit"]').disabled = true;
    self.say("Starting the pull of " + self.reference + "…");
    fetch(self.form.getAttribute("data-pull-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: headers({ "Content-Type": "application/json", "Accept": "application/x-ndjson" }),
      body: JSON.stringify({ reference: self.reference })
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (problem) {
          self.fail(problem.detail || ("The pull failed: " + response.status));
        }, function () {
          self.fail("The pull failed: " + response.status);
        });
      }
      self.id = response.headers.get("Bulkhead-Pull-Id");
      return self.read(response.body.getReader());
    }).catch(function (error) {
      self.fail("The pull failed: " + error);
    });
  };

  Pull.prototype.read = function (reader) {
    var self = this;
    var decoder = new TextDecoder();
    var buffered = "";
    function next() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { return; }
        buffered += decoder.decode(chunk.value, { stream: true });
        var lines = buffered.split("\n");
        buffered = lines.pop();
        lines.forEach(function (line) {
          if (line.trim() !== "") { self.handle(JSON.parse(line)); }
        });
        return next();
      });
    }
    return next();
  };

  Pull.prototype.cancel = function () {
    var self = this;
    if (!self.id) { return; }
    self.cancelButton.disabled = true;
    self.say("Cancelling the pull of " + self.reference + "…");
    fetch(self.form.getAttribute("data-pulls-url") + "/" + encodeURIComponent(self.id), {
      method: "DELETE",
      credentials: "same-origin",
      headers: headers({ "Accept": "application/json" })
    }).then(function (response) {
      if (!response.ok && response.status !== 404) {
        self.cancelButton.disabled = false;
        self.say("Cancelling failed: " + response.status);
      }
    });
  };

  var current = null;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.id !== "pull-form" || !window.fetch || !window.TextDecoder) { return; }
    event.preventDefault();
    current = new Pull(form);
    current.start();
  });

  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "pull-cancel" && current) {
      current.cancel();
    }
  });
})();
