// The exercise page: serve problem total_done + 1, check answers (Enter submits), hints, the streak bar and
// points. A wrong answer may be retried; once the problem is done, Enter (or "Next problem") serves the next one.
import { ApiError, applyActionResults, getJSON, postJSON } from "./api.js";

const root = document.getElementById("exercise");
const exercise = root.dataset.exercise;
const required = Number(root.dataset.requiredStreak) || 10;
const base = `/api/v1/user/exercises/${encodeURIComponent(exercise)}`;
const $ = (id) => document.getElementById(id);
const form = $("answer-form"), input = $("answer"), feedback = $("feedback");

let number = null;     // the problem on screen
let token = null;      // its serve token: the attempt and the hint send it back
let completed = false; // answered right: Enter now means "next problem"
let busy = false;

function say(text, kind = "") {
  feedback.textContent = text;
  feedback.className = `feedback ${kind}`;
}

function buildStreakBar() {
  const bar = $("streak-bar");
  bar.replaceChildren(...Array.from({ length: required }, () => document.createElement("span")));
}

function showStats(ue) {
  $("streak-count").textContent = ue.streak;
  $("total-done").textContent = ue.total_done;
  $("total-correct").textContent = ue.total_correct;
  const bar = $("streak-bar");
  bar.dataset.streak = ue.streak;
  bar.classList.toggle("proficient", ue.proficient);
  [...bar.children].forEach((segment, i) => segment.classList.toggle("on", i < Math.min(ue.streak, required)));
  $("proficient-label").classList.toggle("hidden", !ue.proficient);
}

function flashPoints(results) {
  const points = results?.points_earned?.points || 0;
  if (!points) return;
  const flash = $("points-flash");
  flash.textContent = `+${points}`;
  flash.classList.add("show");
  setTimeout(() => flash.classList.remove("show"), 2500);
}

function setCompleted(done) {
  completed = done;
  input.readOnly = done;
  $("check").classList.toggle("hidden", done);
  $("hint").disabled = done;
  $("next").classList.toggle("hidden", !done);
}

async function loadProblem() {
  const ue = await getJSON(base);
  showStats(ue);
  const problem = await getJSON(`${base}/problems/${ue.total_done + 1}`);
  number = problem.problem_number;
  token = problem.problem_token;
  $("problem-number").textContent = number;
  $("question").textContent = problem.question;
  $("hints").replaceChildren();
  $("points-flash").classList.remove("show");
  input.value = "";
  setCompleted(false);
  say("");
  input.focus();
}

async function check() {
  const answer = input.value.trim();
  if (!answer) { say("Type an answer first."); return; }
  const result = await postJSON(`${base}/problems/${number}/attempt`, { answer, problem_token: token });
  showStats(result.user_exercise);
  applyActionResults(result.action_results);
  if (result.completed) {
    say(result.correct ? "Correct! Press Enter for the next problem." : "Right this time. Press Enter for the next problem.", "right");
    flashPoints(result.action_results);
    setCompleted(true);
    input.focus();
  } else {
    say("Not quite. Try again!", "wrong");
    input.select();
  }
}

async function hint() {
  const result = await postJSON(`${base}/problems/${number}/hint`, { problem_token: token });
  const item = document.createElement("li");
  item.textContent = result.hint;
  $("hints").append(item);
  showStats(result.user_exercise);
  applyActionResults(result.action_results);
  input.focus();
}

// One action at a time; a 409 (another tab moved on) reloads the current problem.
async function run(action) {
  if (busy) return;
  busy = true;
  try {
    await action();
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) await loadProblem().catch(() => {});
    say(error.message || "Something went wrong; try again.", "wrong");
  } finally {
    busy = false;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(completed ? loadProblem : check);
});
$("hint").addEventListener("click", () => run(hint));
$("next").addEventListener("click", () => run(loadProblem));
document.addEventListener("keydown", (event) => {
  // After a right answer, Enter anywhere (outside a form field or button) serves the next problem.
  if (event.key === "Enter" && completed && !event.target.closest("form, button, a")) {
    event.preventDefault();
    run(loadProblem);
  }
});

buildStreakBar();
run(loadProblem);
