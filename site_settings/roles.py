"""The staff's roles: the groups' names, the permissions data migrations give them, and who is told of what.

Rights come from permissions, never from a group's name: a superuser, or an
account given a permission by hand, is told of the work it may do like a
member of the group. The migration helpers take the historical `apps` they are given.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.db.models import Q

# The groups the data migrations create (README: writers write and submit, editors also publish).
WRITERS = "Rédacteurs"
EDITORS = "Éditeurs"
MODERATORS = "Modérateurs"


def emails_of(permission, exclude_user_id=None):
    """The sorted e-mail addresses of the active accounts that hold `permission` ("app_label.codename")."""
    app_label, codename = permission.split(".")
    held = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    users = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(user_permissions__in=held) | Q(groups__permissions__in=held), is_active=True
    )
    if exclude_user_id is not None:
        users = users.exclude(pk=exclude_user_id)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _permissions(apps, permissions):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_label in permissions:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        permission
        for app_label, codenames in permissions.items()
        for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    ]


def grant(apps, group_name, permissions):
    """Create `group_name` if needed and give it `permissions`: {app_label: [codename, …]}."""
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
    group.permissions.add(*_permissions(apps, permissions))


def revoke(apps, group_name, permissions):
    for group in apps.get_model("auth", "Group").objects.filter(name=group_name):
        group.permissions.remove(*_permissions(apps, permissions))


def model_permissions(*models, actions=("add", "change", "delete", "view")):
    return [f"{action}_{model}" for model in models for action in actions]


def move_permissions(apps, model, old_app, new_app, new_model=None):
    """For a data migration moving `model` to `new_app` (renamed `new_model`): its content type follows,
    and so do the permissions hung on it and the groups that hold them (and the admin's history of its rows)."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    new_model = new_model or model
    if content_types.filter(app_label=old_app, model=model).exists():
        content_types.filter(app_label=new_app, model=new_model).delete()  # made since, and holding nothing
        content_types.filter(app_label=old_app, model=model).update(app_label=new_app, model=new_model)
