/**
 * In an embed page (embed/<board>/) inside a frame: tell the host page the content's height on
 * load and whenever it changes, so that its optional script (assets/js/embed-host.js) can size
 * the frame with no scroll inside it. Only the height is sent, never anything typed.
 */
const EMBED_HEIGHT_MESSAGE = "escalation-embed-height";

export function postHeightToHost() {
  const main = document.querySelector(".calc-embed__main");
  if (!main || window.parent === window) return;
  let sent = 0;
  const post = () => {
    const height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY);
    if (height === sent) return;
    sent = height;
    window.parent.postMessage({ type: EMBED_HEIGHT_MESSAGE, height }, "*");
  };
  new ResizeObserver(post).observe(main);
  window.addEventListener("load", post, { once: true });
}
