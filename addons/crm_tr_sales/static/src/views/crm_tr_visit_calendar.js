import { registry } from "@web/core/registry";
import { calendarView } from "@web/views/calendar/calendar_view";
import { CalendarModel } from "@web/views/calendar/calendar_model";

/**
 * The visit calendar: a visit dragged or resized onto a time the server refuses (a clash
 * with another visit of the same people, vehicle or equipment, outside working hours, on
 * a leave) goes back where it was, and the reason is shown (the error dialog of the
 * ValidationError). Odoo's calendar would leave it drawn at the refused time until the
 * next reload.
 */
export class CrmTrVisitCalendarModel extends CalendarModel {
    async updateRecord(record, options = {}) {
        try {
            await super.updateRecord(record, options);
        } catch (error) {
            await this.load();
            throw error;
        }
    }
}

export const crmTrVisitCalendarView = {
    ...calendarView,
    Model: CrmTrVisitCalendarModel,
};

registry.category("views").add("crm_tr_visit_calendar", crmTrVisitCalendarView);
