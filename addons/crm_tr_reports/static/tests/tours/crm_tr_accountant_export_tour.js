import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * In Turkish: the accountant export dialog, for the current year of the demo company,
 * exported (tests/test_xlsx_export_tour.py checks the workbook).
 */
registry.category("web_tour.tours").add("crm_tr_accountant_export_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='crm_tr_reports.menu_crm_tr_reports_root']",
            content: "open the Analysis app",
            run: "click",
        },
        {
            trigger: ".o_menu_sections [data-menu-xmlid='crm_tr_reports.menu_crm_tr_reports_accounting']",
            content: "open its accounting section",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu [data-menu-xmlid='crm_tr_reports.menu_crm_tr_reports_accountant_export']",
            content: "open the accountant export",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='date_from'] button",
            content: "the period's start",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='date_from'] input",
            content: "the period starts on the first of January",
            run: `edit 01.01.${new Date().getFullYear()}`,
        },
        {
            trigger: ".modal .o_field_widget[name='date_to'] button",
            content: "the period's end",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='date_to'] input",
            content: "and ends on the last of December",
            run: `edit 31.12.${new Date().getFullYear()}`,
        },
        {
            trigger: ".modal .modal-title",
            content: "close the date picker",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='date_to'] button:contains('31 Ara')",
            content: "the period is the whole year",
        },
        {
            trigger: ".modal-footer button[name='action_export']",
            content: "export",
            run: "click",
        },
        {
            trigger: ".modal-footer button[name='action_export']:enabled",
            content: "the workbook downloads; the dialog stays open for another period",
        },
    ],
});
