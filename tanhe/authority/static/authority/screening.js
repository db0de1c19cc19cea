// The screening's progress: fetch the progress fragment every second and swap it in; when the run
// has ended, reload the page so that the anomaly list shows. Without script the page has a
// refresh link (and the same fragment).
(function () {
  "use strict";
  function poll() {
    var box = document.getElementById("screening-progress");
    var url = box && box.getAttribute("data-poll");
    if (!url) return;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        if (!fresh) return;
        box.replaceWith(fresh);
        if (fresh.getAttribute("data-poll")) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  document.addEventListener("DOMContentLoaded", function () { window.setTimeout(poll, 1000); });
})();
