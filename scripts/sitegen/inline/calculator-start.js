// Inlined by the build right after each calculator's place (scripts/sitegen/data.py), so that
// Python starts loading once the page has painted, not after every script, stylesheet and image
// has loaded (issue 14). It only creates the worker, at the address the place carries
// (data-worker: the build, Pyodide's version and the board are in it, so the worker can start on
// its own); escalation/runtime.js adopts it with every message it has sent meanwhile.
(function () {
  var mount = document.currentScript && document.currentScript.previousElementSibling;
  if (!mount || !mount.dataset.worker || typeof Worker !== "function") return;
  var early = { worker: null, messages: [], errors: [], cancelled: false };
  window.escalationEarlyWorker = early;
  function start() {
    if (early.cancelled) return;
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
  // next frame's is after the first paint.
  requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(start, 0); }); });
})();
