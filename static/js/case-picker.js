// Case form pickers: a new community re-runs the client search; each item heading counts
// its ticked sub-items. Everything also works without this file (plain GET and checkboxes).
(function () {
  "use strict";
  document.querySelectorAll("[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var q = select.form.querySelector("input[name=q]");
      if (q) q.value = "";
      select.form.submit();
    });
  });
  document.querySelectorAll(".sub-item-groups details").forEach(function (group) {
    var badge = group.querySelector("[data-count]");
    group.addEventListener("change", function () {
      var n = group.querySelectorAll("input[type=checkbox]:checked").length;
      if (badge) badge.textContent = n ? "已选 " + n : "";
    });
  });
  // Picking a client whose consent is missing opens the inline consent fields.
  var client = document.querySelector("#case-form select[name=client]");
  var consent = document.querySelector(".consent-inline");
  if (client && consent) {
    client.addEventListener("change", function () {
      var option = client.options[client.selectedIndex];
      if (option && option.text.indexOf("未记录知情同意") !== -1) consent.open = true;
    });
  }
})();
