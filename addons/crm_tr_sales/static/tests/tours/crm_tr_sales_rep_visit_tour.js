import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * The visit's day: the first weekday at least a week ahead (the test makes sure it is a
 * working day), 16:00-17:00 Istanbul time, the rep's time zone.
 */
export function visitDay() {
    let day = luxon.DateTime.now().setZone("Europe/Istanbul").plus({ days: 7 }).startOf("day");
    while (day.weekday > 5) {
        day = day.plus({ days: 1 });
    }
    return day;
}

/** Odoo 19 shows a datetime with a value as a button; a click turns it into an input. */
export function setDatetime(name, value) {
    return [
        {
            trigger: `.o_field_widget[name='${name}'] button.o_input, .o_field_widget[name='${name}'] input`,
            content: `the ${name}`,
            run: "click",
        },
        {
            trigger: `.o_field_widget[name='${name}'] input`,
            run: `edit ${value} && press Enter`,
        },
    ];
}

/** A sales representative plans a visit to a customer with a company car, starts it and
 * completes it (Turkish interface; the test checks what was saved). */
registry.category("web_tour.tours").add("crm_tr_sales_rep_visit_tour", {
    url: "/odoo",
    steps: () => {
        const day = visitDay();
        // Typed in the browser's time zone (the web client's), 16:00-17:00 in Istanbul.
        const start = day.set({ hour: 16 }).toLocal().toFormat("dd.MM.yyyy HH:mm:ss");
        const end = day.set({ hour: 17 }).toLocal().toFormat("dd.MM.yyyy HH:mm:ss");
        return [
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
                trigger: ".o-dropdown--menu [data-menu-xmlid='crm_tr_sales.menu_crm_tr_visit']",
                content: "open the visits",
                run: "click",
            },
            {
                trigger: ".o_breadcrumb:contains('Ziyaretler')",
                content: "the visits list, in Turkish",
            },
            {
                trigger: ".o_control_panel_main_buttons .o_list_button_add",
                content: "plan a new visit",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name='partner_id'] input",
                content: "the customer",
                run: "edit Yıldız Otelcilik",
            },
            {
                trigger: ".o-autocomplete--dropdown-item a:contains('Yıldız Otelcilik')",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name='purpose'] input",
                content: "why he goes",
                run: "edit Otel klimaları keşfi",
            },
            ...setDatetime("planned_start", start),
            ...setDatetime("planned_end", end),
            {
                trigger: ".o_field_widget[name='vehicle_id'] input",
                content: "the company car",
                run: "edit 34 MKS",
            },
            {
                trigger: ".o-autocomplete--dropdown-item a:contains('34 MKS 120')",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name='distance_km'] input",
                content: "the distance, Turkish decimals",
                run: "edit 42,5",
            },
            {
                trigger: ".o_form_button_save",
                content: "save the visit",
                run: "click",
            },
            {
                trigger: ".o_form_saved",
                content: "saved: nobody and nothing double-booked, within working hours",
            },
            {
                trigger: ".o_form_view button[name='action_start']",
                content: "on the way",
                run: "click",
            },
            {
                trigger: ".o_form_view button[name='action_done'].btn-primary",
                content: "the visit took place",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name='state'] button.o_arrow_button_current[data-value='done']",
                content: "the visit is done",
            },
        ];
    },
});
