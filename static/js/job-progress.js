// Polls a job's status.json and moves its progress bar; no framework, served locally.
(function () {
  document.querySelectorAll("[data-job-status-url]").forEach(function (box) {
    var url = box.getAttribute("data-job-status-url");
    var bar = box.querySelector(".progress-bar");
    var text = box.querySelector("[data-job-message]");
    function tick() {
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          bar.style.width = job.percent + "%";
          bar.textContent = job.percent + "%";
          bar.setAttribute("aria-valuenow", job.percent);
          text.textContent = job.status_display + (job.message ? ":" + job.message : "") +
            (job.total ? "(" + job.done + " / " + job.total + ")" : "");
          if (job.finished) {
            if (job.status === "failed") {
              bar.classList.add("bg-danger");
              text.textContent = "失败:" + job.error;
            } else if (job.result_url) {
              window.location.href = job.result_url;
            }
            return;
          }
          setTimeout(tick, 1000);
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  });
})();
