/* The media library picker, opened in a popup by the article editor's figure dialog.
 *
 * django-prose-editor speaks CKEditor's file-browser protocol: the dialog opens this
 * page with ?CKEditorFuncNum=N and waits for CKEDITOR.tools.callFunction(N, url, data)
 * in its own window, data carrying the library image's id, alternative text and caption.
 */
"use strict";

(() => {
  const callback = new URLSearchParams(window.location.search).get("CKEditorFuncNum");

  const editorWindow = () => {
    try {
      const opener = window.opener;
      return opener && !opener.closed && opener.CKEDITOR && opener.CKEDITOR.tools ? opener : null;
    } catch {
      return null; // an opener from another origin
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    if (!callback || !editorWindow()) {
      const orphan = document.getElementById("media-picker-orphan");
      if (orphan) orphan.hidden = false;
      for (const choice of document.querySelectorAll(".media-picker__choice")) choice.disabled = true;
      return;
    }
    document.addEventListener("click", (event) => {
      const choice = event.target.closest(".media-picker__choice");
      const opener = editorWindow();
      if (!choice || !opener) return;
      opener.CKEDITOR.tools.callFunction(callback, choice.dataset.url, {
        id: choice.dataset.id,
        alternative_text: choice.dataset.alt,
        caption: choice.dataset.caption,
      });
      window.close();
    });
  });
})();
