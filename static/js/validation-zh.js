// Browser form validation in Chinese: the browser's own bubbles speak the browser's
// language (often English); these messages replace them, whatever the browser.
(function () {
  "use strict";
  function message(el) {
    var v = el.validity;
    if (v.valueMissing) {
      if (el.type === "checkbox") return "请勾选此项。";
      if (el.type === "file") return "请选择文件。";
      if (el.tagName === "SELECT" || el.type === "radio") return "请选择一项。";
      return "请填写此字段。";
    }
    if (v.typeMismatch) {
      if (el.type === "email") return "请输入有效的电子邮件地址。";
      if (el.type === "url") return "请输入有效的网址。";
      return "格式不正确。";
    }
    if (v.badInput) return el.type === "date" ? "请输入有效的日期。" : "请输入有效的数字。";
    if (v.patternMismatch) return el.title ? "格式不正确:" + el.title : "格式不正确。";
    if (v.tooShort) return "至少输入" + el.minLength + "个字符(当前" + el.value.length + "个)。";
    if (v.tooLong) return "最多输入" + el.maxLength + "个字符。";
    if (v.rangeUnderflow) return "不能小于" + el.min + "。";
    if (v.rangeOverflow) return "不能大于" + el.max + "。";
    if (v.stepMismatch) return "请输入有效的值。";
    return "";
  }
  document.addEventListener("invalid", function (event) {
    var el = event.target;
    if (!el.setCustomValidity) return;
    el.setCustomValidity("");
    if (!el.validity.valid) el.setCustomValidity(message(el));
  }, true);
  function reset(event) {
    if (event.target.setCustomValidity) event.target.setCustomValidity("");
  }
  document.addEventListener("input", reset, true);
  document.addEventListener("change", reset, true);
})();
