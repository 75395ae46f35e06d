import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { _t } from "@web/core/l10n/translation";
import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import { STATIC_ACTIONS_GROUP_NUMBER } from "@web/search/action_menus/action_menus";

import { Component } from "@odoo/owl";

const REPORT_PREFIX = "crm_tr.report.";
const VIEW_TYPES = ["list", "pivot", "graph"];

/**
 * "Export to Excel (formatted)" in the cog menu of the list, pivot and graph views of the
 * crm_tr reports: the current search (domain), the visible list columns or the pivot/graph
 * measures, and the groupings go to the server, which builds the workbook (or queues it
 * when it is large: it then arrives in the user's inbox).
 */
export class CrmTrXlsxExport extends Component {
    static template = "crm_tr_reports.CrmTrXlsxExport";
    static components = { DropdownItem };
    static props = {};

    /** The visible columns of the list arch (optional hidden ones left out). */
    listFields() {
        const arch = this.env.config.viewArch;
        const names = [];
        for (const node of arch.querySelectorAll(":scope > field")) {
            const hidden = ["True", "1", "true"].includes(node.getAttribute("column_invisible"));
            if (!hidden && node.getAttribute("optional") !== "hide") {
                names.push(node.getAttribute("name"));
            }
        }
        return names;
    }

    exportParams() {
        const searchModel = this.env.searchModel;
        const { context, groupBys } = searchModel.getPreFavoriteValues();
        const viewType = this.env.config.viewType;
        let fields = [];
        let groupby = [...(groupBys || [])];
        if (viewType === "pivot") {
            fields = (context.pivot_measures || []).filter((m) => m !== "__count");
            groupby = [...(context.pivot_row_groupby || []), ...(context.pivot_column_groupby || [])];
        } else if (viewType === "graph") {
            fields = [context.graph_measure].filter((m) => m && m !== "__count");
            groupby = [...(context.graph_groupbys || [])];
        } else {
            fields = this.listFields();
        }
        return {
            model: searchModel.resModel,
            domain: searchModel.domain,
            fields,
            groupby,
            context: { allowed_company_ids: searchModel.globalContext.allowed_company_ids },
        };
    }

    async onExport() {
        // The services of the environment, not useService(): the dropdown closes (and this
        // component goes away) before the server answers.
        const { orm, notification, ui } = this.env.services;
        const params = this.exportParams();
        const { mode } = await orm.call("crm_tr.report.xlsx", "get_export_mode", [
            params.model,
            params.domain,
            params.groupby,
        ]);
        if (mode === "background") {
            const result = await orm.call("crm_tr.report.xlsx", "queue_export", [
                params.model,
                params.domain,
                params.fields,
                params.groupby,
            ]);
            notification.add(result.message, { type: "info", title: _t("Excel export queued") });
            return;
        }
        ui.block();
        try {
            await download({ url: "/crm_tr_reports/xlsx", data: { data: JSON.stringify(params) } });
        } finally {
            ui.unblock();
        }
    }
}

export const crmTrXlsxExportItem = {
    Component: CrmTrXlsxExport,
    groupNumber: STATIC_ACTIONS_GROUP_NUMBER,
    isDisplayed: (env) =>
        VIEW_TYPES.includes(env.config.viewType) &&
        (env.searchModel?.resModel || "").startsWith(REPORT_PREFIX),
};

registry.category("cogMenu").add("crm-tr-xlsx-export", crmTrXlsxExportItem, { sequence: 15 });
