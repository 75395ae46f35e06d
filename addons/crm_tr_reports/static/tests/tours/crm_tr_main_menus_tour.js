import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/** Opens an app from the apps menu. */
function openApp(xmlid) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            trigger: `.o_app[data-menu-xmlid='${xmlid}']`,
            content: `open the app ${xmlid}`,
            run: "click",
        },
    ];
}

/** Opens a menu of the current app, through its top-level section when it has one. */
function openMenu(sectionXmlid, menuXmlid) {
    const steps = [
        {
            trigger: `.o_menu_sections [data-menu-xmlid='${sectionXmlid}']`,
            content: `open the menu section ${sectionXmlid}`,
            run: "click",
        },
    ];
    if (menuXmlid) {
        steps.push({
            trigger: `.dropdown-menu [data-menu-xmlid='${menuXmlid}'], .o-dropdown--menu [data-menu-xmlid='${menuXmlid}']`,
            content: `open the menu ${menuXmlid}`,
            run: "click",
        });
    }
    return steps;
}

/** Opens the first record of a list view and waits for its form to show the given field. */
function openFirstListRecord(field) {
    return [
        {
            trigger: ".o_list_view .o_data_row:first-child .o_data_cell:not(.o_list_record_selector)",
            content: "open the first record",
            run: "click",
        },
        {
            trigger: `.o_form_view .o_field_widget[name='${field}']`,
            content: `the form shows ${field}`,
        },
    ];
}

registry.category("web_tour.tours").add("crm_tr_main_menus_tour", {
    url: "/odoo",
    steps: () => [
        // crm_tr_sms: SMS Marketing > Consents > İYS Consents
        ...openApp("mass_mailing_sms.mass_mailing_sms_menu_root"),
        ...openMenu("crm_tr_sms.menu_crm_tr_sms_consent_root", "crm_tr_sms.menu_crm_tr_iys_consent"),
        ...openFirstListRecord("recipient"),

        // crm_tr_sales: CRM > Sales > Visits
        ...openApp("crm.crm_menu_root"),
        ...openMenu("crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_sales_visit"),
        ...openFirstListRecord("vehicle_id"),

        // crm_tr_service: the Servis app opens on its service cases
        ...openApp("crm_tr_service.menu_crm_tr_service_root"),
        {
            trigger: ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)",
            content: "open a service case",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='lot_id']",
            content: "the case form shows its serial number",
        },

        // crm_tr_loyalty: Sales > Loyalty > Invoice Earning Rules
        ...openApp("sale.sale_menu_root"),
        ...openMenu("crm_tr_loyalty.menu_crm_tr_loyalty_root", "crm_tr_loyalty.menu_crm_tr_loyalty_earn_rule"),
        ...openFirstListRecord("points"),
        ...openApp("sale.sale_menu_root"),
        ...openMenu("crm_tr_loyalty.menu_crm_tr_loyalty_root", "crm_tr_loyalty.menu_crm_tr_loyalty_accrual"),
        {
            trigger: ".o_list_view .o_data_row",
            content: "the demo invoices earned points",
        },

        // crm_tr_reports: CRM > Reporting > Customer Revenue
        ...openApp("crm.crm_menu_root"),
        ...openMenu("crm.crm_menu_report", "crm_tr_reports.menu_crm_tr_reports_crm"),
        {
            trigger: ".o_pivot .o_pivot_cell_value",
            content: "the revenue analysis shows figures",
        },
    ],
});
