// "Sign in with Google" (Google Identity Services): the library hands us an ID token, which we post with the
// CSRF token to /login/google; the server verifies it with google-auth and answers where to go next.
import { postJSON } from "./api.js";

const root = document.getElementById("google-signin");
const error = document.getElementById("signin-error");

async function signIn(response) {
  try {
    const answer = await postJSON("/login/google", { credential: response.credential, next: root.dataset.next });
    window.location.assign(answer.next);
  } catch (failure) {
    error.textContent = `Sign-in failed: ${failure.message}`;
    error.hidden = false;
  }
}

function start() {
  google.accounts.id.initialize({ client_id: root.dataset.clientId, callback: signIn });
  google.accounts.id.renderButton(root, { theme: "outline", size: "large", text: "signin_with" });
}

const script = document.createElement("script");
script.src = root.dataset.gsiClient;
script.async = true;
script.onload = start;
document.head.append(script);
