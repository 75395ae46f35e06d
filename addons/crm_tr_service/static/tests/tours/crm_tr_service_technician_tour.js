import { registry } from "@web/core/registry";

/** A technician on a phone opens the Servis app, goes from his day to the cases, finds the
 * case assigned to him, starts the work on site and marks it solved (Turkish interface,
 * phone-sized screen). */
registry.category("web_tour.tours").add("crm_tr_service_technician_tour", {
    url: "/odoo",
    steps: () => [
        {
            trigger: ".o_main_navbar .o_menu_toggle",
            content: "open the menu (phone)",
            run: "click",
        },
        {
            trigger: ".o_app_menu_sidebar .o_sidebar_topbar a.btn-primary",
            content: "show all apps",
            run: "click",
        },
        {
            trigger: ".o_app_menu_sidebar li.o_app[data-menu-xmlid='crm_tr_service.menu_crm_tr_service_root']",
            content: "open the Servis app (his day first)",
            run: "click",
        },
        {
            trigger: ".o_crm_tr_my_day",
            content: "the app opens on his day",
        },
        {
            trigger: ".o_main_navbar .o_menu_toggle",
            content: "open the app's menu (phone)",
            run: "click",
        },
        {
            trigger: ".o_app_menu_sidebar li[data-menu-xmlid='crm_tr_service.menu_crm_tr_service_case']",
            content: "the service cases",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Servis Kayıtları')",
            content: "the service cases, in Turkish",
        },
        {
            trigger: ".o_kanban_record:contains('Salon kliması su akıtıyor')",
            content: "the case assigned to him",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='lot_id'] input:value(MK12-TUR-0001)",
            content: "the unit's serial number is on the case",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_start']",
            content: "start the work on site",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='resolution_note'] .odoo-editor-editable",
            content: "what he did for the customer",
            run: "editor Drenaj hortumu temizlendi.",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_solve']",
            content: "the problem is solved",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_reopen']",
            content: "the case is closed",
        },
    ],
});
