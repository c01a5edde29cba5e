// The admin page's dry run: start one from the form, then follow it (progress bar, counts, contexts) until it is
// done, and point the "Make it a badge" form at it. Without this script the forms still work by plain POST.
import { getJSON, postJSON } from "./api.js";

const POLL_MS = 1000;
const $ = (id) => document.getElementById(id);
const examples = JSON.parse($("dryrun-examples")?.textContent || "{}");

function candidate() {
  const family = $("dryrun-family").value;
  if (family === "custom") {
    const emails = $("dryrun-emails").value.split(/[\s,;]+/).filter(Boolean);
    return { family, params: { emails } };
  }
  return { family, params: JSON.parse($("dryrun-params").value || "{}") };
}

function percent(run) {
  if (run.state === "done") return 100;
  if (!run.users_estimate) return 0;
  return Math.min(100, Math.round((100 * run.users_seen) / run.users_estimate));
}

function showContexts(perContext) {
  const rows = Object.entries(perContext || {}).map(([name, count]) => {
    const row = document.createElement("tr");
    const context = document.createElement("td");
    const students = document.createElement("td");
    context.textContent = name;
    students.textContent = String(count);
    students.className = "num";
    row.append(context, students);
    return row;
  });
  $("dryrun-contexts").replaceChildren(...rows);
}

function show(run) {
  const pct = percent(run);
  const progress = $("dryrun-progress");
  progress.value = pct;
  progress.setAttribute("aria-label", `dry run progress: ${pct}%`);
  $("dryrun-status").textContent =
    `Dry run ${run.run_id} (${run.description}): ${run.state}${run.reason ? `: ${run.reason}` : ""}`;
  $("dryrun-seen").textContent = String(run.users_seen);
  $("dryrun-would-earn").textContent = String(run.would_earn);
  $("dryrun-awards").textContent = String(run.awards);
  $("dryrun-failed").textContent = String(run.users_failed);
  showContexts(run.per_context);
}

async function follow(runId) {
  const result = $("dryrun-result");
  result.hidden = false;
  result.dataset.runId = runId;
  $("dryrun-badge-form").action = `/admin/badges/dryrun/${encodeURIComponent(runId)}/badge`;
  for (;;) {
    const run = await getJSON(`/admin/badges/dryrun/${encodeURIComponent(runId)}`);
    if (result.dataset.runId !== runId) return; // another dry run started meanwhile
    show(run);
    if (run.state !== "running") return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function start(event) {
  event.preventDefault();
  try {
    const { run_id: runId } = await postJSON("/admin/badges/dryrun", candidate());
    await follow(runId);
  } catch (error) {
    $("dryrun-result").hidden = false;
    $("dryrun-status").textContent = `Dry run refused: ${error.message}`;
  }
}

const form = $("dryrun-form");
if (form) {
  form.addEventListener("submit", start);
  $("dryrun-family").addEventListener("change", () => {
    const example = examples[$("dryrun-family").value];
    if (example) $("dryrun-params").value = JSON.stringify(example);
  });
  const runId = $("dryrun-result").dataset.runId;
  if (runId) follow(runId).catch((error) => { $("dryrun-status").textContent = error.message; });
}
