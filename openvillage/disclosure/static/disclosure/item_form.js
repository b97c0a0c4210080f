/* The disclosure form: show the fields of the chosen matter only (no finance statement on a
   service guide), and name the chosen file next to the styled file button. */
(function () {
  var form = document.getElementById("item-form");
  if (!form) return;
  var data = document.getElementById("matter-modules");  /* absent on the import page */
  var modules = data ? JSON.parse(data.textContent || "{}") : {};
  var matter = document.getElementById("id_matter");
  function show() {
    var wanted = modules[matter && matter.value] || [];
    form.querySelectorAll("fieldset[data-module]").forEach(function (set) {
      set.hidden = wanted.indexOf(set.getAttribute("data-module")) < 0;
    });
  }
  if (matter) { matter.addEventListener("change", show); show(); }
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    function named() {
      var name = form.querySelector('.file-name[data-for="' + input.id + '"]');
      if (name && input.files.length) name.textContent = input.files[0].name;
    }
    input.addEventListener("change", named);
    named();  /* a file chosen before this script ran (a quick hand, or the back button) */
  });
})();
