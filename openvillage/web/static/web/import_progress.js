// Poll an import's progress every two seconds and update its bars; reload the page once it ends
// (the page then shows the counts or the wrong rows). Without JavaScript a meta refresh does it.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "1") return;
  function show(data) {
    box.querySelectorAll("[data-field]").forEach(function (el) {
      el.textContent = data[el.dataset.field];
    });
    [["import-checked", data.rows_checked], ["import-written", data.rows_written]].forEach(
      function (pair) {
        var bar = document.getElementById(pair[0]);
        bar.max = data.total || 1;
        bar.value = pair[1];
      }
    );
  }
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        show(data);
        if (data.finished) window.location.reload();
        else window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
