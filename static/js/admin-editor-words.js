/* The words of the article editor's dialogs, in French: added to the catalogue that Django's
 * JavaScript catalogue (admin/jsi18n/) has just defined, which the editor's gettext reads.
 *
 * Loaded right after the catalogue and before the admin's jquery.init.js, which replaces
 * window.django (and with it the only way to the catalogue). The words come from the
 * page's "editor-words" data block (newsroom/editor.py), which comes before this script.
 */
"use strict";

(() => {
  const data = document.getElementById("editor-words");
  const catalog = window.django && window.django.catalog;
  if (data && catalog) Object.assign(catalog, JSON.parse(data.textContent));
})();
