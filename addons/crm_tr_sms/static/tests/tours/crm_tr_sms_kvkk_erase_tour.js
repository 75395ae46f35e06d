import { registry } from "@web/core/registry";

// Both tours start on a contact person's form (Contacts); selectors on field and button
// names only, so they read the same in Turkish.
function eraseSteps() {
    return [
        {
            trigger: ".o_form_view .o_field_widget[name=parent_id] input",
            content: "a contact person of a company",
        },
        {
            trigger: ".o_form_view .o-form-buttonbox",
            content: "open the button box's More menu when the erase button sits in it",
            run() {
                const box = this.anchor;
                if (!box.querySelector("button[name=action_crm_tr_kvkk_erase]")) {
                    box.querySelector(".o_button_more")?.click();
                }
            },
        },
        {
            trigger: "button[name=action_crm_tr_kvkk_erase]",
            content: "erase the contact (KVKK)",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            content: "confirm the erasure",
            run: "click",
        },
    ];
}

const archived = {
    trigger: ".o_form_view .o_widget_web_ribbon .ribbon span",
    content: "the contact is archived",
};

const noDialog = {
    trigger: "body:not(:has(.modal))",
    content: "no dialog left open",
};

registry.category("web_tour.tours").add("crm_tr_sms_kvkk_erase_tour", {
    steps: () => [
        ...eraseSteps(),
        archived,
        {
            trigger: ".o_form_view .o_field_widget[name=phone] input:value(/^$/)",
            content: "and has no phone number left",
        },
        noDialog,
    ],
});

registry.category("web_tour.tours").add("crm_tr_sms_kvkk_restrict_tour", {
    steps: () => [
        ...eraseSteps(),
        {
            trigger: ".modal .o_error_dialog",
            content: "the erasure is refused: an invoice is addressed to the contact",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            content: "restrict processing instead, in one click",
            run: "click",
        },
        noDialog,
        archived,
        {
            trigger: ".o_form_view .o_field_widget[name=phone] input:value(/\\d/)",
            content: "the contact keeps its data, for the invoice",
        },
    ],
});
