"""Duidingen written before this showed their author's e-mail address (or full name) to the public.

From now on the label is role and organisation ("Coördinator coalitie, Gemeente Utrecht"), as the coalition
layer writes it (coalitions/selectors/duiding.py). This rewrites the old labels the same way. Data only.
"""

from django.db import migrations

# The Dutch labels of accounts.models.Role at the time of writing (a migration does not import app code).
ROLE_LABELS = {
    "coordinator": "Coördinator coalitie",
    "partner_member": "Medewerker partnerorganisatie",
    "national": "Landelijk programma",
    "org_admin": "Beheerder organisatie",
    "platform_admin": "Beheerder platform",
}


def relabel(apps, schema_editor):
    Duiding = apps.get_model("startfoto", "Duiding")
    Membership = apps.get_model("accounts", "Membership")
    for duiding in Duiding.objects.all():
        memberships = Membership.objects.filter(user_id=duiding.author_id).select_related("organisation")
        membership = memberships.filter(role="coordinator").first() or memberships.order_by("created_at").first()
        if membership is None:
            label = ROLE_LABELS["coordinator"]
        else:
            label = f"{ROLE_LABELS.get(membership.role, membership.role)}, {membership.organisation.name}"
        if duiding.author_label != label:
            duiding.author_label = label[:200]
            duiding.save(update_fields=["author_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("startfoto", "0001_initial"),
        ("accounts", "0002_roles_requests_reviews"),
    ]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
