import { registry } from "@web/core/registry";

/** End to end, from the customer's request to her answer to the satisfaction survey
 * (tests/test_ui_case_lifecycle.py runs the three tours in turn, on a phone, in Turkish). */

const SUBJECT = "Kombi sıcak su vermiyor";

/** 1. The portal customer opens a case for one of her company's own units. */
registry.category("web_tour.tours").add("crm_tr_service_e2e_portal_tour", {
    steps: () => [
        {
            trigger: "a.o_crm_tr_new_case",
            content: "open a new case from her service cases",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "form.o_crm_tr_case_form input[name='subject']",
            content: "what is wrong",
            run: `edit ${SUBJECT}`,
        },
        {
            trigger: "form.o_crm_tr_case_form select[name='lot_id']",
            content: "one of her company's own units",
            run: "selectByLabel KMB24-E2E-0001",
        },
        {
            trigger: "form.o_crm_tr_case_form textarea[name='description']",
            content: "the details",
            run: "edit Musluklardan soğuk su akıyor, kombi 0,8 bar gösteriyor.",
        },
        {
            trigger: "form.o_crm_tr_case_form button[type='submit']",
            content: "send it",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: `.o_crm_tr_case_subject:contains('${SUBJECT}')`,
            content: "the case is open",
        },
    ],
});

/** 2. The technician, on his phone, opens the case from My Cases, works on it, waits for
 * the customer, resumes and solves it with what he did. */
registry.category("web_tour.tours").add("crm_tr_service_e2e_technician_tour", {
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
            content: "open the Servis app",
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
            trigger: ".o_app_menu_sidebar li[data-menu-xmlid='crm_tr_service.menu_crm_tr_service_my_cases']",
            content: "his cases",
            run: "click",
        },
        {
            trigger: `.o_kanban_record:contains('${SUBJECT}')`,
            content: "the customer's new case, assigned to him",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='lot_id'] input:value(KMB24-E2E-0001)",
            content: "the unit she chose is on the case",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_start']",
            content: "start the work",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button.o-dropdown",
            content: "the other actions (phone: behind a menu)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu button[name='action_wait']",
            content: "a part is needed: wait for the customer's approval",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_start']",
            content: "approved: back to work",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='resolution_note'] .odoo-editor-editable",
            content: "what he did for the customer",
            run: "editor Üç yollu vana değiştirildi, sıcak su geliyor.",
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

/** 3. The customer follows the SMS's short link and answers the satisfaction survey. */
registry.category("web_tour.tours").add("crm_tr_service_e2e_survey_tour", {
    steps: () => [
        {
            trigger: ".o_survey_start button[value='start']:not(.disabled)",
            content: "start the survey",
            run: "click",
        },
        {
            trigger: "div.js_question-wrapper:contains('Aldığınız servisten') label[for$='_5']",
            content: "very satisfied: 5",
            run: "click",
        },
        {
            trigger: "div.js_question-wrapper:contains('Teknisyenimizin') label:contains('Çok iyi')",
            content: "the technician was very good",
            run: "click",
        },
        {
            trigger: "div.js_question-wrapper:contains('görüş ve önerileriniz') textarea",
            content: "a comment",
            run: "edit Aynı gün geldiler, teşekkürler.",
        },
        {
            trigger: "button[value='finish']:not(.disabled)",
            content: "submit",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            content: "confirm",
            run: "click",
        },
        {
            trigger: ".o_survey_finished",
            content: "thanked",
        },
    ],
});
