// The badge slide-down: a box that drops from the top showing every badge of one action together.
// Batches are queued, so several actions in a row never drop a notification; each batch stays ~8 s or until
// clicked. Pending notifications embedded in the page (#pending-badges) slide down on load.
const SHOW_MS = 8000;
const SLIDE_MS = 450;
const queue = [];
let showing = false;
let timer = null;

const box = () => document.getElementById("badge-slidedown");

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function badgeRow(badge) {
  const row = el("a", "slidedown-badge");
  row.href = `/badges/${encodeURIComponent(badge.name)}`;
  row.dataset.badgeName = badge.name;
  const icon = el("img");
  icon.src = badge.icon || `/static/icons/category-${badge.badge_category ?? 0}.svg`;
  icon.alt = "";
  const text = el("div");
  const where = badge.target_context_name;  // a monthly badge's shown name already carries its month
  const context = where && !badge.description.includes(where) ? ` — ${where}` : "";
  text.append(el("div", "name", `${badge.description}${context}`));
  const about = badge.safe_extended_description || "";
  const past = badge.backfilled ? " (for past work)" : "";
  if (about || past) text.append(el("div", "desc", `${about}${past}`));
  row.append(icon, text);
  if (badge.points) row.append(el("span", "points", `+${badge.points.toLocaleString("en-US")}`));
  return row;
}

function render(batch) {
  const node = box();
  node.replaceChildren();
  const close = el("button", "close", "×");
  close.type = "button";
  close.setAttribute("aria-label", "Close");
  close.addEventListener("click", (event) => { event.preventDefault(); hide(); });
  const title = batch.length === 1 ? "You earned a badge!" : `You earned ${batch.length} badges!`;
  node.append(close, el("div", "title", title), ...batch.map(badgeRow));
  node.onclick = (event) => { if (!event.target.closest("a")) hide(); };  // a badge itself links to its page
}

/** Tell the server these badges were shown: until then they wait as pending notifications and show again on
 * the next page, so a badge whose response arrived as the student left is never silently dropped. */
function acknowledge(batch) {
  const keys = batch.map((badge) => badge.key).filter(Boolean);
  if (!keys.length) return;
  const token = document.querySelector('meta[name="csrf-token"]')?.content || "";
  fetch("/api/v1/user/notifications/ack", {
    method: "POST", keepalive: true, credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
    body: JSON.stringify({ keys }),
  }).catch(() => { /* not acknowledged: it shows again on the next page */ });
}

function next() {
  const node = box();
  if (showing || !queue.length || !node) return;
  showing = true;
  const batch = queue.shift();
  render(batch);
  acknowledge(batch);
  requestAnimationFrame(() => node.classList.add("open"));
  timer = setTimeout(hide, SHOW_MS);
}

function hide() {
  const node = box();
  if (!showing || !node) return;
  clearTimeout(timer);
  node.classList.remove("open");
  setTimeout(() => { showing = false; next(); }, SLIDE_MS);
}

/** Queue one action's badges (a list in the `badges_earned` shape); an empty list shows nothing. */
export function showBadges(badges) {
  if (!Array.isArray(badges) || !badges.length) return;
  queue.push(badges);
  next();
}

function showPending() {
  const data = document.getElementById("pending-badges");
  try { showBadges(JSON.parse(data?.textContent || "[]")); } catch { /* a broken embed shows nothing */ }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showPending);
else showPending();
