// Behaviour that used to sit in inline attributes (refused by the Content-Security-Policy).
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  // File inputs in Chinese: the browser's own button and "no file" text speak the browser's
  // language; a labelled button and the chosen file's name replace them (the input stays in
  // the form, visually hidden, so submitting, validation and keyboard focus are unchanged).
  document.querySelectorAll('input[type="file"]').forEach(function (input, i) {
    if (!input.id) input.id = "file-input-" + i;
    var small = input.classList.contains("form-control-sm");
    var group = document.createElement("div");
    group.className = "input-group flex-nowrap" + (small ? " input-group-sm" : "");
    var button = document.createElement("label");
    button.className = "btn btn-outline-secondary text-nowrap";
    button.htmlFor = input.id;
    button.textContent = input.multiple ? "选择文件(可多选)" : "选择文件";
    var name = document.createElement("span");
    name.className = "form-control text-truncate text-muted";
    name.textContent = "未选择文件";
    input.parentNode.insertBefore(group, input);
    group.appendChild(button);
    group.appendChild(name);
    group.appendChild(input);
    input.classList.add("visually-hidden");
    input.addEventListener("change", function () {
      var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
      name.textContent = names.length ? names.join("、") : "未选择文件";
      name.classList.toggle("text-muted", !names.length);
    });
  });
})();
