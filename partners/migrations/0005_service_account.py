from django.db import migrations, models

# API keys made before this migration have service identities known only by their address.
SERVICE_ACCOUNT_DOMAIN = "api-keys.invalid"


def mark_existing_service_accounts(apps, schema_editor):
    User = apps.get_model("partners", "User")
    User.objects.filter(email__endswith="@" + SERVICE_ACCOUNT_DOMAIN).update(is_service_account=True)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_area_boundary"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="is_service_account",
            field=models.BooleanField(default=False, editable=False, verbose_name="service account"),
        ),
        migrations.RunPython(mark_existing_service_accounts, migrations.RunPython.noop),
    ]
