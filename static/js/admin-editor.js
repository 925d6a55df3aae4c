/* The writing desk's extension of the article body's editor (django-prose-editor, Tiptap).
 *
 * Loaded as one of the editor's extension modules (newsroom/editor.py adds it to the
 * widget's configuration), so it shares the editor's Tiptap. Its options come from the
 * server, translated there: the French names of the toolbar buttons, by menu item. (The
 * words of its dialogs are added to Django's catalogue by admin-editor-words.js.)
 */

import { Extension, Plugin } from "django-prose-editor/editor";

const ACCEPTED_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

const element = (tag, attributes = {}, children = []) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
};

let dialogCount = 0;

/* Ask for the image's alternative text (required), caption and credit, in a dialog over the editor;
 * `send(fields)` uploads it and resolves to the errors ({field: [messages]}) or null once added. */
const describeImage = (file, strings, container, send) =>
  new Promise((resolve) => {
    const id = (name) => `drop-${dialogCount}-${name}`;
    dialogCount += 1;
    const field = (name, label, help, attributes = {}) => {
      const input = element("input", { type: "text", id: id(name), name, ...attributes });
      if (help) input.setAttribute("aria-describedby", id(`${name}-help`));
      return element("div", { class: "prose-editor-dialog-field drop-dialog__field" }, [
        element("label", { for: id(name), text: label }),
        input,
        ...(help ? [element("p", { class: "help", id: id(`${name}-help`), text: help })] : []),
        element("p", { class: "drop-dialog__error", id: id(`${name}-error`), hidden: "" }),
      ]);
    };
    const preview = element("img", { class: "drop-dialog__preview", alt: "" });
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      preview.src = reader.result; // a data: URL, which the Content-Security-Policy allows for images
    });
    reader.readAsDataURL(file);
    const status = element("p", { class: "drop-dialog__status", role: "status" });
    const submit = element("button", { type: "submit", class: "button default", text: strings.insert });
    const cancel = element("button", { type: "button", class: "button", text: strings.cancel });
    const form = element("form", { method: "dialog", novalidate: "" }, [
      element("h3", { class: "prose-editor-dialog-title", id: id("title"), text: strings.title }),
      preview,
      field("alt_text", strings.altText, strings.altHelp, { required: "", "aria-required": "true" }),
      field("caption", strings.caption),
      field("credit", strings.credit, strings.creditHelp),
      status,
      element("div", { class: "prose-editor-dialog-buttons" }, [submit, cancel]),
    ]);
    const dialog = element("dialog", { class: "prose-editor-dialog drop-dialog", "aria-labelledby": id("title") }, [
      form,
    ]);
    container.append(dialog);

    const showErrors = (errors) => {
      for (const name of ["alt_text", "caption", "credit"]) {
        const box = form.querySelector(`#${id(`${name}-error`)}`);
        const input = form.elements[name];
        const messages = errors[name] || [];
        box.textContent = messages.join(" ");
        box.hidden = messages.length === 0;
        if (messages.length) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
      // Errors of the file itself (too large, not an image…) or of the account.
      status.textContent = [...(errors.file || []), ...(errors.__all__ || [])].join(" ");
      const first = ["alt_text", "caption", "credit"].find((name) => errors[name]);
      if (first) form.elements[first].focus();
    };

    const close = (result) => {
      dialog.close();
      dialog.remove();
      resolve(result);
    };
    cancel.addEventListener("click", () => close(false));
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      close(false);
    });
    // The click, not the form's submit event: this form sits inside the article's, where a submit
    // event would bubble up (Enter in a field clicks this button all the same).
    submit.addEventListener("click", async (event) => {
      event.preventDefault();
      const fields = Object.fromEntries(["alt_text", "caption", "credit"].map((name) => [name, form.elements[name].value.trim()]));
      if (!fields.alt_text) {
        showErrors({ alt_text: [strings.altMissing] });
        return;
      }
      submit.disabled = true;
      status.textContent = strings.uploading;
      const errors = await send(fields);
      submit.disabled = false;
      if (errors) showErrors(errors);
      else close(true);
    });
    dialog.showModal();
    form.elements.alt_text.focus();
  });

const csrfToken = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";

/* Send the file to the media library; {image} once stored, {errors} otherwise. */
const upload = async (url, file, fields, strings) => {
  const body = new FormData();
  body.append("file", file, file.name || "image");
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  try {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body,
    });
    const data = await response.json().catch(() => null);
    if (response.ok && data) return { image: data };
    return { errors: (data && data.errors) || { __all__: [strings.failed] } };
  } catch {
    return { errors: { __all__: [strings.failed] } };
  }
};

const figureOf = (image) => ({
  type: "figure",
  content: [
    { type: "image", attrs: { src: image.url, alt: image.alt, file: String(image.id) } },
    ...(image.caption ? [{ type: "caption", content: [{ type: "text", text: image.caption }] }] : []),
  ],
});

export const WritingDesk = Extension.create({
  name: "writingDesk",
  // Last: the menu items of every other extension are defined when this one names them.
  priority: 1,

  addOptions() {
    return { labels: {}, uploadUrl: null, strings: {}, choices: {} };
  },

  onCreate() {
    // The text box is named like its field ("Contenu"), for screen readers.
    const container = this.editor.view.dom.closest(".prose-editor");
    const textarea = container?.querySelector("textarea");
    const label = textarea && document.querySelector(`label[for="${textarea.id}"]`);
    if (label) this.editor.view.dom.setAttribute("aria-label", label.textContent.replace(/\s*:\s*$/, "").trim());
    // The block-type menu, when the current block is none it lists, shows a "question_mark" of its own.
    const menubar = container?.querySelector(".prose-menubar");
    const unknown = this.options.labels.blockTypeUnknown;
    if (menubar && unknown) {
      const name = () => {
        for (const button of menubar.querySelectorAll('.prose-menubar__selected button[aria-label="question_mark"]')) {
          button.setAttribute("aria-label", unknown);
          button.title = unknown;
        }
      };
      name();
      new MutationObserver(name).observe(menubar, { childList: true, subtree: true });
    }
    // Choices the editor's dialogs show in English: their text in French, their value unchanged.
    const { choices } = this.options;
    if (!container || !Object.keys(choices).length) return;
    new MutationObserver(() => {
      for (const option of container.querySelectorAll("dialog option")) {
        if (option.dataset.translated || !(option.textContent in choices)) continue;
        option.value = option.textContent;
        option.textContent = choices[option.value];
        option.dataset.translated = "1";
      }
    }).observe(container, { childList: true, subtree: true });
  },

  // Images dropped onto the body or pasted into it: described in place, then sent to the media
  // library (with the library's own checks) and inserted as a figure where they were dropped.
  addProseMirrorPlugins() {
    const { uploadUrl, strings } = this.options;
    const editor = this.editor;
    if (!uploadUrl) return [];
    const receive = (files, position) => {
      const images = files.filter((file) => ACCEPTED_TYPES.has(file.type));
      if (!images.length) {
        window.alert(strings.notAnImage);
        return;
      }
      const container = editor.view.dom.closest(".prose-editor") || document.body;
      (async () => {
        let at = position;
        for (const file of images) {
          let stored = null;
          const added = await describeImage(file, strings, container, async (fields) => {
            const result = await upload(uploadUrl, file, fields, strings);
            stored = result.image || null;
            return result.errors || null;
          });
          if (!added || !stored) continue;
          editor.chain().focus().insertContentAt(at, figureOf(stored)).run();
          at = editor.state.selection.to;
        }
      })();
    };
    const filesOf = (transfer) => [...(transfer?.files || [])];
    return [
      new Plugin({
        props: {
          handleDrop(view, event, _slice, moved) {
            const files = filesOf(event.dataTransfer);
            if (moved || !files.length) return false;
            event.preventDefault();
            const place = view.posAtCoords({ left: event.clientX, top: event.clientY });
            receive(files, place ? place.pos : view.state.selection.from);
            return true;
          },
          handlePaste(view, event) {
            const files = filesOf(event.clipboardData);
            if (!files.length) return false;
            event.preventDefault();
            receive(files, view.state.selection.from);
            return true;
          },
        },
      }),
    ];
  },

  addMenuItems({ _definedItems: items }) {
    const { labels } = this.options;
    for (const [name, label] of Object.entries(labels)) {
      const item = items[name];
      if (!item) continue;
      // A block type's button is what the block-type menu shows of the current block: it says so.
      // (Lists are block types too, but their buttons have a group of their own in the toolbar.)
      const inMenuOnly = item.groups?.has("blockType") && !item.groups.has("lists");
      const named = inMenuOnly && labels.blockType ? `${labels.blockType} ${label}` : label;
      if (item.button) {
        item.button.title = named;
        item.button.setAttribute("aria-label", named);
      }
      if (item.option) item.option.textContent = label;
    }
  },
});
