import base64
import json

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import file_open

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase
from odoo.addons.spreadsheet.utils.validate_data import fields_in_spreadsheet

DASHBOARD_FILE = "crm_tr_reports/data/files/crm_tr_dashboard.json"


@tagged("post_install", "-at_install")
class TestDashboard(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open(DASHBOARD_FILE) as file:
            cls.data = json.load(file)
        cls.dashboard = cls.env.ref("crm_tr_reports.spreadsheet_dashboard_crm_tr")

    def test_references_existing_fields(self):
        """Every model and field the dashboard reads (data sources, filters, orders)
        exists, and the loaded record is the file."""
        used = fields_in_spreadsheet(self.data)
        self.assertEqual(
            set(used),
            {
                "crm_tr.report.customer.revenue",
                "crm_tr.customer.stat",
                "crm.lead",
                "crm_tr.visit",
                "crm_tr.service.case",
                "crm_tr.service.contract",
                "loyalty.card",
                "mailing.trace",
                "crm_tr.report.sms",
            },
        )
        for model, chains in used.items():
            for chain in chains:
                Model = self.env[model]
                for name in chain.split("."):
                    self.assertIn(name, Model._fields, f"{model}: {chain}")
                    field = Model._fields[name]
                    if field.relational:
                        Model = self.env[field.comodel_name]
        self.assertEqual(json.loads(base64.b64decode(self.dashboard.spreadsheet_binary_data)), self.data)
        # Odoo's own check (run when tests are enabled) accepts it.
        self.dashboard._check_spreadsheet_data()

    def test_company_filter_on_every_company_data_source(self):
        company_filter = next(f for f in self.data["globalFilters"] if f["type"] == "relation")
        self.assertEqual(company_filter["modelName"], "res.company")
        sources = list(self.data["pivots"].values()) + list(self.data["lists"].values())
        for source in sources:
            if "company_id" in self.env[source["model"]]._fields:
                self.assertEqual(
                    source["fieldMatching"][company_filter["id"]], {"chain": "company_id", "type": "many2one"}
                )

    def test_data_source_figures(self):
        """The data sources' domains count what their labels say: open opportunities of a
        company (a won one and another company's left out)."""
        company = self.env["res.company"].create({"name": "Dashboard Test A.Ş."})
        other = self.env["res.company"].create({"name": "Other Test Ltd."})
        Lead = self.env["crm.lead"].with_context(default_team_id=False, default_user_id=False)
        Lead.create(
            [
                {"name": "Open 1", "type": "opportunity", "expected_revenue": 1000, "company_id": company.id},
                {"name": "Open 2", "type": "opportunity", "expected_revenue": 2500, "company_id": company.id},
                {"name": "Lead", "type": "lead", "expected_revenue": 9000, "company_id": company.id},
                {"name": "Elsewhere", "type": "opportunity", "expected_revenue": 700, "company_id": other.id},
            ]
        )
        won = Lead.create({"name": "Won", "type": "opportunity", "expected_revenue": 400, "company_id": company.id})
        won.action_set_won()
        pipeline = self.data["pivots"]["3"]
        [(count, amount)] = Lead._read_group(
            pipeline["domain"] + [("company_id", "=", company.id)], [], ["__count", "expected_revenue:sum"]
        )
        self.assertEqual((count, amount), (2, 3500))
        # Every data source reads without error for a manager.
        for source in self.data["pivots"].values():
            measures = [
                m["fieldName"] if m["fieldName"] == "__count" else f"{m['fieldName']}:sum" for m in source["measures"]
            ]
            self.env[source["model"]]._read_group(
                source["domain"], [row["fieldName"] for row in source["rows"]], measures
            )

    def test_sms_sent_from_documents(self):
        """The dashboard's SMS from documents: Odoo's SMS notifications that left (pending
        delivery or delivered) in the document's company, counted for a sales manager of
        that company, also on documents he may not open; a failed one and another
        company's are left out."""
        company = self.env["res.company"].create({"name": "SMS Test A.Ş."})
        other = self.env["res.company"].create({"name": "SMS Other Ltd."})
        manager = new_test_user(
            self.env,
            login="crm_tr_sms_dashboard_manager",
            groups="sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        customer = self.env["res.partner"].create({"name": "SMS Test Müşteri", "company_id": company.id})
        elsewhere = self.env["res.partner"].create({"name": "SMS Başka Müşteri", "company_id": other.id})
        statuses = {customer: ["pending", "sent", "exception"], elsewhere: ["sent"]}
        messages = self.env["mail.message"]
        for partner, partner_statuses in statuses.items():
            for status in partner_statuses:
                message = partner.message_post(body=f"SMS {status}", message_type="sms")
                self.env["mail.notification"].create(
                    {
                        "mail_message_id": message.id,
                        "res_partner_id": partner.id,
                        "notification_type": "sms",
                        "notification_status": status,
                    }
                )
                messages |= message
        self.assertEqual(messages.mapped("record_company_id"), company | other)
        sms = self.data["pivots"]["9"]
        self.assertEqual(sms["model"], "crm_tr.report.sms")
        self.assertEqual({matching["chain"] for matching in sms["fieldMatching"].values()}, {"company_id", "date"})
        Report = self.env["crm_tr.report.sms"].with_user(manager).with_context(allowed_company_ids=company.ids)
        self.env.flush_all()
        rows = Report._read_group(sms["domain"] + [("company_id", "=", company.id)], ["status"], ["__count"])
        self.assertEqual(dict(rows), {"pending": 1, "sent": 1})
        # the other company's SMS stays out of the manager's reach (multi-company rule)
        self.assertFalse(Report.search([("partner_id", "=", elsewhere.id)]))
        self.assertEqual(
            self.env["crm_tr.report.sms"].search_count([("partner_id", "=", elsewhere.id), ("sent", "=", True)]), 1
        )


@tagged("post_install", "-at_install")
class TestDashboardTour(TurkishTourCase):
    def test_dashboard_tour(self):
        """The administrator opens Dashboards → CRM TR, in Turkish: the key figures load
        and the open opportunities figure is right."""
        istanbul = self._demo_company()
        admin = self.env.ref("base.user_admin")
        admin.write({"company_ids": [(4, istanbul.id)], "company_id": istanbul.id})
        self._speak_turkish(admin)
        self.start_tour("/odoo", "crm_tr_dashboard_tour", login="admin")
