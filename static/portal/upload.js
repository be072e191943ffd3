// Drag-and-drop uploads over tus 1.0 (our own small client; no CDN). Each file goes in chunks; a dropped
// connection is retried from the offset the server reports, and the upload's URL is kept in localStorage so
// that even a closed tab resumes where it stopped when the same file is chosen again.
(function () {
  "use strict";
  const zone = document.getElementById("dropzone");
  if (!zone) return;
  const endpoint = zone.dataset.url;
  const chunkSize = parseInt(zone.dataset.chunk, 10) || 16 * 1024 * 1024;
  const list = document.getElementById("upload-list");
  const input = document.getElementById("tus-input");
  const HASH_LIMIT = 256 * 1024 * 1024; // bigger files are checked by the server's SHA-256 alone
  let active = 0;

  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function b64(text) { return btoa(unescape(encodeURIComponent(text))); }
  function storageKey(file) { return "tus:" + endpoint + ":" + file.name + ":" + file.size + ":" + file.lastModified; }
  function human(n) {
    const units = ["B", "KB", "MB", "GB", "TB"]; let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return n.toFixed(i ? 1 : 0) + " " + units[i];
  }
  async function sha256Hex(file) {
    if (!window.crypto || !crypto.subtle || file.size > HASH_LIMIT) return "";
    const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
    return Array.from(new Uint8Array(digest)).map((b) => b.toString(16).padStart(2, "0")).join("");
  }
  function request(method, url, headers, body, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("Tus-Resumable", "1.0.0");
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      Object.entries(headers || {}).forEach(([k, v]) => xhr.setRequestHeader(k, v));
      if (onProgress && xhr.upload) xhr.upload.onprogress = (e) => onProgress(e.loaded);
      xhr.onload = () => resolve(xhr);
      xhr.onerror = () => reject(new Error("network"));
      xhr.onabort = () => reject(new Error("network"));
      xhr.send(body || null);
    });
  }
  // The server said no (a 4xx with its reason): shown as it is, never retried. Only a lost connection is.
  class Refused extends Error {}
  function errorText(xhr) {
    try { const body = JSON.parse(xhr.responseText); return body.message || xhr.statusText; }
    catch (e) { return xhr.status + " " + xhr.statusText; }
  }

  class Upload {
    constructor(file) {
      this.file = file;
      this.offset = 0;
      this.location = null;
      this.retries = 0;
      this.timer = null;
      this.busy = false;
      this.li = document.createElement("li");
      this.li.className = "upload";
      this.li.dataset.name = file.name;
      this.li.innerHTML = '<span class="name"></span> <progress max="100" value="0"></progress> ' +
        '<span class="state"></span> <button type="button" class="link resume" hidden>Resume</button>';
      this.li.querySelector(".name").textContent = file.name + " (" + human(file.size) + ")";
      this.bar = this.li.querySelector("progress");
      this.state = this.li.querySelector(".state");
      this.resumeButton = this.li.querySelector(".resume");
      this.resumeButton.addEventListener("click", () => { clearTimeout(this.timer); this.resume(); });
      list.appendChild(this.li);
    }
    say(text, cls) {
      this.state.textContent = text;
      this.li.classList.remove("interrupted", "done", "failed", "sending");
      if (cls) this.li.classList.add(cls);
    }
    show(done) { this.bar.value = this.file.size ? (100 * done) / this.file.size : 100; }

    async start() {
      active++;
      this.location = localStorage.getItem(storageKey(this.file));
      try {
        if (this.location && !(await this.askOffset())) this.location = null;
        if (!this.location) await this.create();
        await this.send();
      } catch (e) {
        if (!(e instanceof Refused)) this.interrupted();
      }
    }
    async askOffset() {
      const r = await request("HEAD", this.location);
      if (r.status !== 200 || r.getResponseHeader("Upload-Status") !== "receiving") return false;
      this.offset = parseInt(r.getResponseHeader("Upload-Offset"), 10) || 0;
      this.show(this.offset);
      return true;
    }
    async create() {
      this.say("checking…");
      const meta = ["filename " + b64(this.file.name)];
      const hex = await sha256Hex(this.file);
      if (hex) meta.push("sha256 " + b64(hex));
      const r = await request("POST", endpoint, { "Upload-Length": String(this.file.size), "Upload-Metadata": meta.join(",") });
      if (r.status !== 201) { this.fail(errorText(r)); throw new Refused(errorText(r)); }
      this.location = r.getResponseHeader("Location");
      this.offset = 0;
      localStorage.setItem(storageKey(this.file), this.location);
    }
    async send() {
      while (this.offset < this.file.size) {
        this.say("uploading " + Math.floor((100 * this.offset) / this.file.size) + "%", "sending");
        const blob = this.file.slice(this.offset, this.offset + chunkSize);
        const start = this.offset;
        const r = await request("PATCH", this.location,
          { "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(start) },
          blob, (loaded) => this.show(start + loaded));
        if (r.status === 204) {
          this.offset = parseInt(r.getResponseHeader("Upload-Offset"), 10);
          this.retries = 0;
          this.show(this.offset);
          if (r.getResponseHeader("Upload-File-Id")) { this.done(); return; } // joined in this request
        } else if (r.status === 409) {
          if (!(await this.askOffset())) { this.fail(errorText(r)); return; }
        } else {
          this.fail(errorText(r));
          return;
        }
      }
      await this.finish();
    }
    async finish() {
      this.say("checking the whole file…");
      for (;;) {
        const r = await request("GET", this.location, { Accept: "application/json" });
        const body = JSON.parse(r.responseText);
        if (body.status === "done") { this.done(); return; }
        if (body.status === "failed" || body.status === "cancelled") {
          localStorage.removeItem(storageKey(this.file));
          this.fail(body.failure || body.status);
          return;
        }
        await new Promise((ok) => setTimeout(ok, 1000));
      }
    }
    interrupted() {
      // Keep trying on our own (with growing pauses); the button resumes at once.
      this.retries++;
      const wait = Math.min(30, 2 ** Math.min(this.retries, 5));
      this.say("connection lost at " + Math.floor(this.bar.value) + "%; retrying in " + wait + " s", "interrupted");
      this.resumeButton.hidden = false;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.resume(), wait * 1000);
    }
    async resume() {
      if (this.busy) return; // the timer and the button must not start two senders
      this.busy = true;
      this.resumeButton.hidden = true;
      try {
        if (!this.location || !(await this.askOffset())) await this.create();
        await this.send();
      } catch (e) {
        if (!(e instanceof Refused)) this.interrupted();
      } finally {
        this.busy = false;
      }
    }
    done() {
      localStorage.removeItem(storageKey(this.file));
      this.say("uploaded ✓", "done");
      this.settled();
    }
    fail(message) {
      localStorage.removeItem(storageKey(this.file));
      clearTimeout(this.timer);
      this.resumeButton.hidden = true;
      this.say("failed: " + message, "failed");
      this.settled();
    }
    settled() {
      if (this.over) return; // once per upload, or the count of active uploads goes wrong
      this.over = true;
      active--;
      // Show the file list as the server has it once every upload has settled.
      if (active === 0 && !list.querySelector("li.failed")) setTimeout(() => window.location.reload(), 600);
    }
  }

  function take(files) { Array.from(files).forEach((f) => new Upload(f).start()); }
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); take(e.dataTransfer.files); });
  if (input) input.addEventListener("change", () => { take(input.files); input.value = ""; });
})();
