// Dashboard glue for htmx, kept out of the pages so the Content-Security-Policy can forbid
// inline scripts.
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content") : null;
  }

  // Every state-changing htmx request carries the session's CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = meta("csrf-token");
    var header = meta("csrf-header");
    if (token && header) {
      event.detail.headers[header] = token;
    }
  });

  // Error responses are not swapped by default. The server marks the ones meant for the
  // page (a problem fragment retargeted at #errors); anything else gets a short note there.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status < 400) {
      return;
    }
    if (xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      // A form (or a row of buttons) may name its own error area, so that the error
      // appears next to what caused it rather than at the top of the page.
      var own = ownErrorArea(event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt);
      if (own) {
        event.detail.target = own;
      }
      return;
    }
    var errors = document.getElementById("errors");
    if (errors) {
      var note = document.createElement("p");
      note.className = "problem";
      note.textContent = "The request failed: " + xhr.status + " " + (xhr.statusText || "");
      errors.replaceChildren(note);
    }
  });

  function ownErrorArea(element) {
    var holder = element && element.closest ? element.closest("[data-errors]") : null;
    return holder ? document.querySelector(holder.getAttribute("data-errors")) : null;
  }

  // A successful request clears old errors so they do not outlive their cause; requests
  // made in the background (an element marked data-keeps-errors, such as the live policy
  // verdict) leave them, or an error would vanish as soon as the form lost focus.
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status >= 400) {
      return;
    }
    var elt = event.detail.elt;
    if (elt && elt.closest && elt.closest("[data-keeps-errors]")) {
      return;
    }
    var errors = document.getElementById("errors");
    if (errors && event.detail.target !== errors) {
      errors.replaceChildren();
    }
    var own = ownErrorArea(event.detail.elt);
    if (own && event.detail.target !== own) {
      own.replaceChildren();
    }
  });
  // An error placed in #errors is brought into view: the control that caused it may be far
  // down a long form.
  // A form may have its own error area (an element whose id ends in "-errors"), which the
  // server targets so the error shows next to the form.
  document.addEventListener("htmx:afterSwap", function (event) {
    var errors = event.detail.target;
    if (errors && ((errors.classList && errors.classList.contains("errors")) || errors.id === "errors" || /-errors$/.test(errors.id || "")) && errors.textContent.trim() !== "") {
      errors.setAttribute("tabindex", "-1");
      errors.scrollIntoView({ block: "center" });
      errors.focus({ preventScroll: true });
    }
  });
  // Uploads (image load, root filesystem import) can be large: a form marked
  // data-upload-progress shows how much has gone, then that the server is working on it.
  function uploadBox(element) {
    var form = element && element.closest ? element.closest("form[data-upload-progress]") : null;
    return form ? form.querySelector(".upload-progress") : null;
  }

  function bytes(n) {
    var units = ["B", "KiB", "MiB", "GiB"];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
  }

  document.addEventListener("htmx:xhr:progress", function (event) {
    var box = uploadBox(event.target);
    if (!box || !event.detail.lengthComputable) {
      return;
    }
    var bar = box.querySelector("progress");
    var status = box.querySelector("[role=status]");
    box.hidden = false;
    bar.max = event.detail.total;
    bar.value = event.detail.loaded;
    status.textContent = event.detail.loaded >= event.detail.total
      ? "Uploaded " + bytes(event.detail.total) + "; the server is checking and storing it…"
      : "Uploading: " + bytes(event.detail.loaded) + " of " + bytes(event.detail.total);
  });

  // A refusal leaves the bar at its end with the reason beside it; hide the bar so only
  // the reason remains.
  document.addEventListener("htmx:afterRequest", function (event) {
    var box = uploadBox(event.detail.elt);
    if (box && event.detail.xhr && event.detail.xhr.status >= 400) {
      box.hidden = true;
    }
  });

  // The navigation says which section the page belongs to (aria-current), for screen
  // readers and for the highlighted link: the link with the longest path that starts the
  // page's path, so /containers/new is under Containers.
  var current = null;
  document.querySelectorAll(".site-nav a[href]").forEach(function (link) {
    var path = link.pathname;
    var here = window.location.pathname;
    if ((here === path || here.indexOf(path.replace(/\/$/, "") + "/") === 0)
        && (!current || path.length > current.pathname.length)) {
      current = link;
    }
  });
  if (current) {
    current.setAttribute("aria-current", "page");
  }
})();
