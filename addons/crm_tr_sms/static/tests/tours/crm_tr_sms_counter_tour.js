import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

const turkish155 = "ş" + "a".repeat(154);

registry.category("web_tour.tours").add("crm_tr_sms_counter_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='mass_mailing_sms.mass_mailing_sms_menu_root']",
            run: "click",
        },
        {
            trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            content: "write a new SMS mailing",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=crm_tr_message_type] input[data-value=informational]",
            content: "an informational message: no opt-out instruction counted",
            run: "click",
        },
        {
            trigger: ".o_field_sms_widget textarea",
            content: "155 characters with a Turkish letter make one Turkish SMS",
            run: `edit ${turkish155}`,
        },
        {
            trigger: ".o_sms_count:contains('155/155'):contains('1 SMS (Turkish alphabet)')",
        },
        {
            trigger: ".o_field_sms_widget textarea",
            content: "one more character makes two parts of 149",
            run: `edit ${turkish155}b`,
        },
        {
            trigger: ".o_sms_count:contains('156/298'):contains('2 SMS (Turkish alphabet)')",
        },
        {
            trigger: ".o_field_sms_widget textarea",
            content: "Ç, Ö and Ü are plain GSM-7",
            run: "edit Çiçek yok: ÇÖÜ öü",
        },
        {
            trigger: ".o_sms_count:contains('1 SMS (Turkish alphabet)')",
            content: "ç (lower case) is not GSM-7: Turkish alphabet",
        },
        {
            trigger: ".o_field_sms_widget textarea",
            run: "edit ÇÖÜ öü",
        },
        {
            trigger: ".o_sms_count:contains('6/160'):contains('1 SMS (GSM-7)')",
        },
        {
            trigger: ".o_field_sms_widget textarea",
            run: "edit Привет",
        },
        {
            trigger: ".o_sms_count:contains('6/70'):contains('1 SMS (Unicode)')",
        },
        {
            trigger: ".o_form_button_cancel",
            content: "discard the draft",
            run: "click",
        },
        {
            trigger: ".o_list_view, .o_kanban_view",
            content: "back on the list of SMS mailings",
        },
    ],
});
