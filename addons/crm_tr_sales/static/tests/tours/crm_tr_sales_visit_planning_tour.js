import { drag, hover } from "@odoo/hoot-dom";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * The tour's day: Wednesday of next week, in UTC (the test plans its visits in UTC and
 * checks them in UTC; the calendar draws them in the browser's time zone).
 */
export function planningDay() {
    return luxon.DateTime.utc().plus({ weeks: 1 }).startOf("week").plus({ days: 2 });
}

/** The time row of the calendar where a UTC time of the day is drawn. */
function timeRow(hour, minute = 0) {
    const local = planningDay().set({ hour, minute }).toLocal();
    return document.querySelector(`.fc-timegrid-slot-lane[data-time="${local.toFormat("HH:mm:ss")}"]`);
}

function dayColumn() {
    const local = planningDay().set({ hour: 12 }).toLocal();
    return document.querySelector(`.fc-col-header-cell.fc-day[data-date="${local.toISODate()}"]`);
}

function visitEvent(purpose) {
    return [...document.querySelectorAll(".o_calendar_view .fc-event")].find((el) =>
        el.textContent.includes(purpose)
    );
}

/** Where FullCalendar drew the event: its harness' place in the day column. */
function drawnAt(purpose) {
    return visitEvent(purpose).closest(".fc-timegrid-event-harness").getAttribute("style");
}

/** Drag a visit by its first pixel row onto `row` (as Odoo's own calendar tests do). */
async function moveVisitTo(purpose, row) {
    const event = visitEvent(purpose);
    event.scrollIntoView({ behavior: "instant", block: "center" });
    const column = dayColumn().getBoundingClientRect();
    const { moveTo, drop } = await drag(event, { position: { y: 1 }, relative: true });
    const rect = row.getBoundingClientRect();
    await moveTo(row, { position: { x: column.x + column.width / 2, y: rect.y + 1 } });
    await drop();
}

/** Drag the end of a visit to the top of `row`. */
async function resizeVisitTo(purpose, row) {
    const event = visitEvent(purpose);
    event.scrollIntoView({ behavior: "instant", block: "center" });
    await hover(event.querySelector(".fc-event-main"));
    const resizer = event.querySelector(".fc-event-resizer-end");
    Object.assign(resizer.style, { display: "block", height: "1px", bottom: "0" });
    const column = dayColumn().getBoundingClientRect();
    const { drop } = await drag(resizer);
    await drop(row, { position: { x: column.x, y: -1 }, relative: true });
}

const MORNING = "Sabah bakımı";
const AFTERNOON = "Öğleden sonra montaj";
let refusedAt = null;

/**
 * A team leader reschedules visits on the visit calendar (Turkish interface, desktop): the
 * entries name the customer and the purpose; dropping or stretching a visit onto another
 * visit of the same technician is refused with the reason, and the visit goes back; a free
 * time is saved (the test checks what was saved).
 */
registry.category("web_tour.tours").add("crm_tr_sales_visit_planning_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            content: "open CRM",
            run: "click",
        },
        {
            trigger: ".o_menu_sections [data-menu-xmlid='crm.crm_menu_sales']",
            content: "open the Sales menu",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu [data-menu-xmlid='crm_tr_sales.menu_crm_tr_visit_planning']",
            content: "open the visit planning",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Ziyaret Planlama')",
            content: "the planning, in Turkish",
        },
        {
            trigger: ".o_calendar_view .fc-timeGridWeek-view",
            content: "a week of visits",
        },
        {
            trigger: ".o_calendar_button_next",
            content: "next week",
            run: "click",
        },
        {
            trigger: `.o_calendar_view .fc-event .o_event_title:contains('Rota Klinik A.Ş.'):contains('${MORNING}')`,
            content: "the entry names the customer and the purpose",
        },
        {
            trigger: `.o_calendar_view .fc-event .o_event_title:contains('${AFTERNOON}')`,
            content: "drop the morning visit onto the afternoon one of the same technician",
            async run() {
                refusedAt = drawnAt(MORNING);
                await moveVisitTo(MORNING, timeRow(11));
            },
        },
        {
            trigger: `.modal:contains('${AFTERNOON}') .modal-footer .btn-primary`,
            content: "refused, with the clash named",
            run: "click",
        },
        {
            trigger: `body:not(:has(.modal)) .o_calendar_view .fc-event:contains('${MORNING}')`,
            content: "the refused visit is back at its time",
            run() {
                if (drawnAt(MORNING) !== refusedAt) {
                    throw new Error(`The refused visit stayed where it was dropped (${drawnAt(MORNING)}, was ${refusedAt}).`);
                }
            },
        },
        {
            trigger: `.o_calendar_view .fc-event:contains('${MORNING}')`,
            content: "move it to a free hour",
            async run() {
                await moveVisitTo(MORNING, timeRow(8));
            },
        },
        {
            trigger: `body:not(:has(.modal)) .o_calendar_view .fc-event:contains('${MORNING}')`,
            content: "saved at the new time",
            run() {
                if (drawnAt(MORNING) === refusedAt) {
                    throw new Error("The visit did not move.");
                }
                refusedAt = drawnAt(MORNING);
            },
        },
        {
            trigger: `.o_calendar_view .fc-event:contains('${MORNING}')`,
            content: "stretch it over the afternoon visit",
            async run() {
                await resizeVisitTo(MORNING, timeRow(11, 30));
            },
        },
        {
            trigger: `.modal:contains('${AFTERNOON}') .modal-footer .btn-primary`,
            content: "refused again, with the clash named",
            run: "click",
        },
        {
            trigger: `body:not(:has(.modal)) .o_calendar_view .fc-event:contains('${MORNING}')`,
            content: "the visit keeps its hour",
            run() {
                if (drawnAt(MORNING) !== refusedAt) {
                    throw new Error(`The refused resize stayed (${drawnAt(MORNING)}, was ${refusedAt}).`);
                }
            },
        },
        {
            trigger: ".o_switch_view.o_list",
            content: "the planning as a list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_name:contains('Rota Teknisyeni')",
            content: "grouped by employee",
        },
        {
            trigger: ".o_switch_view.o_kanban",
            content: "the planning as a kanban",
            run: "click",
        },
        {
            trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains('Rota Teknisyeni')",
            content: "a column per employee",
        },
    ],
});
