import { registry } from "@web/core/registry";

/** A customer on the portal, in Turkish, opens his loyalty points from his account page and
 * reads his balance written the Turkish way. */
registry.category("web_tour.tours").add("crm_tr_loyalty_portal_tour", {
    url: "/my",
    steps: () => [
        {
            trigger: "a[href='/my/loyalty']",
            content: "open Loyalty Points from the account page",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_crm_tr_loyalty_card .o_crm_tr_loyalty_balance:contains('6.409,85')",
            content: "the balance in Turkish number format",
        },
        {
            trigger: ".o_crm_tr_loyalty_card:contains('Gümüş')",
            content: "his tier",
        },
    ],
});
