import { registry } from "@web/core/registry";

/**
 * A large export (the threshold lowered by the test): the list's "Export to Excel
 * (formatted)" queues it and tells the user it will arrive in the inbox.
 */
registry.category("web_tour.tours").add("crm_tr_xlsx_background_tour", {
    url: "/odoo/action-crm_tr_reports.crm_tr_report_customer_revenue_action?view_type=list",
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row",
            content: "the list shows the invoice lines",
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
            trigger: ".o_notification:has(.o_notification_bar.bg-info) .o_notification_content",
            content: "the export is queued: it will arrive in the inbox",
        },
    ],
});
