// Building the DOM (textContent only: nothing is ever parsed as HTML), and the small pieces
// every part of the answer uses: a source, a summary row, copying to the clipboard.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

export function hiddenText(text) {
  return el("span", { class: "govuk-visually-hidden", text });
}

export function source(text) {
  return el("span", { class: "calc-source", text: `Source: ${text}` });
}

export function summaryRow(key, ...value) {
  return el("div", { class: "calc-summary__row" }, el("dt", { text: key }), el("dd", {}, ...value));
}

/** Copy text to the clipboard; where that is not allowed, show it selected to copy by hand. */
export async function copyText(text, statusNode, fallbackHolder, what) {
  try {
    await navigator.clipboard.writeText(text);
    statusNode.textContent = `${what} copied. Paste it where you need it.`;
    fallbackHolder.replaceChildren();
  } catch {
    const box = el("textarea", { class: "govuk-textarea calc-copy-fallback", readonly: true, rows: "8",
      "aria-label": `${what}, to copy`, autocomplete: "off" });
    box.value = text;
    fallbackHolder.replaceChildren(box);
    box.focus();
    box.select();
    statusNode.textContent = `${what} could not be copied for you: it is selected below; copy it with Ctrl+C (or Cmd+C).`;
  }
}
