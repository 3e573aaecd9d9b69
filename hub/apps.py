from django.apps import AppConfig


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = "Samverkan"

    def ready(self) -> None:
        # The one place where domain apps that may not import each other are joined.
        from agreements.selectors import response_target_hours
        from escalations.services import escalate_on_behalf_of_system
        from hub import fragments
        from hub.middleware import session_seconds_left, socket_account_problem
        from realtime import access
        from reports import hooks as report_hooks

        fragments.watch()
        access.set_account_check(socket_account_problem, seconds_left=session_seconds_left)
        report_hooks.connect(
            response_target_hours=response_target_hours,
            escalate_to_leadership=escalate_on_behalf_of_system,
        )
