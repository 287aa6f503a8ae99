from django.db import migrations


def rename(old: str, new: str):
    def run(apps, schema_editor):
        apps.get_model("website", "Outbox").objects.filter(kind=old).update(kind=new)

    return run


class Migration(migrations.Migration):
    """Personal mail is the platform's (website.notify), not the cohorts': rows written before
    keep being sent under the kind's new name."""

    dependencies = [
        ("website", "0003_outbox_version"),
    ]

    operations = [
        migrations.RunPython(rename("cohorts.mail", "personal_mail"), rename("personal_mail", "cohorts.mail")),
    ]
