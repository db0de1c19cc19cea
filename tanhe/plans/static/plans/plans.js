/* 质量控制计划 editor: small enhancements; every page works without them.
   - buttons of forms with data-confirm ask first (delete, unmerge);
   - 机组信息: 类型细分 follows 机组类型, the fuel list follows 发电燃料类型
     (the categories each fuel type admits come from the server: data-fuel-categories);
   - 生产设施: only the chosen category's fields are shown; no 排汽冷却方式 for 背压式. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  function each(nodes, fn) {
    Array.prototype.forEach.call(nodes, fn);
  }

  var unitForm = document.querySelector("[data-unit-form]");
  if (unitForm) {
    var unitType = unitForm.querySelector("[name=unit_type]");
    var subtype = unitForm.querySelector("[name=subtype]");
    var fuelType = unitForm.querySelector("[name=fuel_type]");
    var admitted = JSON.parse(unitForm.getAttribute("data-fuel-categories") || "{}");

    var syncSubtype = function () {
      var coal = unitType.value === "coal";
      each(subtype.options, function (option) {
        if (!option.value || !unitType.value) {
          option.disabled = option.hidden = false;
          return;
        }
        var fits = coal ? option.value !== "none" : option.value === "none";
        option.disabled = option.hidden = !fits;
      });
      if (unitType.value && !coal) {
        subtype.value = "none";
      } else if (coal && subtype.value === "none") {
        subtype.value = "";
      }
    };

    var syncFuels = function (clearHidden) {
      var categories = admitted[fuelType.value];
      each(unitForm.querySelectorAll("[data-fuel-category]"), function (group) {
        var checked = group.querySelector("input:checked");
        var show = !categories || categories.indexOf(group.getAttribute("data-fuel-category")) >= 0;
        if (!show && clearHidden) {
          each(group.querySelectorAll("input"), function (box) { box.checked = false; });
        }
        group.hidden = !show && (clearHidden || !checked);
      });
    };

    unitType.addEventListener("change", syncSubtype);
    fuelType.addEventListener("change", function () { syncFuels(true); });
    syncSubtype();
    syncFuels(false);
  }

  var facilityForm = document.querySelector("[data-facility-form]");
  if (facilityForm) {
    var category = facilityForm.querySelector("[name=category]");
    var turbineType = facilityForm.querySelector("[name=turbine_type]");
    var hint = facilityForm.querySelector("[data-category-hint]");

    var syncCategory = function () {
      var chosen = category.value;
      each(facilityForm.querySelectorAll(".category-fields [data-category]"), function (field) {
        var show = !!chosen && field.getAttribute("data-category").split(" ").indexOf(chosen) >= 0;
        if (show && chosen === "turbine" && field.querySelector("[name=cooling]")) {
          show = turbineType.value !== "back_pressure";
        }
        field.hidden = !show;
      });
      if (hint) {
        hint.hidden = !!chosen;
      }
    };

    category.addEventListener("change", syncCategory);
    turbineType.addEventListener("change", syncCategory);
    syncCategory();
  }
})();
