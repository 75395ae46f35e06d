import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/** A sales representative plans a visit to a customer with a company car, then completes it
 * (Turkish interface; the test checks what was saved). */
registry.category("web_tour.tours").add("crm_tr_sales_rep_visit_tour", {
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
            trigger: ".o-dropdown--menu [data-menu-xmlid='crm_tr_sales.menu_crm_tr_sales_visit']",
            content: "open the visits",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Satış Ziyaretleri')",
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
            trigger: ".o_field_widget[name='duration'] input",
            content: "an hour and a half",
            run: "edit 01:30",
        },
        {
            trigger: ".o_form_button_save",
            content: "save the visit",
            run: "click",
        },
        {
            trigger: ".o_form_saved .o_form_view button[name='action_done'], .o_form_view .o_form_saved button[name='action_done'], .o_form_view button[name='action_done']",
            content: "the visit took place",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='state'] button.o_arrow_button_current[data-value='done']",
            content: "the visit is done",
        },
    ],
});
