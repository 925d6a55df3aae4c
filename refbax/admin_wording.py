"""Django's and the libraries' own admin strings that Refbax words otherwise in French.

Django's French says "Ajout de article" and "L'objet article « … » a été ajouté
avec succès"; django-taggit and the tasks backend name their apps and fields in
English. The project's catalogue comes first, so its wording wins. Nothing
imports this module: it is where `make messages` finds these strings, so that
their French stays in locale/fr/LC_MESSAGES/django.po.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

STRINGS = [
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Select %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("None available"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop(
        "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? "
        "All of the following related items will be deleted:"
    ),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Taggit"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    pgettext_lazy("A tag slug", "slug"),
    pgettext_lazy("A tag name", "name"),
]
