from django.db import migrations, models


class Migration(migrations.Migration):
    """Outbox keys carry a version: a key and version are unique, not a key alone."""

    dependencies = [
        ("website", "0002_outbox_recipient"),
    ]

    operations = [
        migrations.AddField(
            model_name="outbox",
            name="version",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="outbox",
            name="key",
            field=models.CharField(max_length=200),
        ),
        migrations.AddConstraint(
            model_name="outbox",
            constraint=models.UniqueConstraint(fields=("key", "version"), name="outbox_key_version"),
        ),
    ]
