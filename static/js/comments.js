// The comment form's anti-robot token (comments/tokens.py), asked for when the reader starts
// writing: the page is the same for every reader and may be old, the token says when they began.
// Without it (no JavaScript, a network error) the server asks the reader to confirm: nothing is lost.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-token-url]");
  if (!form) {
    return;
  }
  const input = form.querySelector("input[name='token']");
  let asking = null;
  const ask = () => {
    if (!asking && !input.value) {
      asking = fetch(form.dataset.tokenUrl, { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => {
          if (data && data.token && !input.value) {
            input.value = data.token;
          }
        })
        .catch(() => {});
    }
    return asking;
  };
  form.addEventListener("focusin", ask, { once: true });
  form.addEventListener("input", ask, { once: true });
  // Sent before the token arrived (a paste, then Enter): wait for it, once.
  let waited = false;
  form.addEventListener("submit", (event) => {
    if (!input.value && !waited) {
      event.preventDefault();
      waited = true;
      Promise.resolve(ask()).finally(() => form.requestSubmit());
    }
  });
});
