/* 碳核 Tanhe — number tables that behave like a spreadsheet. No dependencies; every table
 * works without this script (it is the same form, posted the same way).
 *
 * Grids: the annual report's tables (table.report-grid.is-editable), its 确定方式表
 * (table.test-table.is-editable) and the monthly 存证 tables (table.value-table in the month
 * form). A grid's cells are the <td>s of its body rows, counted left to right (the row labels
 * are <th>s and not cells); a cell takes typing when it holds an enabled, writable text-like
 * <input>.
 *
 * - Paste: a block copied from Excel/WPS (tab-separated columns, newline-separated rows, \r\n
 *   or \n, one trailing newline ignored) fills the cells right of and below the cell pasted
 *   into, as the block looks on screen. THE SKIP RULE: a value whose cell does not take typing
 *   (已存证 or locked months, disabled or read-only fields, drop-down choices such as the
 *   数据获取方式, links, the 全年 column) is not pasted, and that cell keeps what it had; values
 *   never shift into the next cell, so each value lands in the month and row it was copied
 *   for. Values falling outside the table are cut; the status line says how many were pasted,
 *   skipped and cut. In number fields (inputmode=decimal) grouping commas and full-width
 *   digits are normalised: "1,234.5" and "１２．５" become "1234.5" and "12.5".
 * - Keys: arrows move between cells (Left/Right only with the caret at the start/end of the
 *   text), Enter moves down and Shift+Enter up instead of submitting the table (Ctrl+Enter
 *   still saves). Tab skips the drop-downs (tabindex -1) unless the toolbar's
 *   "Tab 经过下拉选择" is ticked (remembered in this browser).
 * - The grid box scrolls under a sticky month header and row-label column (tanhe.css) and
 *   opens scrolled to the first month that takes typing.
 * - "复制本月到以后各月" (toolbar [data-grid-tools]): the current cell's value and 数据获取方式
 *   go to the later months of its row that take typing; in the 确定方式表 the current month's
 *   row goes to the later months of its parameter, except 报告编号 and the dates, which belong
 *   to one month's test.
 * The toolbar's words come from the template (translated); the script only fills numbers in.
 */
(function () {
  "use strict";

  var GRIDS =
    "table.report-grid.is-editable, table.test-table.is-editable, form table.value-table, " +
    "form table.daily-table, form table.heat-table";
  var TAB_KEY = "tanhe:grid-tab-selects";
  var NOT_COPIED = ["t-report_number", "t-sampled_on", "t-reported_on"]; // one month's test
  var tools = document.querySelector("[data-grid-tools]");
  var grids = document.querySelectorAll(GRIDS);
  if (!grids.length) return;
  var current = null; // the last cell typed in or moved to

  function each(nodes, fn) {
    Array.prototype.forEach.call(nodes, fn);
  }
  function gridOf(node) {
    return node && node.closest ? node.closest(GRIDS) : null;
  }

  /* ------------------------------------------------------------------ cells */

  function bodyRows(table) {
    var rows = [];
    each(table.tBodies, function (tbody) {
      each(tbody.rows, function (tr) { rows.push(tr); });
    });
    return rows;
  }
  /* A row's cells by column: the <td>s, a colspan counting as that many columns. */
  function rowCells(tr) {
    var cells = [];
    each(tr.children, function (cell) {
      if (cell.tagName !== "TD") return;
      for (var i = 0; i < (cell.colSpan || 1); i++) cells.push(cell);
    });
    return cells;
  }
  function field(td) {
    if (!td || td.classList.contains("is-locked")) return null;
    var el = td.querySelector("input, textarea");
    if (!el || el.disabled || el.readOnly) return null;
    var type = (el.type || "text").toLowerCase();
    return ["hidden", "file", "checkbox", "radio", "submit", "button", "image", "reset"].indexOf(type) < 0
      ? el
      : null;
  }
  /* The cell's own text field has the focus (not its 数据获取方式 drop-down). */
  function inCell(el) {
    return !!gridOf(el) && !!el.closest("td") && field(el.closest("td")) === el;
  }
  function position(el) {
    var td = el.closest("td");
    var table = gridOf(td);
    if (!td || !table) return null;
    var rows = bodyRows(table);
    var r = rows.indexOf(td.parentElement);
    var c = rowCells(td.parentElement).indexOf(td);
    return r < 0 || c < 0 ? null : { table: table, rows: rows, r: r, c: c, td: td };
  }
  function cellAt(rows, r, c) {
    return r >= 0 && r < rows.length ? rowCells(rows[r])[c] || null : null;
  }

  /* ------------------------------------------------------------------ values */

  var FULL = { "．": ".", "，": ",", "－": "-", "＋": "+", "　": "" };
  /* "１２．５" → "12.5", " 1,234.5 " → "1234.5"; anything else is left for the server to judge. */
  function normaliseNumber(text) {
    var s = text.replace(/[０-９]/g, function (d) {
      return String.fromCharCode(d.charCodeAt(0) - 0xfee0);
    });
    s = s.replace(/[．，－＋　]/g, function (ch) { return FULL[ch]; });
    s = s.replace(/[\s\u00a0]/g, "");
    if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, "");
    return s;
  }
  /* Dates as spreadsheets copy them: 2023/2/1, 2023-2-1, 2023.2.1, 2023年2月1日. */
  function normaliseDate(text) {
    var m = text.trim().match(/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/);
    if (!m) return text.trim();
    var pad = function (n) { return (n.length < 2 ? "0" : "") + n; };
    return m[1] + "-" + pad(m[2]) + "-" + pad(m[3]);
  }
  function normalise(el, text) {
    if (el.type === "date") return normaliseDate(text);
    if (el.getAttribute("inputmode") === "decimal") return normaliseNumber(text);
    return text.trim();
  }
  function changed(el) {
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }
  /* Set a field; false when the field would not take the value (a date that is no date). */
  function put(el, value) {
    if (el.value === value) return true;
    el.value = value;
    if (el.value !== value) return false;
    changed(el);
    return true;
  }

  /* ------------------------------------------------------------------ status line */

  function say(kind, numbers) {
    if (!tools) return;
    var line = tools.querySelector("[data-grid-status]");
    var text = tools.getAttribute("data-say-" + kind);
    if (!line || !text) return;
    Object.keys(numbers).forEach(function (k) {
      text = text.split("{" + k + "}").join(String(numbers[k]));
    });
    line.textContent = text;
    line.hidden = false;
    line.classList.toggle("is-warning", kind.indexOf("cut") >= 0 || kind === "nothing");
  }

  /* ------------------------------------------------------------------ paste */

  function parseBlock(text) {
    var lines = text.replace(/\r\n?/g, "\n").split("\n");
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    return lines.map(function (line) { return line.split("\t"); });
  }

  function paste(event) {
    var el = event.target;
    if (!inCell(el) || !event.clipboardData) return;
    var text = event.clipboardData.getData("text/plain");
    if (!text) return;
    var block = parseBlock(text);
    var at = position(el);
    if (!at) return;
    if (block.length === 1 && block[0].length === 1) {
      // One value: typed in at the caret like any paste, normalised in number fields.
      if (el.getAttribute("inputmode") !== "decimal") return;
      event.preventDefault();
      el.setRangeText(normaliseNumber(block[0][0]), el.selectionStart, el.selectionEnd, "end");
      changed(el);
      return;
    }
    event.preventDefault();
    var count = { pasted: 0, skipped: 0, cut: 0, refused: 0 };
    block.forEach(function (values, i) {
      values.forEach(function (value, j) {
        var td = cellAt(at.rows, at.r + i, at.c + j);
        if (!td) {
          count.cut += 1;
          return;
        }
        var target = field(td);
        if (!target) {
          count.skipped += 1;
          return;
        }
        if (put(target, normalise(target, value))) count.pasted += 1;
        else count.refused += 1;
      });
    });
    count.skipped += count.refused;
    say(count.cut ? "pasted-cut" : count.skipped ? "pasted" : "pasted-all", count);
    current = el;
  }

  /* ------------------------------------------------------------------ keys */

  function move(el, dr, dc) {
    var at = position(el);
    if (!at) return false;
    var r = at.r + dr;
    var c = at.c + dc;
    while (r >= 0 && r < at.rows.length) {
      var cells = rowCells(at.rows[r]);
      while (c >= 0 && c < cells.length) {
        var target = field(cells[c]);
        if (target && cells[c] !== at.td) {
          go(target);
          return true;
        }
        if (!dc) break;
        c += dc;
      }
      if (dc) return false; // Left/Right stay in the row
      r += dr;
    }
    return false;
  }
  function go(target) {
    target.focus();
    if (typeof target.select === "function" && target.type !== "date") target.select();
    current = target;
  }
  function caretAt(el, end) {
    if (el.type === "date") return false; // its arrows step the date
    try {
      if (el.selectionStart !== el.selectionEnd) return false;
      return end ? el.selectionEnd === el.value.length : el.selectionStart === 0;
    } catch (e) {
      return true; // fields without a caret
    }
  }

  function keydown(event) {
    var el = event.target;
    if (!inCell(el) || event.altKey || event.isComposing) return;
    var moved = false;
    switch (event.key) {
      case "ArrowUp":
      case "ArrowDown":
        if (el.type === "date" || event.ctrlKey || event.metaKey || event.shiftKey) return;
        moved = move(el, event.key === "ArrowUp" ? -1 : 1, 0);
        if (moved) event.preventDefault();
        return;
      case "ArrowLeft":
      case "ArrowRight":
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        if (!caretAt(el, event.key === "ArrowRight")) return;
        moved = move(el, 0, event.key === "ArrowLeft" ? -1 : 1);
        if (moved) event.preventDefault();
        return;
      case "Enter":
        if (event.ctrlKey || event.metaKey) return; // Ctrl+Enter saves the table
        event.preventDefault(); // never submit the whole table from a cell
        move(el, event.shiftKey ? -1 : 1, 0);
        return;
      default:
    }
  }

  /* ------------------------------------------------------------------ Tab and drop-downs */

  function tabThroughSelects(on) {
    each(grids, function (table) {
      each(table.querySelectorAll("tbody select"), function (select) {
        if (on) select.removeAttribute("tabindex");
        else select.setAttribute("tabindex", "-1");
      });
    });
  }
  function setUpTabToggle() {
    var box = tools && tools.querySelector("[data-grid-tab-selects]");
    var on = false;
    try {
      on = window.localStorage.getItem(TAB_KEY) === "1";
    } catch (e) {
      on = false;
    }
    if (box) {
      box.checked = on;
      box.addEventListener("change", function () {
        tabThroughSelects(box.checked);
        try {
          window.localStorage.setItem(TAB_KEY, box.checked ? "1" : "0");
        } catch (e) {
          /* a preference only */
        }
      });
    }
    tabThroughSelects(on);
  }

  /* ------------------------------------------------------------------ scrolling */

  /* Open each grid at its first month that takes typing, beside the sticky row labels; a
     refused table is left where reports.js put its first bad cell. */
  function scrollToFirstEditable(table) {
    var box = table.closest(".table-scroll");
    if (!box || box.querySelector(".has-error") || !table.classList.contains("report-grid")) return;
    var label = table.querySelector("thead .param-col");
    var first = null;
    bodyRows(table).forEach(function (tr) {
      rowCells(tr).forEach(function (td, c) {
        if (field(td) && (first === null || c < first)) first = c;
      });
    });
    var head = first === null ? null : table.querySelectorAll("thead th.month-col")[first];
    if (!head) return;
    box.scrollLeft = Math.max(0, head.offsetLeft - (label ? label.offsetWidth : 0));
  }
  /* Cells reached by keys scroll clear of the sticky labels and header. */
  function keepClearOfStickies(table) {
    var box = table.closest(".table-scroll");
    if (!box) return;
    var label = table.querySelector("thead .param-col, thead th:first-child");
    var head = table.tHead;
    if (table.classList.contains("test-table")) {
      var param = table.querySelector("tbody .param-cell");
      var month = table.querySelector("tbody .month-cell");
      var left = param ? param.offsetWidth : 0;
      table.style.setProperty("--month-left", left + "px");
      box.style.scrollPaddingLeft = left + (month ? month.offsetWidth : 0) + "px";
    } else if (label && table.classList.contains("report-grid")) {
      box.style.scrollPaddingLeft = label.offsetWidth + "px";
    }
    if (head) box.style.scrollPaddingTop = head.offsetHeight + "px";
  }

  /* ------------------------------------------------------------------ copy to later months */

  function copyReportRow(el) {
    var at = position(el);
    var mode = at.td.querySelector("select");
    var count = 0;
    rowCells(at.td.parentElement).forEach(function (td, c) {
      var target = field(td);
      if (c <= at.c || !target || td.classList.contains("annual-col")) return;
      put(target, el.value);
      var otherMode = td.querySelector("select");
      if (mode && otherMode && otherMode.value !== mode.value) {
        otherMode.value = mode.value;
        changed(otherMode);
      }
      count += 1;
    });
    return count;
  }
  function copyTestRow(el) {
    var at = position(el);
    var count = 0;
    for (var r = at.r + 1; r < at.rows.length; r++) {
      var tr = at.rows[r];
      if (tr.classList.contains("param-first")) break; // the next parameter
      var cells = rowCells(tr);
      rowCells(at.rows[at.r]).forEach(function (from, c) {
        if (NOT_COPIED.some(function (k) { return from.classList.contains(k); })) return;
        var source = from.querySelector("input, select");
        var target = cells[c] && cells[c].querySelector("input, select");
        if (!source || !target || target.disabled || target.readOnly) return;
        if (target.value !== source.value) {
          target.value = source.value;
          changed(target);
        }
      });
      count += 1;
    }
    return count;
  }
  function setUpCopy() {
    var button = tools && tools.querySelector("[data-grid-copy]");
    if (!button) return;
    var where = tools.querySelector("[data-grid-current]");
    document.addEventListener("focusin", function (event) {
      var el = event.target;
      if (!gridOf(el) || !el.closest("td")) return;
      if (el.tagName === "SELECT") el = el.closest("td").querySelector("input") || el;
      if (!field(el.closest("td")) && el.tagName !== "SELECT") return;
      current = el;
      if (where) where.textContent = el.getAttribute("aria-label") || "";
      button.disabled = false;
    });
    button.disabled = true;
    button.addEventListener("click", function () {
      if (!current || !document.body.contains(current)) return;
      var table = gridOf(current);
      var count = table.classList.contains("test-table") ? copyTestRow(current) : copyReportRow(current);
      say(count ? "copied" : "nothing", { n: count });
      current.focus({ preventScroll: true });
    });
  }

  /* ------------------------------------------------------------------ start */

  document.addEventListener("paste", paste, true);
  document.addEventListener("keydown", keydown);
  each(grids, function (table) {
    keepClearOfStickies(table);
    scrollToFirstEditable(table);
  });
  setUpTabToggle();
  setUpCopy();
  if (tools) tools.hidden = false;
})();
