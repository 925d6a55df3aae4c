/* The writing screen's link warnings (redirects/writing.py): as one types, the links of the body
 * that lead nowhere or through a redirect, resolved by the site's own link checker, listed under
 * the writing aids' checks. Loaded by newsroom's writing screen from its registry of checks. */
(() => {
  "use strict";

  const DELAY_MS = 1500;
  const format = (text, values) => text.replace(/%\((\w+)\)s/g, (match, name) => values[name] ?? match);

  document.addEventListener("DOMContentLoaded", () => {
    const dataElement = document.getElementById("article-editing-data");
    const form = document.getElementById("article_form");
    if (!dataElement || !form) return;
    const config = JSON.parse(dataElement.textContent).checks?.links;
    const body = form.elements.namedItem("body");
    if (!config || !body) return;

    const list = document.createElement("ul");
    list.id = "aid-link-warnings";
    list.className = "writing-aids__warnings";
    list.setAttribute("aria-live", "polite");
    list.hidden = true;
    const checks = document.getElementById("aid-warnings");
    if (checks) checks.after(list);
    else body.closest(".form-row, fieldset, div")?.after(list);

    const hrefs = () => {
      const page = new DOMParser().parseFromString(body.value, "text/html");
      return [...new Set([...page.querySelectorAll("a[href]")].map((link) => link.getAttribute("href")))];
    };

    let lastSent = null;
    let timer = null;
    let controller = null;
    const check = async () => {
      const links = hrefs();
      const key = links.join("\n");
      if (key === lastSent) return;
      lastSent = key;
      controller?.abort();
      if (!links.length) {
        list.replaceChildren();
        list.hidden = true;
        return;
      }
      controller = new AbortController();
      try {
        const response = await fetch(config.url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
          body: JSON.stringify({ links }),
          signal: controller.signal,
        });
        if (!response.ok) return;
        const found = (await response.json()).links;
        list.replaceChildren(
          ...found.map((link) => {
            const item = document.createElement("li");
            item.className = link.state === "broken" ? "writing-aids__warning" : "writing-aids__info";
            item.textContent =
              link.state === "broken"
                ? format(config.strings.broken, { url: link.url, problem: link.problem })
                : format(config.strings.redirected, { url: link.url, target: link.target });
            return item;
          }),
        );
        list.hidden = !found.length;
      } catch (error) {
        if (error.name !== "AbortError") lastSent = null; // tried again at the next change
      }
    };
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, DELAY_MS);
    };
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    check();
  });
})();
