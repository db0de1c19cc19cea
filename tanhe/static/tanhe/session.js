/* 碳核 Tanhe — session expiry warning and autosave of unsaved form input. No dependencies.
 *
 * 1. Session (pages of a logged-in user: <body data-session-seconds data-session-warn-seconds
 *    data-session-user data-keepalive-url data-login-url>): shows the #tanhe-session-warning
 *    panel warn-seconds before the session ends; "继续工作" POSTs the keep-alive URL (CSRF token
 *    from the csrftoken cookie) and restarts the clock; at the end shows #tanhe-session-expired
 *    with a link to log in again and come back here. Tabs share the clock through localStorage,
 *    so working in one tab keeps the others from warning. Someone typing or clicking on the page
 *    since the last renewal is renewed silently instead of warned (once per renewal).
 *
 * 2. Autosave (forms with data-autosave): every field except passwords, files, hidden inputs
 *    and the CSRF token is written to localStorage on each input, keyed by user + path + the
 *    data-autosave value (or the form's id). On load a stored copy is put back with the
 *    #tanhe-autosave-notice ("已恢复上次未保存的输入", "放弃"). Submitting marks the copy; the
 *    next page drops it — unless that page is the login page (the session had ended), so
 *    nothing typed is lost to a timeout. Fields sharing a name are matched by position.
 *    Logging out drops the user's copies; copies older than 7 days are dropped.
 *    Opt a field out with data-autosave-skip; mark a page that must keep the copies (login,
 *    lockout) with data-autosave-keep.
 *    data-autosave-path="/the/page/" keys the copy by that page rather than the address, so a
 *    form refused by its save URL (re-rendered there) and the page itself share one copy.
 *    A form marked data-autosave-refused is the server's answer showing what was just typed
 *    (a refusal): no copy is put back over it — it is newer than any copy — and the copy
 *    becomes what it shows.
 *
 * 3. Leaving with unsaved input: a form with data-autosave differing from what the server sent
 *    (typed in, or a copy put back) is unsaved. Closing or reloading the page then asks
 *    (beforeunload), and following a link asks with #tanhe-unsaved-leave's question; either
 *    way the copy stays in this browser and comes back on the form's page. Submitting a form,
 *    or "放弃", ends the question.
 */
(function () {
  "use strict";

  var PREFIX = "tanhe:autosave:";
  var CLOCK = "tanhe:session-deadline:";
  var SUBMITTED = "tanhe:autosave-submitted";
  var MAX_AGE_MS = 7 * 24 * 3600 * 1000;
  var body = document.body;
  var data = body.dataset;
  var user = data.sessionUser || "anon";

  function store(kind) {
    try {
      var s = window[kind];
      s.setItem("tanhe:probe", "1");
      s.removeItem("tanhe:probe");
      return s;
    } catch (e) {
      return null; // private mode, storage disabled or full
    }
  }
  var local = store("localStorage");
  var perTab = store("sessionStorage");

  function readJSON(s, key) {
    if (!s) return null;
    try {
      return JSON.parse(s.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }
  function writeJSON(s, key, value) {
    if (!s) return;
    try {
      s.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* quota: autosave is a courtesy */
    }
  }
  function fromTemplate(id) {
    var t = document.getElementById(id);
    return t && t.content ? t.content.firstElementChild.cloneNode(true) : null;
  }

  /* ------------------------------------------------------------------ autosave */

  function eligible(el) {
    if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") return false;
    if (el.hasAttribute("data-autosave-skip")) return false;
    var tag = el.tagName;
    if (tag !== "INPUT" && tag !== "SELECT" && tag !== "TEXTAREA") return false;
    var type = (el.type || "").toLowerCase();
    return ["password", "file", "hidden", "submit", "button", "reset", "image"].indexOf(type) < 0;
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, eligible);
  }
  function read(el) {
    var type = (el.type || "").toLowerCase();
    if (type === "checkbox" || type === "radio") return el.checked;
    if (el.tagName === "SELECT" && el.multiple) {
      return Array.prototype.filter
        .call(el.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    return el.value;
  }
  function write(el, value) {
    var type = (el.type || "").toLowerCase();
    if (type === "checkbox" || type === "radio") {
      el.checked = value === true;
    } else if (el.tagName === "SELECT" && el.multiple) {
      Array.prototype.forEach.call(el.options, function (o) {
        o.selected = Array.isArray(value) && value.indexOf(o.value) >= 0;
      });
    } else if (typeof value === "string") {
      el.value = value;
    }
  }
  /* [[name, value], …] in document order; fields sharing a name are matched by position. */
  function snapshot(form) {
    return fields(form).map(function (el) { return [el.name, read(el)]; });
  }
  /* Put values back; fields that change get input and change events, so that scripts showing
     or hiding parts of the form follow. */
  function apply(form, entries) {
    var byName = {};
    entries.forEach(function (entry) {
      (byName[entry[0]] = byName[entry[0]] || []).push(entry[1]);
    });
    var seen = {};
    var changed = [];
    fields(form).forEach(function (el) {
      var values = byName[el.name];
      var i = seen[el.name] || 0;
      seen[el.name] = i + 1;
      if (!values || i >= values.length) return;
      var before = JSON.stringify(read(el));
      write(el, values[i]);
      if (JSON.stringify(read(el)) !== before) changed.push(el);
    });
    changed.forEach(function (el) {
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
  function formKey(form, index) {
    // data-autosave="a-stable-key" names the copy; else the form's id or name, else its position.
    var id =
      form.getAttribute("data-autosave") || form.id || form.getAttribute("name") || "form-" + index;
    var path = form.getAttribute("data-autosave-path") || location.pathname;
    return PREFIX + user + ":" + path + "#" + id;
  }
  function forget(key) {
    if (local) local.removeItem(key);
  }
  function forgetAll(prefix) {
    if (!local) return;
    for (var i = local.length - 1; i >= 0; i--) {
      var key = local.key(i);
      if (key && key.indexOf(prefix) === 0) local.removeItem(key);
    }
  }
  function dropOld() {
    if (!local) return;
    var now = Date.now();
    for (var i = local.length - 1; i >= 0; i--) {
      var key = local.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) continue;
      var saved = readJSON(local, key);
      if (!saved || !saved.at || now - saved.at > MAX_AGE_MS) local.removeItem(key);
    }
  }

  /* A form was submitted on the previous page: drop its copy now that the server has answered —
     unless the answer is the login page, i.e. the session had ended and the input was not saved. */
  function settleSubmitted() {
    var keys = readJSON(perTab, SUBMITTED);
    if (!keys) return;
    if (!document.querySelector("[data-autosave-keep]")) keys.forEach(forget);
    perTab.removeItem(SUBMITTED);
  }
  function markSubmitted(key) {
    var keys = readJSON(perTab, SUBMITTED) || [];
    if (keys.indexOf(key) < 0) keys.push(key);
    writeJSON(perTab, SUBMITTED, keys);
  }

  function timeLabel(ms) {
    var d = new Date(ms);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return " " + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function setUpAutosave(form, index) {
    var key = formKey(form, index);
    var saved = readJSON(local, key);
    var refused = form.hasAttribute("data-autosave-refused");
    // What the server has saved, to tell unsaved input; a refused form's values are not saved.
    var served = refused ? null : JSON.stringify(snapshot(form));
    unsaved.push(function () {
      return document.body.contains(form) && JSON.stringify(snapshot(form)) !== served;
    });
    if (refused) {
      // The page shows what was typed and refused: newer than any copy, which it replaces.
      writeJSON(local, key, { at: Date.now(), fields: snapshot(form) });
      saved = null;
    }
    if (saved && Array.isArray(saved.fields)) {
      var original = snapshot(form);
      apply(form, saved.fields);
      if (JSON.stringify(snapshot(form)) !== JSON.stringify(original)) {
        showRestored(form, key, original, saved.at);
      } else {
        forget(key);
      }
    }
    function save() {
      writeJSON(local, key, { at: Date.now(), fields: snapshot(form) });
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function (event) {
      if (!event.defaultPrevented) markSubmitted(key);
    });
  }

  function showRestored(form, key, original, at) {
    var notice = fromTemplate("tanhe-autosave-notice");
    if (!notice) return;
    var when = notice.querySelector("[data-saved-at]");
    if (when && at) {
      // Full-width brackets in Chinese, ASCII ones (after a space) in English.
      var zh = /^zh/i.test(document.documentElement.lang || "zh");
      when.textContent = zh ? "（" + timeLabel(at).trim() + "）" : " (" + timeLabel(at).trim() + ")";
    }
    notice.querySelector("[data-discard]").addEventListener("click", function () {
      apply(form, original);
      forget(key);
      notice.remove();
    });
    form.insertBefore(notice, form.firstChild);
  }

  /* ------------------------------------------------------------------ leaving unsaved input */

  var unsaved = []; // one test per autosaved form: does it differ from what the server sent?
  var leaving = false;
  function anyUnsaved() {
    return !leaving && unsaved.some(function (test) { return test(); });
  }
  function leavesPage(link, event) {
    if (!link || event.defaultPrevented || event.button !== 0) return false;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return false;
    if (link.hasAttribute("download") || (link.target && link.target !== "_self")) return false;
    var url = new URL(link.href, location.href);
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    // Only the #fragment changes: the page stays.
    return !(url.pathname === location.pathname && url.search === location.search && url.hash);
  }
  function setUpLeaving() {
    // A form posted (any form, after every page script had its say): the answer is the next
    // page, and the unsaved copies stay in this browser; nothing to ask.
    window.addEventListener("submit", function (event) {
      leaving = !event.defaultPrevented;
    });
    window.addEventListener("beforeunload", function (event) {
      if (!anyUnsaved()) return undefined;
      event.preventDefault();
      event.returnValue = ""; // browsers show their own words
      return "";
    });
    // On window, after the page's own link handlers (tabs switching in place prevent default).
    window.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!leavesPage(link, event) || !anyUnsaved()) return;
      if (link.closest(".session-panel")) {
        leaving = true; // the panel itself says that the input is kept for after logging in
        return;
      }
      var template = document.getElementById("tanhe-unsaved-leave");
      var question = template ? template.content.textContent.trim() : "";
      if (!window.confirm(question)) {
        event.preventDefault();
        return;
      }
      leaving = true; // asked once; the copy stays for when the user comes back
      setTimeout(function () { leaving = false; }, 1500); // a download keeps the page
    });
  }

  dropOld();
  settleSubmitted();
  Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), setUpAutosave);
  setUpLeaving();
  Array.prototype.forEach.call(document.querySelectorAll("form[data-logout]"), function (form) {
    form.addEventListener("submit", function () {
      forgetAll(PREFIX + user + ":");
      if (local) local.removeItem(CLOCK + user);
    });
  });

  /* ------------------------------------------------------------------ session clock */

  var seconds = parseInt(data.sessionSeconds, 10);
  if (!(seconds > 0)) return; // anonymous page
  var warnMs = Math.max(0, parseInt(data.sessionWarnSeconds, 10) || 120) * 1000;
  var clockKey = CLOCK + user;
  // The server renewed the session when it answered this page; timeOrigin is before that.
  var start = window.performance && performance.timeOrigin ? performance.timeOrigin : Date.now();
  var deadline = start + seconds * 1000;
  var panel = null;
  var expired = false;
  // Someone typing or clicking on the page is at work: the clock is renewed for them without a
  // warning (once per renewal); the warning is for a page left alone.
  var lastActivity = 0;
  var renewedAt = start;
  var autoRenewFor = 0;
  var renewing = false;
  ["keydown", "input", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      if (event.isTrusted) lastActivity = Date.now();
    }, true);
  });

  function shared() {
    var other = local ? parseInt(local.getItem(clockKey) || "0", 10) : 0;
    return other > deadline ? other : deadline;
  }
  function publish() {
    if (local && shared() <= deadline) local.setItem(clockKey, String(deadline));
  }
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function closePanel() {
    if (panel) panel.remove();
    panel = null;
  }
  function format(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function warn(remaining) {
    if (!panel) {
      panel = fromTemplate("tanhe-session-warning");
      if (!panel) return;
      panel.id = "session-warning";
      body.appendChild(panel);
      var button = panel.querySelector("[data-keepalive]");
      button.addEventListener("click", function () { keepAlive(); });
      var active = document.activeElement;
      if (!active || active === body) button.focus(); // never pull focus out of a field
    }
    var countdown = panel.querySelector("[data-countdown]");
    if (countdown) countdown.textContent = format(remaining);
  }

  function keepAlive(silent) {
    var error = panel && panel.querySelector("[data-error]");
    if (error) error.hidden = true;
    var asked = Date.now();
    renewing = true;
    fetch(data.keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
    })
      .then(function (response) {
        renewing = false;
        if (response.status === 401 || response.status === 403) return { expires_in: 0 };
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        if (!(answer.expires_in > 0)) {
          end();
          return;
        }
        deadline = asked + answer.expires_in * 1000;
        renewedAt = asked;
        publish();
        closePanel();
      })
      .catch(function () {
        renewing = false;
        if (error && !silent) error.hidden = false;
      });
  }

  function end() {
    if (expired) return;
    expired = true;
    closePanel();
    panel = fromTemplate("tanhe-session-expired");
    if (!panel) return;
    panel.id = "session-expired";
    var link = panel.querySelector("[data-login]");
    link.href = data.loginUrl + "?next=" + encodeURIComponent(location.pathname + location.search);
    body.appendChild(panel);
    link.focus();
  }

  function tick() {
    if (expired) return;
    deadline = shared();
    var remaining = deadline - Date.now();
    if (remaining <= 0) {
      end();
    } else if (remaining <= warnMs) {
      if (!panel && !renewing && lastActivity > renewedAt && autoRenewFor !== deadline) {
        autoRenewFor = deadline;
        keepAlive(true);
      } else if (!renewing) {
        warn(remaining);
      }
    } else {
      closePanel(); // renewed, perhaps in another tab
    }
  }

  // A form posted after the session ended would only meet the login page: keep the input here.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (form.hasAttribute("data-logout") || (form.method || "").toLowerCase() !== "post") return;
      if (expired || shared() <= Date.now()) {
        event.preventDefault();
        tick();
      }
    },
    true
  );

  publish();
  tick();
  setInterval(tick, 1000);
  if (window.addEventListener) {
    window.addEventListener("storage", function (event) {
      if (event.key === clockKey) tick();
    });
  }
})();
