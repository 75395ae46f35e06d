import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/** Cell B{row} of the open dashboard once evaluated (its pivots load asynchronously). */
async function evaluatedValue(row) {
    const env = odoo.__WOWL_DEBUG__.root.env;
    for (let attempt = 0; attempt < 100; attempt++) {
        const model = env.services.spreadsheet_dashboard_loader.getActiveDashboard()?.model;
        if (model) {
            const sheetId = model.getters.getActiveSheetId();
            const cell = model.getters.getEvaluatedCell({ sheetId, col: 1, row: row - 1 });
            if (typeof cell.value === "number") {
                return cell.value;
            }
            if (cell.type === "error" && cell.value !== "Loading...") {
                throw new Error(`B${row}: ${cell.value} ${cell.message || ""}`);
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`B${row} is not evaluated`);
}

registry.category("web_tour.tours").add("crm_tr_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='spreadsheet_dashboard.spreadsheet_dashboard_menu_root']",
            content: "open the Dashboards app",
            run: "click",
        },
        {
            // Its Turkish name once the translations are loaded (tr.po), else the English one.
            trigger: ".o_search_panel_category_value:contains('Yönetici Özeti'), .o_search_panel_category_value:contains('Key Figures')",
            content: "open the crm_tr managers' dashboard",
            run: "click",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-spreadsheet",
            content: "the dashboard shows its sheet",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-spreadsheet",
            content: "the open opportunities figure is the number of open opportunities",
            run: async () => {
                const env = odoo.__WOWL_DEBUG__.root.env;
                const shown = await evaluatedValue(9);
                const expected = await env.services.orm.searchCount("crm.lead", [
                    ["type", "=", "opportunity"],
                    ["probability", "<", 100],
                ]);
                if (shown !== expected) {
                    throw new Error(`open opportunities: the dashboard shows ${shown}, expected ${expected}`);
                }
                // The demo customers of class A, counted by the dashboard and by a search.
                const classA = await evaluatedValue(6);
                const customers = await env.services.orm.searchCount("crm_tr.customer.stat", [
                    ["customer_class", "=", "a"],
                ]);
                if (classA !== customers || !customers) {
                    throw new Error(`class A customers: the dashboard shows ${classA}, expected ${customers}`);
                }
                // The revenue of the period is a figure too (0 when nothing was invoiced).
                await evaluatedValue(4);
            },
        },
    ],
});
