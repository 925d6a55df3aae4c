/* The writing desk's extension of the article body's editor (django-prose-editor, Tiptap).
 *
 * Loaded as one of the editor's extension modules (newsroom/editor.py adds it to the
 * widget's configuration), so it shares the editor's Tiptap. Its options come from the
 * server, translated there: the French names of the toolbar buttons, by menu item. (The
 * words of its dialogs are added to Django's catalogue by admin-editor-words.js.)
 */

import { Extension } from "django-prose-editor/editor";

export const WritingDesk = Extension.create({
  name: "writingDesk",
  // Last: the menu items of every other extension are defined when this one names them.
  priority: 1,

  addOptions() {
    return { labels: {}, uploadUrl: null };
  },

  addMenuItems({ _definedItems: items }) {
    for (const [name, label] of Object.entries(this.options.labels)) {
      const item = items[name];
      if (!item) continue;
      if (item.button) {
        item.button.title = label;
        item.button.setAttribute("aria-label", label);
      }
      // The block-type menu shows the option's text.
      if (item.option) item.option.textContent = label;
    }
  },
});
