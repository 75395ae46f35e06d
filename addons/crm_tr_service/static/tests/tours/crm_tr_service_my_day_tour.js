import { registry } from "@web/core/registry";

/** A technician on a phone opens the Servis app on his day, starts the visit on site,
 * records the part he used and completes the visit (Turkish interface, phone-sized
 * screen). */
registry.category("web_tour.tours").add("crm_tr_service_my_day_tour", {
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
            content: "open the Servis app: his day",
            run: "click",
        },
        {
            trigger: ".o_crm_tr_my_day .o_kanban_record:contains('Kompresör sesi kontrolü') button[name='action_start']",
            content: "on site: start the visit from its card",
            run: "click",
        },
        {
            trigger: ".o_crm_tr_my_day .o_kanban_record:contains('Kompresör sesi kontrolü') button[name='action_done']",
            content: "the visit is in progress",
        },
        {
            trigger: ".o_crm_tr_my_day .o_kanban_record:contains('Kompresör sesi kontrolü') span:contains('Kompresör sesi kontrolü')",
            content: "open the visit",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook a[name='parts']",
            content: "the parts he used",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='part_ids'] .o-kanban-button-new",
            content: "add a part",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='product_id'] input",
            content: "choose the part",
            run: "click",
        },
        {
            trigger: ".modal .o_control_panel button:has(.fa-search)",
            content: "search the products (phone)",
            run: "click",
        },
        {
            trigger: ".modal .o_searchview_input",
            content: "the oil filter",
            run: "edit Klima yağ filtresi",
        },
        {
            trigger: ".o_searchview_autocomplete .o-dropdown-item:contains('Klima yağ filtresi')",
            content: "search the products by name",
            run: "click",
        },
        {
            trigger: ".modal .o_kanban_record:contains('Klima yağ filtresi')",
            content: "pick it",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='quantity'] input",
            content: "two of them",
            run: "edit 2",
        },
        {
            trigger: ".modal .o_form_button_save",
            content: "keep the part",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='part_ids'] .o_kanban_record:contains('Klima yağ filtresi')",
            content: "the part is on the visit",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_done']",
            content: "the work is done",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved:not(:has(.o_statusbar_buttons button[name='action_done']))",
            content: "the visit is done",
        },
    ],
});
