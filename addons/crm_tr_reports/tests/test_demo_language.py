from odoo.tests import TransactionCase, tagged

from .test_main_menus_tour import CRM_TR_MODULES


@tagged("post_install", "-at_install")
class TestDemoChatterLanguage(TransactionCase):
    def test_demo_records_were_created_in_turkish(self):
        """The messages the demo records wrote at their creation ("… created") are in their
        Turkish company's language, for every crm_tr model whose chatter speaks it."""
        data = self.env["ir.model.data"].search([("module", "in", CRM_TR_MODULES), ("model", "like", "crm_tr.%")])
        thread = type(self.env["crm_tr.company.thread"])
        models = {model for model in set(data.mapped("model")) if isinstance(self.env[model], thread)}
        IrModel = self.env["ir.model"]
        checked = set()
        for row in data.filtered(lambda row: row.model in models):
            record = self.env[row.model].browse(row.res_id)
            if not record.exists() or record.company_id.partner_id.lang != "tr_TR":
                continue
            english = IrModel.with_context(lang="en_US")._get(row.model).name
            turkish = IrModel.with_context(lang="tr_TR")._get(row.model).name
            self.assertNotEqual(english, turkish, f"{row.model} has no Turkish name")
            body = record.message_ids.sorted("id")[:1].body
            self.assertIn(f"{turkish} oluşturuldu", body, f"{row.module}.{row.name}")
            checked.add(row.model)
        mailing = self.env.ref("crm_tr_sms.mailing_sms_demo_winter_service")
        turkish = IrModel.with_context(lang="tr_TR")._get("mailing.mailing").name
        self.assertIn(f"{turkish} oluşturuldu", mailing.message_ids.sorted("id")[:1].body, "the demo SMS campaign")
        self.assertGreaterEqual(
            checked,
            {"crm_tr.loyalty.boost", "crm_tr.loyalty.earn.rule", "crm_tr.loyalty.raffle", "crm_tr.service.case"},
        )
