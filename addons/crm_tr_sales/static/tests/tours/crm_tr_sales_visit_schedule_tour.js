import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const PLACED = "Tur klima bakımı";
const LEFT_OUT = "Tur asansör bakımı";

/**
 * A team leader runs the visit scheduler from CRM → Sales (Turkish interface): the visits
 * waiting to be scheduled are listed; after "Schedule", the placed ones and the left-out
 * ones with their reason (the test checks what was saved).
 */
registry.category("web_tour.tours").add("crm_tr_sales_visit_schedule_tour", {
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
            trigger: ".o-dropdown--menu [data-menu-xmlid='crm_tr_sales.menu_crm_tr_visit_schedule']",
            content: "open the visit scheduler",
            run: "click",
        },
        {
            trigger: `.modal .o_field_widget[name=visit_ids] .o_data_row:contains('${PLACED}')`,
            content: "the visits waiting to be scheduled are listed",
        },
        {
            trigger: `.modal .o_field_widget[name=visit_ids] .o_data_row:contains('${LEFT_OUT}')`,
            content: "all of them",
        },
        {
            trigger: ".modal .modal-footer button[name=action_schedule]",
            content: "schedule them",
            run: "click",
        },
        {
            trigger: `.modal .o_field_widget[name=placed_visit_ids] .o_data_row:contains('${PLACED}'):contains('Tur Teknisyeni')`,
            content: "placed on the technician who may service it",
        },
        {
            trigger: `.modal .o_field_widget[name=left_out_visit_ids] .o_data_row:contains('${LEFT_OUT}'):contains('Tur Asansör')`,
            content: "left out, with the reason",
        },
        {
            trigger: ".modal .modal-footer button[name=action_open_placed]",
            content: "open the planning of the placed visits",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal)) .o_calendar_view",
            content: "the planning opens",
        },
    ],
});
