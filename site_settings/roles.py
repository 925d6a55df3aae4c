"""Permission groups as the data migrations create them: a named group and exact permissions.

Used by migrations only, with the historical `apps` they are given.
"""

from django.contrib.auth.management import create_permissions


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
