"""Follows move from accounts to communes, beside the members they follow: the new table is
created and filled with every follow (same ids, same dates); accounts then drops its own
(accounts 0004). Backwards, the rows go back to accounts' table."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models


def copy_rows(apps, schema_editor, source: str, target: str) -> None:
    source_model = apps.get_model(*source.split("."))
    target_model = apps.get_model(*target.split("."))
    alias = schema_editor.connection.alias
    rows = source_model.objects.using(alias).order_by("pk").values("pk", "user_id", "member_id", "created_at")
    target_model.objects.using(alias).bulk_create(
        [target_model(id=row["pk"], user_id=row["user_id"], member_id=row["member_id"],
                      created_at=row["created_at"]) for row in rows.iterator()],
        batch_size=1000,
    )
    # Ids were written as they were: the table's sequence starts after the highest.
    with schema_editor.connection.cursor() as cursor:
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [target_model]):
            cursor.execute(statement)


def forwards(apps, schema_editor):
    copy_rows(apps, schema_editor, "accounts.Follow", "communes.Follow")


def backwards(apps, schema_editor):
    copy_rows(apps, schema_editor, "communes.Follow", "accounts.Follow")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_follow'),
        ('communes', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Follow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followers', to='communes.member')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='follows', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'follow',
                'constraints': [models.UniqueConstraint(fields=('user', 'member'), name='communes_follow_once')],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
