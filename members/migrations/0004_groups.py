"""The two groups of the portal's permission model: council members and staff."""

from django.db import migrations

MEMBER_PERMISSIONS = ["view_member"]
STAFF_PERMISSIONS = [
    "view_member",
    "add_member",
    "change_member",
    "view_invitation",
    "add_invitation",
    "view_auditentry",
    "view_erasurerequest",
    "change_erasurerequest",
    "view_mandateperiod",
]


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after the whole migrate run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("membres", MEMBER_PERMISSIONS), ("équipe", STAFF_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="members", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_mandates_invitations_audit_erasure"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
