import { registry } from "@web/core/registry";

/** A technician opens his case, reads the suggested knowledge base articles, opens the
 * checklist of the first one and marks it as used (Turkish interface). */
registry.category("web_tour.tours").add("crm_tr_service_article_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='subject'] input:value(Salon kliması gaz kaçırıyor)",
            content: "his case",
        },
        {
            trigger: ".o_notebook_headers a[name='suggested_articles']",
            content: "the suggested articles",
            run: "click",
        },
        {
            trigger:
                ".o_field_widget[name='crm_tr_suggested_article_ids'] .o_data_row:first:contains('Klima gaz kaçağı kontrolü')",
            content: "the gas leak article comes first",
        },
        {
            trigger:
                ".o_field_widget[name='crm_tr_suggested_article_ids'] .o_data_row:first button[name='action_crm_tr_open_checklist']",
            content: "open its checklist",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='step_ids'] .o_data_row:contains('Manifold ile emme basıncını ölçün')",
            content: "the steps to follow",
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary",
            content: "close the checklist",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger:
                ".o_field_widget[name='crm_tr_suggested_article_ids'] .o_data_row:first button[name='action_crm_tr_use_on_case']",
            content: "use the article on the case",
            run: "click",
        },
        {
            trigger: ".o_notebook_headers a[name='articles_used']",
            content: "the articles used",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='crm_tr_article_ids'] .o_data_row:contains('Klima gaz kaçağı kontrolü')",
            content: "the article is listed as used",
        },
    ],
});
