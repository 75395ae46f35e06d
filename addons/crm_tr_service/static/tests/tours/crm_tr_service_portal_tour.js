import { registry } from "@web/core/registry";

const SUBJECT = "Kombi su damlatıyor";

/** A portal customer (Marmara Lojistik, Turkish interface) opens a service case for one of
 * the company's own units from the customer portal. */
registry.category("web_tour.tours").add("crm_tr_service_portal_tour", {
    steps: () => [
        {
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/cases']",
            content: "the customer's service cases, from the portal home",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "a.o_crm_tr_new_case",
            content: "open a new case",
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
            content: "one of the company's own units",
            run: "selectByLabel VLT24-IST-0001",
        },
        {
            trigger: "form.o_crm_tr_case_form textarea[name='description']",
            content: "the details",
            run: "edit Kazanın altından su damlıyor, basınç 0,5 bar.",
        },
        {
            trigger: "form.o_crm_tr_case_form button[type='submit']",
            content: "send it",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: `.o_crm_tr_case_subject:contains('${SUBJECT}')`,
            content: "the case is open, with its messages below",
        },
        {
            trigger: "#discussion.o_portal_chatter",
        },
    ],
});
