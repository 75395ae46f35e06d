import { registry } from "@web/core/registry";

// Starts on the demo campaign's form (Turkish interface, the administrator). The counter
// is read while typing (no blur: hoot's edit only sends input events), with the company's
// opt-out instruction counted in a commercial message.
const body = "ş" + "a".repeat(119);

registry.category("web_tour.tours").add("crm_tr_sms_campaign_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_sms_widget textarea",
            content: "120 characters with a Turkish letter",
            run: `edit ${body}`,
        },
        {
            trigger: ".o_sms_count:contains('ret talimatı dahil'):contains('2 SMS (Türkçe alfabe)')",
            content: "with the opt-out instruction it no longer fits in one part, counted while typing",
        },
        {
            trigger: ".o_field_widget[name=crm_tr_message_type] input[data-value=informational]",
            content: "an informational message carries no opt-out instruction",
            run: "click",
        },
        {
            trigger: ".o_sms_count:not(:contains('dahil')):contains('120/155'):contains('1 SMS (Türkçe alfabe)')",
        },
        {
            trigger: ".o_field_widget[name=crm_tr_message_type] input[data-value=commercial]",
            run: "click",
        },
        {
            trigger: ".o_sms_count:contains('2 SMS (Türkçe alfabe)')",
        },
        {
            trigger: ".o_form_view button[name=action_crm_tr_preview]",
            content: "count the recipients and the cost",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=crm_tr_preview_reasons]:contains('İYS izni (ONAY) yok')",
            content: "the preview tells why contacts are left out",
        },
        {
            trigger: ".o_form_view button[name=action_crm_tr_view_preview_exclusions]",
            content: "see who is left out",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains('İYS izni (ONAY) yok')",
            content: "the contacts it would leave out, by reason",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row .o_field_cell[name=partner_id]",
            content: "each with its contact",
        },
    ],
});
