// The pages' side of the JSON contract (API.md): every POST carries X-CSRF-Token and a JSON body, and every
// action response updates the header and drops its badges down at once.
import { updateHeader } from "./header.js";
import { showBadges } from "./slidedown.js";

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function call(path, options) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error || response.statusText);
  return body;
}

export const getJSON = (path) => call(path, { headers: { Accept: "application/json" } });

export function postJSON(path, body = {}) {
  return call(path, {
    method: "POST",
    keepalive: true, // a log sent as the page closes still arrives
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf() },
    body: JSON.stringify(body),
  });
}

/** Apply an action's `action_results`: the header's points and badge counts, then the slide-down. */
export function applyActionResults(results) {
  if (!results) return;
  updateHeader(results.user_info);
  showBadges(results.badges_earned || []);
}
