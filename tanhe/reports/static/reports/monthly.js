/* 月度存证: small enhancements; the page works without them (tabs are links, the seal needs
   a ticked box).
   - the four tabs switch in place, so values typed in one tab are kept when opening another
     (all four are in one form); the address keeps ?tab= for reloads and the forms;
   - uploading a file (its own form) with unsaved values asks first (they are kept in this
     browser by session.js and come back after the upload's reload);
   - links to a row in another tab open that tab;
   - "申请修改" opens when the page is reached by …#amend. */
(function () {
  "use strict";

  var tabs = document.querySelector("[data-month-tabs]");
  if (!tabs) {
    return;
  }
  var panels = document.querySelectorAll("[data-panel]");
  var form = document.querySelector("[data-month-form]");
  // Unsaved values put back by session.js (its notice) count as unsaved.
  var dirty = !!(form && form.querySelector(".autosave-notice"));

  function each(nodes, fn) {
    Array.prototype.forEach.call(nodes, fn);
  }

  function show(key, target) {
    var found = false;
    each(panels, function (panel) {
      var on = panel.getAttribute("data-panel") === key;
      panel.hidden = !on;
      found = found || on;
    });
    if (!found) {
      return false;
    }
    each(tabs.querySelectorAll("a[data-tab]"), function (link) {
      if (link.getAttribute("data-tab") === key) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    });
    each(document.querySelectorAll("[data-tab-field]"), function (field) {
      field.value = key;
    });
    var url = new URL(window.location.href);
    if (key === "fuel") {
      url.searchParams.delete("tab");
    } else {
      url.searchParams.set("tab", key);
    }
    url.hash = target ? target : "";
    window.history.replaceState(null, "", url.toString());
    var node = target && document.getElementById(target);
    if (node) {
      node.scrollIntoView({ block: "center" });
      var input = node.querySelector("input, select");
      if (input) {
        input.focus({ preventScroll: true });
      }
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-tab]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (show(link.getAttribute("data-tab"), link.getAttribute("data-target"))) {
      event.preventDefault();
    }
  });

  // 申请修改 opened from the list of months (…#amend)
  var amend = document.getElementById("amend");
  if (amend && window.location.hash === "#amend") {
    amend.open = true;
  }

  if (form) {
    // File inputs sit in the table but belong to their own upload forms (form="…").
    var edited = function (event) {
      if (event.target.form === form) {
        dirty = true;
      }
    };
    form.addEventListener("input", edited);
    form.addEventListener("change", edited);
    form.addEventListener("submit", function () { dirty = false; });
  }

  document.addEventListener("submit", function (event) {
    var target = event.target;
    var question = "";
    if (dirty && target.hasAttribute("data-upload-form")) {
      question = form.getAttribute("data-unsaved-upload");
    } else if (dirty && target.hasAttribute("data-seal-form")) {
      question = form.getAttribute("data-unsaved-seal");
    }
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
