// The admin's live slug is the server's: Django's own prepopulate (URLify) drops or
// mangles other scripts ("Новости" gives nothing), so the slug typed as one goes is
// asked of articles.views.slug_preview, which calls the very rule the models use.
// Loaded with data-url (the endpoint) and data-model (the model's name).
"use strict";
{
    const script = document.currentScript;
    const endpoint = script.dataset.url;
    const model = script.dataset.model;
    const DELAY = 120; // ms after the last key: one request per pause, not per letter
    const objectId = (window.location.pathname.match(/\/(\d+)\/change\/$/) || [])[1] || "";

    function follow(target, sources, maxLength) {
        const known = new Map(); // text -> the server's slug
        let changedByHand = false;
        let timer = null;
        target.addEventListener("change", () => {
            changedByHand = true;
        });
        const text = () =>
            sources
                .map((source) => source.value)
                .filter((value) => value.length > 0)
                .join(" ");
        const apply = (slug) => {
            if (!changedByHand) {
                target.value = slug.slice(0, maxLength);
            }
        };
        const ask = async (wanted) => {
            const query = new URLSearchParams({ model: model, text: wanted, pk: objectId });
            try {
                const response = await fetch(`${endpoint}?${query}`, {
                    credentials: "same-origin",
                    headers: { Accept: "application/json" },
                });
                if (!response.ok) {
                    return; // Django's own guess stays in the field
                }
                const { slug } = await response.json();
                known.set(wanted, slug);
                if (text() === wanted) {
                    apply(slug);
                }
            } catch {
                // Offline for a moment: Django's own guess stays in the field.
            }
        };
        const update = () => {
            const wanted = text();
            if (known.has(wanted)) {
                apply(known.get(wanted)); // right away, over what Django's URLify just wrote
                return;
            }
            clearTimeout(timer);
            timer = setTimeout(() => ask(wanted), DELAY);
        };
        // The events Django's prepopulate listens to, so that its guess is always replaced.
        for (const source of sources) {
            for (const event of ["input", "keyup", "change", "focus"]) {
                source.addEventListener(event, update);
            }
        }
    }

    function start() {
        const constants = document.getElementById("django-admin-prepopulated-fields-constants");
        if (!constants || !endpoint) {
            return;
        }
        for (const field of JSON.parse(constants.dataset.prepopulatedFields || "[]")) {
            const target = document.querySelector(field.id);
            const sources = field.dependency_ids.map((id) => document.querySelector(id)).filter(Boolean);
            // Like Django: a slug the object already has is never rewritten.
            if (target && sources.length && !target.value) {
                follow(target, sources, field.maxLength);
            }
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}
