import { registry } from "@web/core/registry";

/**
 * In Turkish: open the customer revenue analysis (pivot), export it with "Export to Excel
 * (formatted)" from the cog menu, then do the same from the list view. The test
 * (tests/test_xlsx_export_tour.py) checks that the workbook route was hit with the search.
 */
registry.category("web_tour.tours").add("crm_tr_xlsx_export_tour", {
    url: "/odoo/action-crm_tr_reports.crm_tr_report_customer_revenue_action",
    steps: () => [
        {
            trigger: ".o_breadcrumb:contains('Müşteri Cirosu')",
            content: "the report opens in Turkish",
        },
        {
            trigger: ".o_pivot .o_pivot_cell_value",
            content: "the pivot shows figures",
        },
        {
            trigger: ".o_cp_action_menus i.fa-cog",
            content: "open the cog menu",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o_crm_tr_xlsx_export",
            content: "export to a formatted workbook",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o-dropdown--menu))",
            content: "the menu closes while the file downloads",
        },
        {
            trigger: ".o_switch_view.o_list",
            content: "switch to the list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row",
            content: "the list shows the invoice lines",
        },
        {
            trigger: ".o_cp_action_menus i.fa-cog",
            content: "open the cog menu of the list",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o_crm_tr_xlsx_export",
            content: "export the list",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o-dropdown--menu))",
        },
    ],
});
