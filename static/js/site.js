// Progressive enhancements for the article page; everything works without them.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const share = document.querySelector(".share");
  if (!share) {
    return;
  }
  const url = share.dataset.shareUrl;
  const title = share.dataset.shareTitle;
  const status = share.querySelector("[data-share-status]");
  const say = (message) => {
    status.textContent = message;
  };

  // "Copy link": without JavaScript it is a plain link to the article.
  const copyLink = share.querySelector("[data-copy-link]");
  if (copyLink && navigator.clipboard) {
    copyLink.addEventListener("click", async (event) => {
      event.preventDefault();
      try {
        await navigator.clipboard.writeText(url);
        say(copyLink.dataset.copiedMessage);
      } catch {
        say(copyLink.dataset.failedMessage);
      }
    });
  }

  // "Partager…" uses the device's own share sheet where the browser has one.
  const webShare = share.querySelector("[data-web-share]");
  if (webShare && navigator.share) {
    webShare.hidden = false;
    webShare.querySelector("button").addEventListener("click", async () => {
      try {
        await navigator.share({ title, url });
      } catch {
        // The reader closed the share sheet: nothing to report.
      }
    });
  }
});

// "Répondre" moves the one comment form under the comment, instead of reloading the page.
document.addEventListener("DOMContentLoaded", () => {
  const container = document.querySelector("[data-comment-form]");
  if (!container) {
    return;
  }
  const home = document.createComment("comment form");
  container.before(home);
  const parentInput = container.querySelector("input[name='parent']");
  // A hidden input's defaultValue follows its value: remember whether the server rendered a reply form.
  const servedAsReply = Boolean(parentInput.value);
  const title = container.querySelector("[data-form-title]");
  const cancel = container.querySelector("[data-cancel-reply]");
  const textarea = container.querySelector("textarea");

  document.querySelectorAll("[data-reply-to]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      link.closest(".comment").querySelector(".comment__card").after(container);
      parentInput.value = link.dataset.replyTo;
      title.textContent = title.dataset.replyTemplate.replace("__NAME__", link.dataset.replyName);
      cancel.hidden = false;
      textarea.focus();
    });
  });

  cancel.addEventListener("click", (event) => {
    if (home.isConnected && !servedAsReply) {
      event.preventDefault();
      home.after(container);
      parentInput.value = "";
      title.textContent = title.dataset.defaultTitle;
      cancel.hidden = true;
    }
  });
});
