from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Forum meetings")

    def ready(self) -> None:
        from meetings import personal_data
        from partners import audit_labels
        from realtime import kinds

        kinds.register("meetings.invitation", _("An invitation to a forum meeting"))
        kinds.register("meetings.cancelled", _("A forum meeting was cancelled"))
        kinds.register("meetings.action", _("The forum gave your organisation an action"))
        kinds.register("meetings.action_done", _("An action from a meeting you chaired was reported done"))
        kinds.register("meetings.adjuster", _("You were appointed to approve minutes"))
        kinds.register("meetings.approved", _("The minutes of a meeting were approved"))
        kinds.register("meetings.year_reminder", _("Reminder ahead of an event in the forum's year"))
        audit_labels.register(
            {
                "meeting.plan": _("Forum meeting planned"),
                "meeting.respond": _("Answered a meeting invitation"),
                "meeting.propose_agenda": _("Agenda proposed from the hub"),
                "meeting.item_add": _("Agenda item added"),
                "meeting.item_remove": _("Agenda item removed"),
                "meeting.item_move": _("Agenda item moved"),
                "meeting.item_rename": _("Agenda item renamed"),
                "meeting.minutes": _("Minutes written for an item"),
                "meeting.action_create": _("Meeting action given"),
                "meeting.action_done": _("Meeting action reported done"),
                "meeting.adjuster": _("Adjuster appointed"),
                "meeting.approve": _("Minutes approved"),
                "meeting.cancel": _("Forum meeting cancelled"),
                "annual_picture.save": _("Version of the year's lägesbild saved"),
                "action_plan.create": _("Åtgärdsplan started"),
                "action_plan.action_add": _("Action added to the åtgärdsplan"),
                "action_plan.adopt": _("Adoption of the åtgärdsplan recorded"),
                "action_plan.follow_up": _("Follow-up of an åtgärdsplan action recorded"),
                "year_date.add": _("Date entered in the årshjul"),
                "year_date.remove": _("Date removed from the årshjul"),
            },
            {
                "response": _("Answer"),
                "item": _("Agenda item"),
                "role": _("Role"),
                "due": _("Due date"),
                "user": _("Person"),
                "year": _("Year"),
                "version": _("Version"),
                "body": _("Adopted by"),
                "diary_number": _("Diary number"),
            },
        )
        personal_data.register()
