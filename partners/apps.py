from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        # Logins are Django's own events; the receivers only write the audit log.
        from partners import audit_labels, personal_data, receivers  # noqa: F401
        from realtime import kinds

        personal_data.register()
        kinds.register("audit.chain_broken", _("The audit log's tamper check failed"))
        audit_labels.register(
            {
                "auth.login": pgettext_lazy("audit event", "Logged in"),
                "auth.login_failed": _("Failed login"),
                "auth.logout": pgettext_lazy("audit event", "Logged out"),
                "auth.session_end": _("Session ended"),
                "invitation.send": _("Invitation sent"),
                "invitation.accept": _("Invitation accepted"),
                "invitation.revoke": _("Invitation revoked"),
                "member.role": _("Member's role changed"),
                "member.signatory": _("Signatory changed"),
                "member.deactivate": _("Member deactivated"),
                "member.reactivate": _("Member reactivated"),
                "organisation.create": _("Organisation created"),
                "organisation.update": _("Organisation details changed"),
                "organisation.deactivate": _("Organisation taken out of the network"),
                "organisation.reactivate": _("Organisation back in the network"),
                "role.grant": _("Hub role given"),
                "role.withdraw": _("Hub role withdrawn"),
                "area.create": _("Area created"),
                "area.update": _("Area changed"),
                "area.boundary": _("Area boundary imported"),
                "personal_data.export": _("Personal data exported"),
            },
            {
                "organisation": _("Organisation"),
                "user": _("User"),
                "email": _("Email"),
                "role": _("Role"),
                "is_signatory": _("Signatory"),
                "reason": _("Reason"),
                "status": _("Status"),
                "kind": _("Kind"),
                "title": _("Title"),
                "fields": _("Fields"),
                "ip": _("Address"),
                "user_agent": _("Browser"),
            },
        )
