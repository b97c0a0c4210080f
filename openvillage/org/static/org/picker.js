// The people picker: as a name is typed, offer the matches (name with masked ID) in the
// field's list. Without this script the field still takes a name; namesakes are then listed
// by the form's refusal.
(function () {
  "use strict";
  function attach(input) {
    if (input.dataset.pickReady) { return; }
    input.dataset.pickReady = "1";
    var list = document.getElementById(input.getAttribute("list"));
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q || !list) { return; }
      timer = setTimeout(function () {
        fetch(input.dataset.pick + "&format=json&q=" + encodeURIComponent(q), {
          credentials: "same-origin",
          headers: { "Accept": "application/json" }
        }).then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.textContent = "";
            data.results.forEach(function (row) {
              var option = document.createElement("option");
              option.value = row.label;
              option.textContent = row.village;
              list.appendChild(option);
            });
          });
      }, 200);
    });
  }
  document.querySelectorAll("input[data-pick]").forEach(attach);
})();
