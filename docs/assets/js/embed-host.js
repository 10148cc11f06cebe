// Optional, for a page that embeds the escalation calculator (embed/<board>/ of the guide):
// each calculator frame takes the height of its content, so it never scrolls inside the page.
// Without this script the frames keep the height they are given. Only a message from a
// calculator frame's own window, from the origin of that frame's address, resizes it.
addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "escalation-embed-height" || !event.source) return;
  const height = Math.ceil(Number(data.height));
  if (!(height > 0 && height < 100000)) return;
  for (const frame of document.getElementsByTagName("iframe")) {
    const src = new URL(frame.src, location.href);
    if (frame.contentWindow === event.source && src.origin === event.origin
        && src.pathname.includes("/embed/")) {
      frame.height = String(height);
      frame.style.height = `${height}px`;
    }
  }
});
