// Polls the submission's state while a run is queued or running, and reloads once it settles.
(function () {
  const panel = document.getElementById("run-panel");
  if (!panel) return;
  const url = panel.dataset.statusUrl;
  const active = new Set(["queued", "running"]);
  const runStatus = document.getElementById("run-status");
  if (!runStatus || !active.has(runStatus.dataset.status)) return;
  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const data = await response.json();
        if (data.run) {
          runStatus.textContent = data.run.status;
          runStatus.dataset.status = data.run.status;
          const bar = document.getElementById("run-progress");
          if (bar) bar.value = data.run.progress;
          const note = document.getElementById("run-note");
          if (note) note.textContent = data.run.note;
          if (!active.has(data.run.status)) { window.location.reload(); return; }
        }
      }
    } catch (e) { /* a dropped request is retried on the next tick */ }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 1000);
})();
