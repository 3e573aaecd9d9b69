from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from agreements import personal_data
        from partners import audit_labels
        from realtime import kinds

        kinds.register("agreement_open", _("An agreement is open for signing"))
        kinds.register("agreement_reminder", _("Reminder: an agreement awaits your signature"))
        kinds.register("agreement_signed", _("An agreement was signed"))
        kinds.register("agreement_withdrawn", _("A signature was withdrawn"))
        kinds.register("agreement_declined", _("An organisation declined an agreement"))
        audit_labels.register(
            {
                "agreement.create": _("Agreement created"),
                "agreement_version.draft": _("Agreement version drafted"),
                "agreement_version.update": _("Agreement version edited"),
                "agreement_version.open": _("Agreement version opened for signing"),
                "agreement_version.in_force": _("Agreement version entered into force"),
                "agreement_version.supersede": _("Agreement version superseded"),
                "agreement_version.expire": _("Agreement version expired"),
                "agreement_version.remind": _("Signing reminder sent"),
                "agreement_version.decline": _("Organisation declined to sign"),
                "signature.create": _("Agreement signed"),
                "signature.withdraw": _("Signature withdrawn"),
                "signature.confirm_failed": _("Wrong password or code when signing"),
                "followup.record": _("Measure follow-up recorded"),
                "followup_period.create": _("Follow-up period created"),
                "followup_period.update": _("Follow-up period changed"),
            },
            {
                "version": _("Version"),
                "from_version": _("From version"),
                "sha256": _("Text hash (SHA-256)"),
                "spent_sek": _("Spent (SEK)"),
                "method": _("Method"),
                "failures": _("Failed attempts"),
                "is_open": _("Open"),
                "copies": _("Copies"),
            },
        )
        personal_data.register()
