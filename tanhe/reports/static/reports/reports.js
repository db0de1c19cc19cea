/* 排放报告 pages: small enhancements; every page works without them.
   - forms with data-confirm ask first (delete, submit);
   - the 按机组数目平分 switch submits itself when toggled;
   - the first bad cell of a refused table gets the focus. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-autosubmit]"), function (box) {
    box.addEventListener("change", function () {
      if (box.form.requestSubmit) {
        box.form.requestSubmit();
      } else {
        box.form.submit();
      }
    });
  });

  var bad = document.querySelector(".report-grid td.has-error input, .report-grid td.has-error select");
  if (bad) {
    bad.focus({ preventScroll: true });
    bad.scrollIntoView({ block: "center", inline: "center" });
  }
})();
