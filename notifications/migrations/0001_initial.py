"""The outbox's models, taken over from cln_portal (whose migration 0003 renamed the tables).

State only: the tables exist already with their rows. The content types move to this app
so that staff permissions on the outbox follow.
"""

import django.db.models.deletion
from django.db import migrations, models

import notifications.registry

MODELS = ("notification", "notificationpreference")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="notifications", model=model).exists():
            ContentType.objects.filter(app_label="cln_portal", model=model).update(app_label="notifications")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="cln_portal", model=model).exists():
            ContentType.objects.filter(app_label="notifications", model=model).update(app_label="cln_portal")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cln_portal', '0003_outbox_moves_to_notifications'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('members', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=notifications.registry.kind_choices, max_length=30, verbose_name='type')),
                        ('about', models.CharField(max_length=100, verbose_name='objet concerné')),
                        ('recipient', models.EmailField(max_length=254, verbose_name='destinataire')),
                        ('scheduled_for', models.DateTimeField(verbose_name='prévu pour')),
                        ('status', models.CharField(choices=[('pending', 'à envoyer'), ('sent', 'envoyé'), ('failed', 'échec'), ('skipped', 'non envoyé (destinataire plus concerné)')], default='pending', max_length=10, verbose_name='état')),
                        ('subject', models.CharField(max_length=250, verbose_name='sujet')),
                        ('body_text', models.TextField(verbose_name='texte')),
                        ('body_html', models.TextField(blank=True, verbose_name='HTML')),
                        ('attachments', models.JSONField(blank=True, default=list, verbose_name='pièces jointes')),
                        ('headers', models.JSONField(blank=True, default=dict, verbose_name='en-têtes')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='tentatives')),
                        ('last_error', models.TextField(blank=True, verbose_name='dernière erreur')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='envoyé le')),
                        ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='notifications', to='members.member')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications (boîte d’envoi)',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['status', 'created_at'], name='cln_portal__status_d76a14_idx')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'about', 'recipient', 'scheduled_for'), name='notification_exactly_once')],
                    },
                ),
                migrations.CreateModel(
                    name='NotificationPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=notifications.registry.kind_choices, max_length=30, verbose_name='type')),
                        ('by_email', models.BooleanField(default=True, verbose_name='par e-mail')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to='members.member')),
                    ],
                    options={
                        'verbose_name': 'préférence de notification',
                        'verbose_name_plural': 'préférences de notification',
                        'constraints': [models.UniqueConstraint(fields=('member', 'kind'), name='notification_preference_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
