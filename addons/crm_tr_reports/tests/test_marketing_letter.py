import io

from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.pdf import PdfFileReader


def setup_letter_data(cls):
    """Five customers of one segment (two merchants with e-mail, an individual without
    e-mail consent, a merchant who refused e-mail, a company without e-mail) and a letter."""

    cls.company = cls.env.company
    cls.company.write(
        {"email": "pazarlama@example.com", "external_report_layout_id": cls.env.ref("web.external_layout_standard").id}
    )
    Partner = cls.env["res.partner"]
    cls.tag = cls.env["res.partner.category"].create({"name": "Letter test segment"})
    common = {"category_id": [(4, cls.tag.id)], "country_id": cls.env.ref("base.tr").id}
    cls.anadolu = Partner.create(
        {
            **common,
            "name": "Anadolu Makina A.Ş.",
            "is_company": True,
            "email": "info@anadolu.example.com",
            "street": "Atatürk Cad. 1",
            "city": "Ankara",
        }
    )
    cls.deniz = Partner.create(
        {**common, "name": "Deniz Gıda Ltd.", "is_company": True, "email": "info@deniz.example.com", "city": "İzmir"}
    )
    # An individual without any e-mail consent: KVKK/İYS needs an approval (ONAY) first.
    cls.ayse = Partner.create({**common, "name": "Ayşe Kaya", "email": "ayse@example.com", "city": "Bursa"})
    # A merchant who refused commercial e-mail (RET) through İYS.
    cls.refused = Partner.create(
        {**common, "name": "Ret Ticaret A.Ş.", "is_company": True, "email": "ret@example.com", "city": "Konya"}
    )
    cls.env["crm_tr.iys.consent"].create(
        {
            "partner_id": cls.refused.id,
            "company_id": cls.company.id,
            "channel": "EPOSTA",
            "status": "RET",
            "recipient": "ret@example.com",
            "recipient_type": "TACIR",
        }
    )
    cls.no_email = Partner.create({**common, "name": "Adressiz Yapı A.Ş.", "is_company": True, "city": "Sivas"})
    cls.letter = cls.env["crm_tr.marketing.letter"].create(
        {
            "name": "Spring campaign",
            "subject": "{{ object.name }}: our spring prices",
            "company_id": cls.company.id,
            "partner_domain": f"[('category_id', 'in', [{cls.tag.id}])]",
            "body": '<p>Dear <t t-out="object.name"/> of <t t-out="object.city"/>,</p><p>Spring prices.</p>',
        }
    )


@tagged("post_install", "-at_install")
class TestMarketingLetter(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_letter_data(cls)

    def test_segment(self):
        """The segment is the filter, narrowed by province and customer class."""
        self.assertEqual(
            self.letter._segment_partners(), self.no_email | self.anadolu | self.ayse | self.deniz | self.refused
        )
        self.assertEqual(self.letter.segment_count, 5)
        ankara = self.env["res.country.state"].create(
            {"name": "Ankara (test)", "code": "T06", "country_id": self.env.ref("base.tr").id}
        )
        self.anadolu.state_id = ankara
        self.letter.state_ids = ankara
        self.assertEqual(self.letter._segment_partners(), self.anadolu)

    def test_print_three_customers(self):
        """Printing renders one page per customer, each with its own name, and logs the
        letter on each customer's chatter."""
        self.letter.partner_domain = f"[('id', 'in', {(self.anadolu | self.deniz | self.ayse).ids})]"
        action = self.letter.action_print()
        recipients = self.letter.recipient_ids
        self.assertEqual(recipients.partner_id, self.anadolu | self.deniz | self.ayse)
        self.assertEqual(set(recipients.mapped("state")), {"printed"})
        self.assertEqual((self.letter.printed_count, self.letter.emailed_count, self.letter.state), (3, 0, "done"))
        self.assertEqual(action["report_name"], "crm_tr_reports.report_crm_tr_marketing_letter")
        by_partner = {recipient.partner_id: recipient.body for recipient in recipients}
        self.assertIn("Dear Anadolu Makina A.Ş. of Ankara,", by_partner[self.anadolu])
        self.assertIn("Dear Ayşe Kaya of Bursa,", by_partner[self.ayse])

        report = self.env.ref("crm_tr_reports.action_report_crm_tr_marketing_letter")
        html = report._render_qweb_html(report.report_name, recipients.ids)[0].decode()
        self.assertEqual(html.count("crm_tr_marketing_letter_page"), 3)
        self.assertIn("Atatürk Cad. 1", html)  # the address block

        for partner in self.anadolu | self.deniz | self.ayse:
            self.assertIn("Letter “Spring campaign” printed on", partner.message_ids[0].body)

    def test_send_by_email(self):
        """Each customer who accepts commercial e-mail gets a queued e-mail with the letter
        as a PDF attachment; the others are skipped with their reason and get no log."""
        self.env["mail.blacklist"]._add("info@deniz.example.com")
        self.deniz.email = "info@deniz.example.com"
        accepted = self.env["res.partner"].create(
            {"name": "Mehmet Yılmaz", "email": "mehmet@example.com", "category_id": [(4, self.tag.id)]}
        )
        self.env["crm_tr.iys.consent"].create(
            {
                "partner_id": accepted.id,
                "company_id": self.company.id,
                "channel": "EPOSTA",
                "status": "ONAY",
                "recipient": "mehmet@example.com",
            }
        )
        messages_before = {partner: len(partner.message_ids) for partner in self.letter._segment_partners()}
        self.letter.action_send_email()
        recipients = self.letter.recipient_ids
        reasons = {recipient.partner_id: (recipient.state, recipient.skip_reason) for recipient in recipients}
        self.assertEqual(
            reasons,
            {
                self.anadolu: ("sent", False),
                accepted: ("sent", False),
                self.deniz: ("skipped", "blacklisted"),
                self.ayse: ("skipped", "no_consent"),
                self.refused: ("skipped", "ret"),
                self.no_email: ("skipped", "no_email"),
            },
        )
        self.assertEqual((self.letter.emailed_count, self.letter.skipped_count, self.letter.recipient_count), (2, 4, 6))
        sent = recipients.filtered(lambda recipient: recipient.state == "sent")
        mails = sent.mail_id
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        for recipient in sent:
            mail = recipient.mail_id
            self.assertEqual(mail.recipient_ids, recipient.partner_id)
            self.assertEqual(mail.subject, f"{recipient.partner_id.name}: our spring prices")
            self.assertIn(f"Dear {recipient.partner_id.name}", mail.body_html)
            self.assertEqual(mail.attachment_ids.mapped("name"), [f"Spring campaign - {recipient.partner_id.name}.pdf"])
            self.assertEqual(mail.attachment_ids.mimetype, "application/pdf")
            self.assertIn("Letter “Spring campaign” e-mailed on", recipient.partner_id.message_ids[0].body)
        for partner in self.deniz | self.ayse | self.refused | self.no_email:
            self.assertEqual(len(partner.message_ids), messages_before[partner])

    def test_empty_segment(self):
        self.letter.partner_domain = "[('id', '=', 0)]"
        with self.assertRaisesRegex(UserError, "has no customer in its segment"), self.env.cr.savepoint():
            self.letter.action_print()
        self.assertEqual((self.letter.state, self.letter.recipient_count), ("draft", 0))

    def test_salesman_prints(self):
        """A salesperson (all leads) prints a letter; an accountant may only read it."""
        salesman = new_test_user(self.env, "letter_rep", groups="sales_team.group_sale_salesman_all_leads")
        # Odoo lets users outside the template editors use only simple placeholders.
        self.letter.body = '<p>Dear <t t-out="object.name"/>,</p>'
        self.letter.partner_domain = f"[('id', '=', {self.anadolu.id})]"
        self.letter.with_user(salesman).action_print()
        self.assertIn("Dear Anadolu Makina A.Ş.,", self.letter.recipient_ids.body)
        self.assertEqual(self.letter.printed_count, 1)
        accountant = new_test_user(self.env, "letter_acc", groups="account.group_account_readonly")
        self.assertEqual(self.letter.with_user(accountant).name, "Spring campaign")
        self.assertFalse(self.env["crm_tr.marketing.letter"].with_user(accountant).has_access("write"))


@tagged("post_install", "-at_install")
class TestMarketingLetterPdf(HttpCase):
    """wkhtmltopdf fetches the report's assets from the running server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_letter_data(cls)

    def test_pdf_pages(self):
        """The PDF of a letter printed for 3 customers has 3 pages."""
        self.letter.partner_domain = f"[('id', 'in', {(self.anadolu | self.deniz | self.ayse).ids})]"
        self.letter.action_print()
        report = self.env.ref("crm_tr_reports.action_report_crm_tr_marketing_letter")
        pdf, _format = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, self.letter.recipient_ids.ids
        )
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 3)
