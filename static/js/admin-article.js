/* The article change form: autosaved backup copies, who else is editing, writing aids.
 *
 * Everything it needs comes from the page: the JSON data block "article-editing-data"
 * (endpoints, translated strings, limits; see articles/editing.py) and the reading
 * speed in the writing aids' data-words-per-minute. Loaded from the admin's Media:
 * no inline script, the Content-Security-Policy stays strict.
 */
"use strict";

(() => {
  // The body's Tiptap editor, announced by django-prose-editor once it is created
  // (possibly before DOMContentLoaded: this script runs first, from <head>).
  let bodyEditor = null;
  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea.name === "body") bodyEditor = event.detail.editor;
  });

  const format = (template, values) =>
    template.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));

  const language = () => document.documentElement.lang || undefined;

  const clockTime = (date) => date.toLocaleTimeString(language(), { hour: "2-digit", minute: "2-digit" });

  const setText = (element, text) => {
    // Unchanged text is left alone: live regions then speak only of real changes.
    if (element && element.textContent !== text) element.textContent = text;
  };

  /* Text rules, ported from articles/text.py and articles/reading_time.py. */

  // Python's \w+(?:['’\-]\w+)* on Unicode text: letters, digits and "_".
  const WORD_RE = /[\p{L}\p{N}_]+(?:['’-][\p{L}\p{N}_]+)*/gu;
  const INVISIBLE = new Set(["script", "style", "template", "head", "title"]);
  const BLOCKS = new Set(
    (
      "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 " +
      "header hr li ol p pre section table td th tr ul"
    ).split(" "),
  );
  const FIRST_IMAGE_SECONDS = 12;
  const MIN_IMAGE_SECONDS = 3;

  // The body as text, its images and those without alternative text. DOMParser's
  // document is inert: nothing in it runs or loads.
  const readBody = (html) => {
    const document_ = new DOMParser().parseFromString(html || "", "text/html");
    const parts = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          parts.push(child.data);
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          const tag = child.localName;
          if (INVISIBLE.has(tag)) continue;
          const block = BLOCKS.has(tag);
          if (block) parts.push("\n");
          walk(child);
          if (block) parts.push("\n");
        }
      }
    };
    walk(document_.body);
    const images = [...document_.body.querySelectorAll("img")];
    return {
      text: parts.join(""),
      images: images.length,
      imagesWithoutAlt: images.filter((image) => !(image.getAttribute("alt") || "").trim()).length,
    };
  };

  const countWords = (text) => (text.match(WORD_RE) || []).length;

  const imageSeconds = (count) => {
    let seconds = 0;
    for (let index = 0; index < count; index++) seconds += Math.max(FIRST_IMAGE_SECONDS - index, MIN_IMAGE_SECONDS);
    return seconds;
  };

  const readingMinutes = (words, images, wordsPerMinute) => {
    const seconds = (words * 60) / wordsPerMinute + imageSeconds(images);
    return Math.max(1, Math.floor(seconds / 60 + 0.5));
  };

  // articles.text.truncate_at_word: one line, at most `limit` characters with "…", cut between words.
  const truncateAtWord = (text, limit) => {
    const characters = Array.from(text.replace(/[ \t\r\n\f\v]+/g, " ").trim());
    if (characters.length <= limit) return characters.join("");
    const cut = characters.slice(0, limit).lastIndexOf(" ");
    const head = (cut > 0 ? characters.slice(0, cut) : characters.slice(0, limit - 1)).join("");
    return head.replace(/[ ,;:–—\-\u00a0\u202f]+$/u, "") + "…";
  };

  const length = (text) => Array.from(text.replace(/[ \t\r\n\f\v]+/g, " ").trim()).length;

  /* The page. */

  document.addEventListener("DOMContentLoaded", () => {
    const dataElement = document.getElementById("article-editing-data");
    const form = document.getElementById("article_form");
    if (!dataElement || !form) return;
    const data = JSON.parse(dataElement.textContent);
    const strings = data.strings;
    const csrfToken = form.elements.csrfmiddlewaretoken.value;
    const field = (name) => form.elements.namedItem(name);
    const value = (name) => (field(name) ? field(name).value : "");

    const post = (url, payload, options = {}) =>
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
        body: JSON.stringify(payload),
        ...options,
      });

    /* Autosave: a backup copy 30 seconds after a change, offered back on the next visit. */

    const autosaveStatus = document.getElementById("article-autosave-status");
    const collect = () =>
      Object.fromEntries(data.draftFields.filter((name) => field(name)).map((name) => [name, value(name)]));
    let lastSaved = JSON.stringify(collect());
    let timer = null;
    let submitting = false;

    const autosave = async (keepalive = false) => {
      timer = null;
      const fields = collect();
      const snapshot = JSON.stringify(fields);
      if (snapshot === lastSaved || submitting) return;
      try {
        const response = await post(data.autosaveUrl, { article: data.article, fields }, { keepalive });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        lastSaved = snapshot;
        setText(autosaveStatus, format(strings.autosaved, { time: clockTime(new Date()) }));
      } catch {
        setText(autosaveStatus, strings.autosaveFailed);
      }
    };
    const scheduleAutosave = () => {
      if (!timer && !submitting) timer = window.setTimeout(autosave, data.autosaveSeconds * 1000);
    };
    form.addEventListener("input", scheduleAutosave);
    form.addEventListener("change", scheduleAutosave);
    form.addEventListener("submit", () => {
      // The save itself deletes the copy: a late autosave must not bring it back.
      submitting = true;
      window.clearTimeout(timer);
      timer = null;
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) submitting = false; // back from the browser's cache, the form is live again
    });

    const setBody = (html) => {
      const textarea = field("body");
      textarea.value = html;
      const view = textarea.closest(".prose-editor")?.querySelector(".ProseMirror");
      const editor = bodyEditor || view?.editor;
      if (editor) editor.commands.setContent(html, { emitUpdate: true });
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    };

    const draftNotice = document.getElementById("article-draft");
    if (draftNotice && data.draft) {
      draftNotice.hidden = false;
      draftNotice.addEventListener("click", async (event) => {
        const action = event.target.closest("[data-draft-action]")?.dataset.draftAction;
        if (action === "restore") {
          // In the order of the form: a restored title must not remake a restored slug.
          for (const name of data.draftFields) {
            if (!(name in data.draft.fields) || !field(name)) continue;
            if (name === "body") {
              setBody(data.draft.fields.body);
              continue;
            }
            field(name).value = data.draft.fields[name];
            field(name).dispatchEvent(new Event("input", { bubbles: true }));
            field(name).dispatchEvent(new Event("change", { bubbles: true }));
          }
          draftNotice.hidden = true;
          setText(autosaveStatus, strings.draftRestored);
          field("title")?.focus();
        } else if (action === "discard") {
          draftNotice.hidden = true;
          setText(autosaveStatus, strings.draftDiscarded);
          await post(data.autosaveUrl, { article: data.article, discard: true }).catch(() => null);
        }
      });
    }

    /* Presence: a heartbeat while the form is open; the others are named in a notice. */

    const presenceNotice = document.getElementById("article-presence");
    let heartbeat = null;
    const showOthers = (others) => {
      if (!others.length) {
        presenceNotice.hidden = true;
        setText(presenceNotice, "");
        return;
      }
      const names = others.map((other) =>
        format(strings.otherEditor, { name: other.name, time: clockTime(new Date(other.since)) }),
      );
      setText(presenceNotice, format(strings.othersEditing, { names: new Intl.ListFormat(language()).format(names) }));
      presenceNotice.hidden = false;
    };
    const beat = async () => {
      try {
        const response = await post(data.presenceUrl, {});
        if (response.status === 403 || response.status === 404) {
          window.clearInterval(heartbeat); // no right to edit, or the article is gone: no use beating
          return;
        }
        if (response.ok) showOthers((await response.json()).others);
      } catch {
        // offline for a moment: the next beat tells
      }
    };
    if (data.presenceUrl && presenceNotice) {
      beat();
      heartbeat = window.setInterval(beat, data.heartbeatSeconds * 1000);
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") beat();
      });
      window.addEventListener("pageshow", (event) => {
        if (event.persisted) beat();
      });
    }

    window.addEventListener("pagehide", () => {
      if (!submitting && JSON.stringify(collect()) !== lastSaved) autosave(true);
      if (data.presenceUrl) post(data.presenceUrl, { leaving: true }, { keepalive: true }).catch(() => null);
    });

    /* Writing aids: counts, previews and checks, as the site will compute them. */

    const aids = document.getElementById("writing-aids");
    if (!aids) return;
    const wordsPerMinute = Number(aids.dataset.wordsPerMinute) || 250;
    const element = (id) => document.getElementById(id);
    const socialImage = element("social-card-image");
    let chosenCover = null; // a data: URL of the file just chosen (CSP allows data: images, not blob:)

    const coverInput = field("cover");
    if (coverInput && coverInput.type === "file") {
      coverInput.addEventListener("change", () => {
        const file = coverInput.files[0];
        chosenCover = null;
        if (file && file.type.startsWith("image/") && file.type !== "image/svg+xml" && file.size < 10 * 1024 * 1024) {
          const reader = new FileReader();
          reader.addEventListener("load", () => {
            chosenCover = reader.result;
            update();
          });
          reader.readAsDataURL(file);
        }
        update();
      });
    }

    const update = () => {
      const body = readBody(value("body"));
      const words = countWords(body.text);
      const override = Number.parseInt(value("reading_time_override"), 10);
      const minutes = override > 0 ? override : readingMinutes(words, body.images, wordsPerMinute);
      setText(element("aid-words"), words.toLocaleString(language()));
      setText(element("aid-reading-time"), format(strings.minutes, { minutes }));

      const metaTitle = value("seo_title").trim() || value("title").trim();
      const fullTitle = `${metaTitle || strings.untitled} – ${data.siteName}`;
      const descriptionSource = value("seo_description").trim() || value("standfirst").trim();
      const metaDescription = truncateAtWord(descriptionSource, data.limits.metaDescription);
      const slug = value("slug").trim();
      setText(element("search-preview-url"), data.articleUrl.replace("__slug__", slug || "…"));
      setText(element("search-preview-title"), truncateAtWord(fullTitle, data.limits.title));
      setText(element("search-preview-description"), truncateAtWord(metaDescription, data.limits.description));
      const titleLength = metaTitle ? length(fullTitle) : 0;
      const descriptionLength = length(descriptionSource);
      const titleCount = element("search-title-count");
      const descriptionCount = element("search-description-count");
      setText(titleCount, format(strings.characters, { count: titleLength, limit: data.limits.title }));
      setText(
        descriptionCount,
        format(strings.characters, { count: descriptionLength, limit: data.limits.description }),
      );
      titleCount.classList.toggle("writing-aids__over", titleLength > data.limits.title);
      descriptionCount.classList.toggle("writing-aids__over", descriptionLength > data.limits.description);

      const cleared = field("cover-clear")?.checked;
      const coverUrl = chosenCover || (cleared ? null : data.coverUrl);
      const hasCover = Boolean(coverInput?.files?.length) || Boolean(data.coverUrl && !cleared);
      if (coverUrl) {
        if (socialImage.getAttribute("src") !== coverUrl) socialImage.src = coverUrl;
        socialImage.hidden = false;
      } else {
        socialImage.removeAttribute("src");
        socialImage.hidden = true;
      }
      element("social-card-no-image").hidden = Boolean(coverUrl);
      setText(element("social-card-site"), data.siteHost.toUpperCase());
      setText(element("social-card-title"), metaTitle || strings.untitled);
      setText(element("social-card-description"), metaDescription);

      const warnings = []; // [text, "warning" or "info"]
      if (!hasCover) warnings.push([strings.noCover, "warning"]);
      else if (!value("cover_alt").trim()) warnings.push([strings.coverWithoutAlt, "warning"]);
      if (!descriptionSource) warnings.push([strings.noDescription, "warning"]);
      else if (!value("seo_description").trim()) warnings.push([strings.descriptionFromStandfirst, "info"]);
      if (titleLength > data.limits.title) {
        warnings.push([format(strings.titleTooLong, { limit: data.limits.title }), "warning"]);
      }
      if (descriptionLength > data.limits.description) {
        warnings.push([format(strings.descriptionTooLong, { limit: data.limits.description }), "warning"]);
      }
      if (body.imagesWithoutAlt) {
        warnings.push([format(strings.imagesWithoutAlt, { count: body.imagesWithoutAlt }), "warning"]);
      }
      if (!warnings.some(([, level]) => level === "warning")) warnings.unshift([strings.nothingToReport, "ok"]);
      const list = element("aid-warnings");
      if ([...list.children].map((item) => item.textContent).join("\n") !== warnings.map(([text]) => text).join("\n")) {
        list.replaceChildren(
          ...warnings.map(([text, level]) => {
            const item = document.createElement("li");
            item.textContent = text;
            item.className = `writing-aids__${level}`;
            return item;
          }),
        );
      }
    };

    let pending = null;
    const scheduleUpdate = () => {
      window.clearTimeout(pending);
      pending = window.setTimeout(update, 300);
    };
    form.addEventListener("input", scheduleUpdate);
    form.addEventListener("change", scheduleUpdate);
    update();
  });

  /* Tags as chips: the field (input[data-tag-chips], newsroom/forms.py) keeps the comma-separated
   * names the server reads; a box beside it takes one tag at a time, completed from existing tags. */

  const splitTags = (text) => {
    const names = new Map();
    for (const part of text.split(",")) {
      const name = part.replace(/\s+/g, " ").replace(/^["“«\s]+|["”»\s]+$/g, "");
      if (name && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
    }
    return [...names.values()];
  };

  const tagChips = (field) => {
    const entry = document.createElement("input");
    entry.type = "text";
    entry.className = "vTextField tag-chips__entry";
    entry.autocomplete = "off";
    entry.setAttribute("list", field.getAttribute("list"));
    if (field.hasAttribute("aria-describedby")) entry.setAttribute("aria-describedby", field.getAttribute("aria-describedby"));
    // The field's label now names the box one types in.
    entry.id = field.id;
    field.id = `${field.id}_names`;
    field.type = "hidden";
    field.removeAttribute("list");
    const list = document.createElement("ul");
    list.className = "tag-chips";
    list.setAttribute("aria-label", field.dataset.listLabel);
    field.after(list, entry);

    let names = splitTags(field.value);
    const render = (announce = true) => {
      list.replaceChildren(
        ...names.map((name) => {
          const item = document.createElement("li");
          const label = document.createElement("span");
          label.textContent = name;
          const remove = document.createElement("button");
          remove.type = "button";
          remove.className = "tag-chips__remove";
          remove.textContent = "×";
          remove.dataset.name = name;
          remove.setAttribute("aria-label", format(field.dataset.removeLabel, { name: `« ${name} »` }));
          item.append(label, remove);
          return item;
        }),
      );
      list.hidden = names.length === 0;
      const text = names.join(", ");
      if (field.value !== text) {
        field.value = text;
        if (announce) field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    };
    const add = (text) => {
      for (const name of splitTags(text)) {
        if (!names.some((other) => other.toLowerCase() === name.toLowerCase())) names.push(name);
      }
      entry.value = "";
      render();
    };
    const suggested = (text) =>
      [...(document.getElementById(entry.getAttribute("list"))?.options || [])].some((option) => option.value === text);

    entry.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === ",") {
        event.preventDefault(); // Enter adds the tag; it never saves the form from here
        if (entry.value.trim()) add(entry.value);
      } else if (event.key === "Backspace" && !entry.value && names.length) {
        names.pop();
        render();
      }
    });
    entry.addEventListener("input", (event) => {
      // A suggestion picked from the list is a whole tag.
      if (event.inputType === "insertReplacementText" || (!event.inputType && suggested(entry.value))) add(entry.value);
      else if (entry.value.includes(",")) add(entry.value);
      event.stopPropagation(); // the field itself tells the form, once the tag is added
    });
    entry.addEventListener("blur", () => {
      if (entry.value.trim()) add(entry.value);
    });
    entry.closest("form")?.addEventListener("submit", () => {
      if (entry.value.trim()) add(entry.value);
    });
    list.addEventListener("click", (event) => {
      const remove = event.target.closest(".tag-chips__remove");
      if (!remove) return;
      names = names.filter((name) => name !== remove.dataset.name);
      render();
      entry.focus();
    });
    // A restored backup copy sets the field's text.
    field.addEventListener("change", () => {
      names = splitTags(field.value);
      render(false);
    });
    render(false);
  };

  document.addEventListener("DOMContentLoaded", () => {
    for (const field of document.querySelectorAll("input[data-tag-chips]")) tagChips(field);
  });

  /* The admin's select2 boxes (category, author, related articles) take their field's label as their
   * name: empty, they would have none. select2 draws them later (jQuery's ready runs asynchronously)
   * and draws parts again as one chooses: named whenever they appear. */
  const nameSelect2Boxes = () => {
    for (const select of document.querySelectorAll(".writing-desk select.admin-autocomplete")) {
      const drawn = select.nextElementSibling;
      if (!drawn?.classList.contains("select2")) continue;
      const label = document.querySelector(`label[for="${select.id}"]`)?.textContent.replace(/\s*:\s*$/, "").trim();
      for (const part of drawn.querySelectorAll("[role=combobox], [role=textbox], .select2-search__field")) {
        if (label && part.getAttribute("aria-label") !== label) part.setAttribute("aria-label", label);
      }
    }
  };
  document.addEventListener("DOMContentLoaded", () => {
    // The sidebar, where these boxes are: not the body's editor, which changes at each key.
    const side = document.querySelector(".writing-desk .desk__side");
    if (!side) return;
    nameSelect2Boxes();
    new MutationObserver(nameSelect2Boxes).observe(side, { childList: true, subtree: true });
  });
})();
