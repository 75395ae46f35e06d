import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("crm_tr_loyalty_redeem_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id']",
            content: "the draft invoice is open",
        },
        {
            trigger: ".o_form_view button[name='action_crm_tr_redeem_points']",
            content: "open the redemption wizard",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='balance']",
            content: "the wizard shows the customer's balance",
        },
        {
            trigger: ".modal .o_field_widget[name='points'] input",
            content: "redeem 100 points",
            run: "edit 100",
        },
        {
            trigger: ".modal .modal-body",
            content: "leave the field so the discount is computed",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='amount']:contains('50')",
            content: "100 points at 0.50 TL make a 50 TL discount",
        },
        {
            trigger: ".modal button[name='action_redeem']",
            content: "redeem",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
            content: "the wizard is closed",
        },
        {
            trigger: ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('Loyalty points')",
            content: "the discount line is on the invoice",
        },
    ],
});
