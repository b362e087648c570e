// Polls the import job's status and moves the progress bar; reloads the page when the job ends.
(function () {
  "use strict";
  var box = document.getElementById("import-job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-progress-text");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.status !== "checking" && job.status !== "importing") {
          window.location.reload();
          return;
        }
        bar.max = job.total || 1;
        bar.value = job.progress;
        text.textContent = job.progress + " / " + job.total + " · " + job.label;
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
