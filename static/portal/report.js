// Clicking a finding's file:line shows the lines around it in place (the link itself opens a page of its own).
(function () {
  "use strict";
  document.querySelectorAll("a.context-link").forEach(function (link) {
    link.addEventListener("click", async function (event) {
      if (event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      const slot = link.closest("tr").querySelector(".context-slot");
      if (slot.dataset.loaded) { slot.hidden = !slot.hidden; return; }
      try {
        const response = await fetch(link.dataset.fragment, { credentials: "same-origin" });
        slot.innerHTML = response.ok ? await response.text() : "<p>Could not read the file (" + response.status + ").</p>";
        slot.dataset.loaded = "1";
        slot.hidden = false;
      } catch (e) {
        window.location.href = link.href;
      }
    });
  });
})();
