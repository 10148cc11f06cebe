// Inlined by the build right after each calculator's place (scripts/sitegen/data.py), so that
// Python starts loading once the page has painted and its scripts have set it up, not after
// every stylesheet and image has loaded (issue 14). It only creates the worker, at the address
// the place carries
// (data-worker: the build, Pyodide's version and the board are in it, so the worker can start on
// its own); escalation/runtime.js adopts it with every message it has sent meanwhile.
(function () {
  var mount = document.currentScript && document.currentScript.previousElementSibling;
  if (!mount || !mount.dataset.worker || typeof Worker !== "function") return;
  var early = { worker: null, messages: [], errors: [], cancelled: false };
  window.escalationEarlyWorker = early;
  var started = false;
  function start() {
    if (started || early.cancelled) return;
    started = true;
    try {
      var address = new URL(mount.dataset.worker, document.baseURI).href;
      // The address again as the worker's name: a service worker may answer from its cache with
      // the file's address less its query, and the name always arrives as given.
      early.worker = new Worker(address, { type: "module", name: address });
      early.worker.addEventListener("message", function (event) { early.messages.push(event.data); });
      early.worker.addEventListener("error", function (event) { early.errors.push(event); });
    } catch (error) {
      early.errors.push(error);
    }
  }
  // Reading comes first: a frame's callbacks run before it is painted, so the one after the
  // next frame's is after the first paint. Then the page's own set-up: the theme's script does
  // its work in one task when the document is parsed (DOMContentLoaded); Pyodide starting at the
  // same time, on a phone or a two-core laptop, doubles that task (86-115 ms instead of 50-55,
  // benchmarks/README.md), and the page answers taps late. So the worker starts in the task
  // after it, and at the latest 2 s after the first paint, whatever the page's scripts do.
  function afterSetUp() {
    setTimeout(start, 2000);
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { setTimeout(start, 0); }, { once: true });
    } else {
      setTimeout(start, 0);
    }
  }
  requestAnimationFrame(function () { requestAnimationFrame(afterSetUp); });
})();
