"""The outbox leaves cln_portal for its own app, ``notifications`` (issue 11: one-way layers).

The tables are renamed, not copied: every row stays (notifications/0001 takes the models
over in Django's state, and moves their content types so permissions follow).
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cln_portal', '0002_minutes_review_kind'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='notification', table='notifications_notification'),
                migrations.AlterModelTable(
                    name='notificationpreference', table='notifications_notificationpreference'
                ),
            ],
            state_operations=[
                migrations.DeleteModel(name='Notification'),
                migrations.DeleteModel(name='NotificationPreference'),
            ],
        ),
    ]
