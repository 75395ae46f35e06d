from odoo import api, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    @api.model
    def _get_activity_excluded_models(self):
        # A visit is its own plan (states, Start, Done): its event adds no "meeting" activity
        # that would stay overdue on a done visit.
        return [*super()._get_activity_excluded_models(), "crm_tr.visit"]

    def write(self, vals):
        """A visit's event moved in Odoo's calendar (or in the Outlook or Google calendar it
        syncs with) moves the visit: its bookings and working-hour rules decide, and refuse
        the move with their reason."""
        result = super().write(vals)
        if {"start", "stop"} & vals.keys() and not self.env.context.get("crm_tr_visit_sync"):
            visits = self.env["crm_tr.visit"].search([("event_id", "in", self.ids)])
            for visit in visits:
                if visit.state == "done":
                    continue
                event = visit.event_id
                if (event.start, event.stop) != (visit.planned_start, visit.planned_end):
                    visit.with_context(crm_tr_visit_sync=True).write(
                        {"planned_start": event.start, "planned_end": event.stop}
                    )
        return result
