import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * A sales rep looks at a customer's 360 figures, opens the customer's "360" tab, then plans
 * calls to his neglected customers (Turkish interface; the test checks what was created).
 */
registry.category("web_tour.tours").add("crm_tr_sales_customer_360_tour", {
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
            trigger: ".o-dropdown--menu [data-menu-xmlid='crm_tr_sales.menu_crm_tr_customer_stat']",
            content: "open Customer 360",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Müşteri 360')",
            content: "the list is titled in Turkish",
        },
        {
            trigger: ".o_data_row td[name='partner_id']:contains('Kapadokya Seramik')",
            content: "open the customer's figures",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='customer_class']",
            content: "its class",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='revenue']:contains('₺')",
            content: "its revenue in Turkish lira",
        },
        {
            trigger: ".o_form_view button[name='action_open_partner']",
            content: "open the customer",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains('360')",
            content: "open the 360 tab",
            run: "click",
        },
        {
            trigger: ".o_notebook .o_field_widget[name='crm_tr_customer_class']",
            content: "the class in the tab",
        },
        {
            trigger: ".o_notebook button[name='action_crm_tr_recompute_360']",
            content: "recompute now",
            run: "click",
        },
        {
            trigger: ".o_notebook .o_field_widget[name='crm_tr_revenue']:contains('₺')",
            content: "the revenue is still there",
        },
        {
            trigger: ".o_menu_sections [data-menu-xmlid='crm.crm_menu_sales']",
            content: "open the Sales menu",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu [data-menu-xmlid='crm_tr_sales.menu_crm_tr_neglected']",
            content: "open Neglected Customers",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('İhmal Edilen Müşteriler')",
            content: "the neglected customers",
        },
        {
            trigger: ".o_data_row",
            content: "at least one",
        },
        {
            trigger: ".o_control_panel button[name='action_crm_tr_plan_neglected'], .o_list_buttons button[name='action_crm_tr_plan_neglected']",
            content: "plan them",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='mode'] input[data-value='activity']",
            content: "calls rather than visits",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_plan']",
            content: "plan",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row td[name='date']:not(:empty)",
            content: "a call was planned on a day",
        },
        {
            trigger: ".modal .modal-footer button:contains('Kapat')",
            content: "close",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
            content: "closed",
        },
    ],
});
