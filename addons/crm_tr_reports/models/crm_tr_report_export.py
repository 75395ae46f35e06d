import json
import logging
import os
import tempfile
import time

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .crm_tr_report_xlsx import XLSX_MIMETYPE

_logger = logging.getLogger(__name__)


class CrmTrReportExport(models.Model):
    """A formatted Excel export too large to build in the request: queued, built by a cron
    as the user who asked (their rights and companies), stored as an attachment and sent to
    their inbox."""

    _name = "crm_tr.report.export"
    _description = "Excel Export"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Requested By", required=True, readonly=True, index=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, readonly=True, default=lambda self: self.env.company
    )
    company_ids = fields.Many2many("res.company", string="Companies", readonly=True)
    res_model = fields.Char(string="Report Model", required=True, readonly=True)
    domain = fields.Text(readonly=True, default="[]")
    field_names = fields.Text(string="Columns", readonly=True, default="[]")
    groupby = fields.Text(string="Group By", readonly=True, default="[]")
    lang = fields.Char(string="Language", readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True, ondelete="set null")
    row_count = fields.Integer(string="Rows", readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 1))
    date_done = fields.Datetime(string="Finished On", readonly=True)
    error = fields.Text(readonly=True)

    @api.model
    def _crm_tr_queue(self, res_model, domain, field_names, groupby):
        """Called by crm_tr.report.xlsx.queue_export once the user's access is checked: the
        job is written as superuser (users only read their exports)."""
        model_name = self.env["ir.model"]._get(res_model).name or res_model
        export = self.sudo().create(
            {
                "name": self.env._("%(report)s (%(date)s)", report=model_name, date=fields.Date.context_today(self)),
                "user_id": self.env.user.id,
                "company_id": self.env.company.id,
                "company_ids": [fields.Command.set(self.env.companies.ids)],
                "res_model": res_model,
                "domain": json.dumps(domain or [], default=str),
                "field_names": json.dumps(list(field_names or [])),
                "groupby": json.dumps(list(groupby or [])),
                "lang": self.env.lang,
            }
        )
        self.env.ref("crm_tr_reports.ir_cron_crm_tr_report_export")._trigger()
        return export.sudo(False)

    @api.model
    def _cron_process_exports(self):
        exports = self.search([("state", "=", "queued")], order="id")
        for done, export in enumerate(exports, start=1):
            export._crm_tr_process()
            self.env["ir.cron"]._commit_progress(1, remaining=len(exports) - done)

    def _crm_tr_process(self):
        self.ensure_one()
        self.write({"state": "running", "error": False})
        started = time.monotonic()
        user = self.user_id
        companies = self.company_ids & user.company_ids or self.company_id
        env = self.env(
            user=user.id,
            su=False,
            context=dict(self.env.context, lang=self.lang or user.lang, allowed_company_ids=companies.ids),
        )
        Xlsx = env["crm_tr.report.xlsx"]
        fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="crm_tr_export_")
        os.close(fd)
        try:
            with self.env.cr.savepoint():
                rows = Xlsx._crm_tr_write_workbook(
                    path,
                    self.res_model,
                    json.loads(self.domain or "[]"),
                    json.loads(self.field_names or "[]"),
                    json.loads(self.groupby or "[]"),
                    constant_memory=True,
                )
                with open(path, "rb") as file:
                    attachment = (
                        self.env["ir.attachment"]
                        .sudo()
                        .create(
                            {
                                "name": Xlsx._crm_tr_filename(self.res_model),
                                "raw": file.read(),
                                "mimetype": XLSX_MIMETYPE,
                                "res_model": self._name,
                                "res_id": self.id,
                            }
                        )
                    )
        except Exception as error:  # any failure is reported on the job, not raised in the cron
            if isinstance(error, (UserError, AccessError)):
                # The user's search or rights: told to the user, nothing for the administrator.
                _logger.info("Excel export %s refused: %s", self.id, error)
            else:
                _logger.warning("Excel export %s failed", self.id, exc_info=True)
            self.write({"state": "failed", "error": str(error), "duration": time.monotonic() - started})
            self._crm_tr_notify()
            return
        finally:
            os.unlink(path)
        self.write(
            {
                "state": "done",
                "attachment_id": attachment.id,
                "row_count": rows,
                "duration": time.monotonic() - started,
                "date_done": fields.Datetime.now(),
            }
        )
        self._crm_tr_notify()

    def _crm_tr_notify(self):
        """An inbox message to the user who asked, in their language, with the link."""
        self.ensure_one()
        export = self.with_context(lang=self.lang or self.user_id.lang)
        if self.state == "done":
            url = f"/web/content/{self.attachment_id.id}?download=true"
            body = Markup("%s <a href='%s'>%s</a>") % (
                export.env._(
                    "Your Excel export “%(name)s” is ready (%(rows)s rows).", name=self.name, rows=self.row_count
                ),
                url,
                export.env._("Download"),
            )
        else:
            body = export.env._("Your Excel export “%(name)s” failed: %(error)s", name=self.name, error=self.error)
        export.message_post(
            body=body,
            # From OdooBot: an author is never notified of their own message, and the job
            # may run in the requester's environment (demo data, a manual run).
            author_id=self.env.ref("base.partner_root").id,
            partner_ids=self.user_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    @api.model
    def _crm_tr_demo_export(self):
        """Demo: the administrator's export of this year's customer revenue, built at once
        (as the cron would) so the Excel Exports list shows a file to download."""
        admin = self.env.ref("base.user_admin")
        report = "crm_tr.report.customer.revenue"
        year = fields.Date.context_today(self).replace(month=1, day=1)
        export = self.with_user(admin)._crm_tr_queue(
            report,
            [["date", ">=", fields.Date.to_string(year)]],
            ["date", "move_id", "partner_id", "product_id", "quantity", "revenue", "margin"],
            [],
        )
        export.sudo()._crm_tr_process()
