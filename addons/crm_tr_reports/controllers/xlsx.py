import json

from odoo import http
from odoo.http import content_disposition, request

from ..models.crm_tr_report_xlsx import XLSX_MIMETYPE


class CrmTrReportXlsxController(http.Controller):
    @http.route("/crm_tr_reports/xlsx", type="http", auth="user", methods=["POST"], readonly=True)
    def crm_tr_report_xlsx(self, data, **kwargs):
        """The formatted workbook of a crm_tr report, for the current search of the web
        client: {model, domain, fields, groupby, context}. Read-only: on the replica when
        one is configured."""
        params = json.loads(data)
        Xlsx = request.env["crm_tr.report.xlsx"]
        if params.get("context", {}).get("allowed_company_ids"):
            Xlsx = Xlsx.with_context(allowed_company_ids=params["context"]["allowed_company_ids"])
        model = params["model"]
        content = Xlsx.build_xlsx(model, params.get("domain") or [], params.get("fields") or [], params.get("groupby"))
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(Xlsx._crm_tr_filename(model))),
            ],
        )
