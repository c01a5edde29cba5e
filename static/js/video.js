// The video page. On App Engine the YouTube IFrame API player; locally (offline) a simulated player that plays
// in real time. Either way a Tracker counts the seconds really played and logs them every 10 s of play, on pause
// and on end: POST /api/v1/user/videos/<id>/log {seconds_watched, last_second_watched}.
import { applyActionResults, postJSON } from "./api.js";

const LOG_EVERY = 10;
const root = document.getElementById("video");
const youtubeId = root.dataset.youtubeId;
const duration = Number(root.dataset.duration) || 0;
const $ = (id) => document.getElementById(id);

const clock = (s) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

class Tracker {
  constructor() { this.unlogged = 0; this.position = 0; this.sending = Promise.resolve(); }

  /** One real second of play ended at `position`. */
  tick(position) {
    this.position = position;
    this.unlogged += 1;
    if (this.unlogged >= LOG_EVERY) this.flush();
  }

  flush() {
    if (this.unlogged <= 0) return this.sending;
    const body = { seconds_watched: this.unlogged, last_second_watched: Math.round(this.position) };
    this.unlogged = 0;
    // Logs go one after another, so the server sees them in order.
    this.sending = this.sending.then(() => send(body));
    return this.sending;
  }
}

async function send(body) {
  try {
    const result = await postJSON(`/api/v1/user/videos/${encodeURIComponent(youtubeId)}/log`, body);
    $("video-points").textContent = result.user_video.points;
    $("video-watched").textContent = Math.floor(result.user_video.seconds_watched);
    $("video-status").textContent = result.user_video.completed ? "Completed!" : "";
    applyActionResults(result.action_results);
  } catch (error) {
    $("video-status").textContent = `Progress not saved: ${error.message}`;
  }
}

const tracker = new Tracker();

/** A player that needs no network: a progress bar and a clock ticking once per real second. */
function localPlayer() {
  const button = $("play"), played = $("played"), time = $("time");
  let position = Math.min(Number(root.dataset.lastSecond) || 0, duration);
  if (position >= duration) position = 0;
  let timer = null;
  const draw = () => {
    played.style.width = `${duration ? (100 * position) / duration : 0}%`;
    time.textContent = `${clock(position)} / ${clock(duration)}`;
    button.textContent = timer ? "Pause" : "Play";
    root.dataset.state = timer ? "playing" : "paused";
    root.dataset.position = position;
  };
  const pause = () => {
    if (!timer) return;
    clearInterval(timer);
    timer = null;
    draw();
    tracker.flush();
  };
  const play = () => {
    if (timer || !duration) return;
    if (position >= duration) position = 0;
    timer = setInterval(() => {
      position = Math.min(position + 1, duration);
      tracker.tick(position);
      if (position >= duration) pause(); else draw();
    }, 1000);
    draw();
  };
  button.addEventListener("click", () => (timer ? pause() : play()));
  $("seek").addEventListener("click", (event) => {
    const box = event.currentTarget.getBoundingClientRect();
    position = Math.round((duration * (event.clientX - box.left)) / box.width);
    tracker.position = position;
    draw();
  });
  draw();
}

/** The YouTube IFrame API player (App Engine only: the API script is loaded from YouTube). */
function youtubePlayer() {
  let timer = null;
  const stop = () => { clearInterval(timer); timer = null; tracker.flush(); };
  window.onYouTubeIframeAPIReady = () => {
    const player = new window.YT.Player("yt-player", {
      videoId: youtubeId,
      playerVars: { start: Number(root.dataset.lastSecond) || 0, rel: 0 },
      events: {
        onStateChange: ({ data }) => {
          const { PLAYING, PAUSED, ENDED } = window.YT.PlayerState;
          if (data === PLAYING && !timer) {
            timer = setInterval(() => tracker.tick(player.getCurrentTime()), 1000);
          } else if ((data === PAUSED || data === ENDED) && timer) {
            stop();
          }
        },
      },
    });
  };
  const script = document.createElement("script");
  script.src = root.dataset.youtubeApi;
  document.head.append(script);
}

if (root.dataset.player === "youtube") youtubePlayer(); else localPlayer();
window.addEventListener("pagehide", () => tracker.flush());
