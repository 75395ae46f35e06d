import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.crm_tr_report_xlsx import XLSX_MIMETYPE


class CrmTrAccountantExport(models.TransientModel):
    """One workbook for the accountant: a company's invoices, credit notes, payments, visit
    and service costs and loyalty liability for a period, with a summary whose invoice
    figures are the sums of the journal items."""

    _name = "crm_tr.accountant.export"
    _description = "Accountant Export"

    def _default_date_from(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    def _default_date_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_date_from())
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_date_to())
    company_id = fields.Many2one("res.company", string="Company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    attachment_id = fields.Many2one("ir.attachment", readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The start of the period must be before its end."))

    # ------------------------------------------------------------------
    # Data of each sheet: (headers, column types, rows, totals of the columns to sum)
    # ------------------------------------------------------------------

    def _moves(self, move_type):
        return self.env["account.move"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("move_type", "=", move_type),
                ("state", "=", "posted"),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            order="date, name, id",
        )

    def _move_sheet(self, move_type):
        headers = [
            self.env._("Number"),
            self.env._("Date"),
            self.env._("Customer"),
            self.env._("Tax ID (VKN/TCKN)"),
            self.env._("Untaxed Amount"),
            self.env._("Tax"),
            self.env._("Total"),
            self.env._("Currency"),
            self.env._("Untaxed (Company Currency)"),
            self.env._("Tax (Company Currency)"),
            self.env._("Total (Company Currency)"),
        ]
        types = ["text", "date", "text", "text", "amount", "amount", "amount", "text", "money", "money", "money"]
        rows = []
        for move in self._moves(move_type):
            partner = move.commercial_partner_id
            rows.append(
                [
                    move.name,
                    move.date,
                    partner.name,
                    partner.vat or "",
                    move.amount_untaxed_in_currency_signed,
                    move.amount_total_in_currency_signed - move.amount_untaxed_in_currency_signed,
                    move.amount_total_in_currency_signed,
                    move.currency_id.name,
                    move.amount_untaxed_signed,
                    move.amount_tax_signed,
                    move.amount_total_signed,
                ]
            )
        return headers, types, rows, [8, 9, 10]

    def _payment_sheet(self):
        headers = [
            self.env._("Number"),
            self.env._("Date"),
            self.env._("Partner"),
            self.env._("Tax ID (VKN/TCKN)"),
            self.env._("Type"),
            self.env._("Journal"),
            self.env._("Amount"),
            self.env._("Currency"),
            self.env._("Amount (Company Currency)"),
            self.env._("Status"),
        ]
        types = ["text", "date", "text", "text", "text", "text", "amount", "text", "money", "text"]
        payments = self.env["account.payment"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("in_process", "paid")),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            order="date, name, id",
        )
        payment_types = dict(payments._fields["payment_type"]._description_selection(self.env))
        states = dict(payments._fields["state"]._description_selection(self.env))
        rows = [
            [
                payment.name or "",
                payment.date,
                payment.partner_id.commercial_partner_id.name or "",
                payment.partner_id.commercial_partner_id.vat or "",
                payment_types.get(payment.payment_type),
                payment.journal_id.name,
                payment.amount if payment.payment_type == "inbound" else -payment.amount,
                payment.currency_id.name,
                payment.amount_company_currency_signed,
                states.get(payment.state),
            ]
            for payment in payments
        ]
        return headers, types, rows, [8]

    def _visits(self, visit_type):
        start = fields.Datetime.to_datetime(self.date_from)
        stop = fields.Datetime.to_datetime(self.date_to) + relativedelta(days=1)
        return self.env["crm_tr.visit"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("visit_type", "=", visit_type),
                ("state", "=", "done"),
                ("planned_start", ">=", start),
                ("planned_start", "<", stop),
            ],
            order="planned_start, id",
        )

    def _visit_sheet(self, visit_type):
        headers = [
            self.env._("Visit"),
            self.env._("Date"),
            self.env._("Customer"),
            self.env._("Salesperson"),
            self.env._("Labour"),
            self.env._("Travel"),
            self.env._("Parts"),
            self.env._("Other Expenses"),
            self.env._("Total Cost"),
        ]
        types = ["text", "date", "text", "text", "money", "money", "money", "money", "money"]
        if visit_type == "service":
            headers.insert(1, self.env._("Service Case"))
            types.insert(1, "text")
        rows = []
        for visit in self._visits(visit_type):
            row = [
                visit.display_name,
                fields.Datetime.context_timestamp(self, visit.planned_start).date(),
                visit.partner_id.commercial_partner_id.name or "",
                visit.user_id.name or "",
                visit.labour_cost,
                visit.travel_cost,
                visit.parts_cost,
                visit.expense_amount,
                visit.total_cost,
            ]
            if visit_type == "service":
                row.insert(1, visit.case_id.display_name or "")
            rows.append(row)
        sums = list(range(len(headers) - 5, len(headers)))
        return headers, types, rows, sums

    def _loyalty_sheet(self):
        """Points still on the cards at the end of the period (the ledger up to that day,
        pending points not included) times the program's value per point."""
        headers = [
            self.env._("Loyalty Card"),
            self.env._("Customer"),
            self.env._("Program"),
            self.env._("Points"),
            self.env._("Value per Point"),
            self.env._("Liability"),
        ]
        types = ["text", "text", "text", "float", "money", "money"]
        groups = self.env["crm_tr.loyalty.accrual"]._read_group(
            [("company_id", "=", self.company_id.id), ("state", "=", "done"), ("date", "<=", self.date_to)],
            ["card_id"],
            ["points:sum"],
        )
        rows = []
        # The ledger is read with the user's rights; accountants do not read loyalty cards
        # and programs themselves, only their names and value per point are shown.
        groups = [(card.sudo(), points) for card, points in groups]
        for card, points in sorted(groups, key=lambda group: (group[0].partner_id.name or "", group[0].id)):
            if not points:
                continue
            value = card.program_id.crm_tr_point_value
            rows.append(
                [
                    card.code or str(card.id),
                    card.partner_id.name or "",
                    card.program_id.name,
                    points,
                    value,
                    self.company_id.currency_id.round(points * value),
                ]
            )
        return headers, types, rows, [3, 5]

    # ------------------------------------------------------------------
    # The workbook
    # ------------------------------------------------------------------

    def _write_sheet(self, workbook, formats, name, sheet_data):
        headers, types, rows, sums = sheet_data
        sheet = workbook.add_worksheet(name[:31])
        for col, header in enumerate(headers):
            sheet.set_column(col, col, 16 if types[col] in ("money", "amount", "float", "date") else 28)
            sheet.write(0, col, header, formats["header"])
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                sheet.write(row, col, value, formats[types[col]])
        total_row = len(rows) + 1
        sheet.write(total_row, 0, self.env._("Total"), formats["total_label"])
        totals = {}
        for col in sums:
            total = sum(values[col] for values in rows)
            totals[col] = total
            # The figure itself, not a formula: readers without a calculation engine see it.
            sheet.write_number(total_row, col, total, formats[f"total_{types[col]}"])
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
        return totals

    def _build(self):
        self.ensure_one()
        company = self.company_id
        if company not in self.env.user.company_ids:
            raise UserError(self.env._("You do not work for the company %(company)s.", company=company.name))
        return self.with_company(company).with_context(allowed_company_ids=company.ids)._build_workbook()

    def _build_workbook(self):
        company = self.company_id
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        symbol = company.currency_id.symbol or ""
        money = f'#,##0.00 "{symbol}"'
        formats = {
            "header": workbook.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1}),
            "text": None,
            "date": workbook.add_format({"num_format": "dd.mm.yyyy"}),
            "money": workbook.add_format({"num_format": money}),
            "amount": workbook.add_format({"num_format": "#,##0.00"}),
            "float": workbook.add_format({"num_format": "#,##0.00"}),
            "total_label": workbook.add_format({"bold": True, "top": 1}),
            "total_money": workbook.add_format({"bold": True, "top": 1, "num_format": money}),
            "total_float": workbook.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"}),
            "title": workbook.add_format({"bold": True, "font_size": 14}),
        }
        summary = workbook.add_worksheet(self.env._("Summary"))
        invoices = self._write_sheet(workbook, formats, self.env._("Invoices"), self._move_sheet("out_invoice"))
        refunds = self._write_sheet(workbook, formats, self.env._("Credit Notes"), self._move_sheet("out_refund"))
        payments = self._write_sheet(workbook, formats, self.env._("Payments"), self._payment_sheet())
        visit_data = self._visit_sheet("sales")
        visits = self._write_sheet(workbook, formats, self.env._("Visit Costs"), visit_data)
        service_data = self._visit_sheet("service")
        services = self._write_sheet(workbook, formats, self.env._("Service Costs"), service_data)
        loyalty = self._write_sheet(workbook, formats, self.env._("Loyalty Liability"), self._loyalty_sheet())

        summary.set_column(0, 0, 48)
        summary.set_column(1, 1, 20)
        summary.write(0, 0, self.env._("Accountant Export"), formats["title"])
        summary.write(
            1,
            0,
            self.env._(
                "%(company)s — %(date_from)s to %(date_to)s — %(currency)s",
                company=company.name,
                date_from=self.date_from.strftime("%d.%m.%Y"),
                date_to=self.date_to.strftime("%d.%m.%Y"),
                currency=company.currency_id.name,
            ),
        )
        lines = [
            (self.env._("Invoices: untaxed"), invoices[8]),
            (self.env._("Invoices: tax"), invoices[9]),
            (self.env._("Invoices: total"), invoices[10]),
            (self.env._("Credit notes: untaxed"), refunds[8]),
            (self.env._("Credit notes: tax"), refunds[9]),
            (self.env._("Credit notes: total"), refunds[10]),
            (self.env._("Net revenue (untaxed)"), invoices[8] + refunds[8]),
            (self.env._("Payments (received less sent)"), payments[8]),
            (self.env._("Visit costs"), visits[len(visit_data[0]) - 1]),
            (self.env._("Service costs"), services[len(service_data[0]) - 1]),
            (self.env._("Loyalty liability at the end of the period"), loyalty[5]),
        ]
        summary.write(3, 0, self.env._("Figure"), formats["header"])
        summary.write(3, 1, self.env._("Amount"), formats["header"])
        for row, (label, amount) in enumerate(lines, start=4):
            summary.write(row, 0, label)
            summary.write_number(row, 1, company.currency_id.round(amount), formats["money"])
        workbook.close()
        return output.getvalue()

    def action_export(self):
        self.ensure_one()
        content = self._build()
        filename = self.env._(
            "Accountant export %(company)s %(date_from)s %(date_to)s.xlsx",
            company=self.company_id.name,
            date_from=self.date_from.isoformat(),
            date_to=self.date_to.isoformat(),
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas": base64.b64encode(content),
                "mimetype": XLSX_MIMETYPE,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.attachment_id = attachment
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }
