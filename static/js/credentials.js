// "Share" on the profile and badge pages: fetch (the first time: issue) the award's Open Badges credential, copy
// the address of its public page, and show that link beside the button (where the clipboard is not allowed, the
// link is there to copy by hand). A Share button is disabled until this script has bound it. The downloads are
// plain links: the server sends the files.
import { getJSON } from "./api.js";

async function share(button) {
  const result = button.parentElement.querySelector(".share-result");
  const context = button.dataset.context;
  const query = context ? `?context=${encodeURIComponent(context)}` : "";
  try {
    const path = `/api/v1/user/badges/${encodeURIComponent(button.dataset.badge)}/credential${query}`;
    const { credential } = await getJSON(path);
    const link = document.createElement("a");
    link.href = credential.id;
    link.textContent = credential.id;
    link.className = "credential-link";
    const copied = await navigator.clipboard?.writeText(credential.id).then(() => true, () => false);
    result.replaceChildren(copied ? "Link copied: " : "Share this link: ", link);
  } catch (error) {
    result.textContent = `Could not share: ${error.message}`;
  }
}

document.querySelectorAll("[data-credential-share]").forEach((button) => {
  button.addEventListener("click", () => share(button));
  button.disabled = false;
});
