// What every page does: the review banners, wide tables a keyboard can scroll, and keeping the
// site for use offline.

import { lastDayOf } from "./dates.js";
import { SITE_ROOT } from "./runtime.js";

export function showReviewBanners(today) {
  for (const banner of document.querySelectorAll(".review-banner[data-review-due]")) {
    if (today > lastDayOf(banner.dataset.reviewDue)) banner.hidden = false;
  }
}

/** The name of the table in a wrapper: the heading just before it (less its permalink). */
function tableName(wrap) {
  let node = wrap.previousElementSibling;
  while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
  return node ? node.textContent.replace(/\u00b6/g, "").trim() : "Table";
}

/**
 * A table wider than the page scrolls sideways in the theme's wrapper, and a keyboard user can
 * scroll it only if the wrapper takes focus (WCAG 2.1.1). So a wrapper gets a tab stop and a
 * name while it scrolls, and loses them when the window is wide enough again.
 */
export function letWideTablesScroll() {
  const update = (wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", tableName(wrap));
    } else {
      for (const name of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(name);
    }
  };
  const observer = new ResizeObserver((entries) => entries.forEach((entry) =>
    update(entry.target.closest(".md-typeset__scrollwrap"))));
  // The table too: its width can change while the wrapper's stays (say, when a font loads).
  for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
    observer.observe(wrap);
    if (wrap.firstElementChild) observer.observe(wrap.firstElementChild);
  }
}

/**
 * Keep the whole site for use offline (sw.js, written by each build), once this page has done
 * its own work: it must never compete with the page or its calculator for the network.
 */
export function keepForOffline(after) {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  after.then(() => navigator.serviceWorker.register(new URL("sw.js", SITE_ROOT), { scope: SITE_ROOT.href }))
    .catch(() => {}); // a browser that refuses (say, in a third-party frame) loses nothing else
}
