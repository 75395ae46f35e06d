import io
from datetime import datetime

from lxml import html as lxml_html

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.crm_tr_sales.tests.test_visit import THU, WED, VisitCase, ist

REPORT = "crm_tr_sales.crm_tr_visit_route_sheet_report"


@tagged("post_install", "-at_install")
class TestRouteSheet(VisitCase):
    """The daily route sheet: one page per employee and day, visits in the order they are
    made, with addresses, contacts, purpose, serial numbers and the vehicle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("tr_TR")
        istanbul = cls.env.ref("base.state_tr_34")
        cls.customer.write(
            {
                "street": "Büyükdere Cad. No:185",
                "street2": "Levent Mah.",
                "zip": "34394",
                "city": "Şişli",
                "state_id": istanbul.id,
                "country_id": cls.env.ref("base.tr").id,
                "phone": "+90 212 555 10 20",
            }
        )
        cls.contact.phone = "+90 532 111 22 33"
        cls.clinic = cls.env["res.partner"].create(
            {
                "name": "Anadolu Kliniği Ltd. Şti.",
                "is_company": True,
                "street": "Bağdat Cad. No:12",
                "city": "Kadıköy",
                "state_id": istanbul.id,
                "phone": "+90 216 444 00 11",
            }
        )
        cls.dryer = cls.env["maintenance.equipment"].create(
            {"name": "Vakum pompası", "serial_no": "VP-2291", "company_id": cls.company_a.id}
        )
        # Selim's Wednesday, created out of order; Kemal joins him at 11:30.
        cls.afternoon = cls._make(
            ist(WED, 14), ist(WED, 15, 30), purpose="Klima montajı", partner=cls.clinic, distance_km=18.5
        )
        cls.morning = cls._make(ist(WED, 10), ist(WED, 11), vehicle=cls.doblo, equipment=cls.dryer, distance_km=24)
        cls.together = cls._make(
            ist(WED, 11, 30),
            ist(WED, 12),
            purpose="Keşif",
            partner=cls.clinic,
            employees=cls.selim | cls.kemal,
        )
        cls.called_off = cls._make(ist(WED, 16), ist(WED, 17), purpose="İptal edilen ziyaret")
        cls.called_off.action_cancel()
        cls.thursday = cls._make(ist(THU, 9), ist(THU, 10), purpose="Perşembe ziyareti")

    @classmethod
    def _make(cls, start, end, *, purpose="Yıllık bakım teklifi", partner=None, employees=None, vehicle=None, **vals):
        equipment = vals.pop("equipment", None)
        return cls.Visit.create(
            {
                "partner_id": (partner or cls.customer).id,
                "contact_id": cls.contact.id if not partner else False,
                "purpose": purpose,
                "company_id": cls.company_a.id,
                "user_id": cls.rep.id,
                "employee_ids": [Command.set((employees or cls.selim).ids)],
                "vehicle_id": vehicle.id if vehicle else False,
                "equipment_ids": [Command.set(equipment.ids)] if equipment else [],
                "planned_start": start,
                "planned_end": end,
            }
            | vals
        )

    def _pages(self, visits, data=None, lang="tr_TR", user=None):
        Report = self.env["ir.actions.report"].with_context(lang=lang)
        if user:
            Report = Report.with_user(user)
        content, _type = Report._render_qweb_html(REPORT, visits.ids, data=data)
        return lxml_html.fromstring(content).xpath("//div[contains(@class, 'o_crm_tr_route_sheet')]")

    @staticmethod
    def _text(node):
        return " ".join("".join(node.itertext()).split())

    def _lines(self, page):
        return [self._text(row) for row in page.xpath(".//tr[contains(@class, 'o_crm_tr_route_line')]")]

    def test_one_page_per_employee_and_day_in_visit_order(self):
        visits = self.afternoon | self.thursday | self.called_off | self.together | self.morning
        pages = self._pages(visits)
        headings = [self._text(page.xpath(".//h2")[0]) for page in pages]
        self.assertEqual(
            headings,
            ["Güzergah Föyü: Kemal Usta", "Güzergah Föyü: Selim Yurt", "Güzergah Föyü: Selim Yurt"],
            "by day, then by name; a cancelled visit is on nobody's sheet",
        )
        days = [self._text(page.xpath(".//span[hasclass('o_crm_tr_route_day')]")[0]) for page in pages]
        self.assertEqual(days, ["9 Aralık 2026 Çarşamba", "9 Aralık 2026 Çarşamba", "10 Aralık 2026 Perşembe"])
        kemal, selim_wed, selim_thu = (self._lines(page) for page in pages)
        self.assertEqual(len(kemal), 1)
        self.assertTrue(kemal[0].startswith(f"1 11:30–12:00 {self.together.name}"))
        self.assertEqual(
            [line.split(" ")[1] for line in selim_wed],
            ["10:00–11:00", "11:30–12:00", "14:00–15:30"],
            "Istanbul times, in the order he makes the visits",
        )
        self.assertEqual(len(selim_thu), 1)
        self.assertTrue(selim_thu[0].startswith(f"1 09:00–10:00 {self.thursday.name}"))
        self.assertNotIn(self.called_off.name, " ".join(selim_wed))

    def test_address_contact_purpose_vehicle_and_figures(self):
        selim_wed = self._pages(self.morning | self.together | self.afternoon)[1]
        morning, together, afternoon = self._lines(selim_wed)
        self.assertEqual(
            morning,
            f"1 10:00–11:00 {self.morning.name} Yıldız Otelcilik A.Ş. "
            "Büyükdere Cad. No:185, Levent Mah. 34394 Şişli / İstanbul "
            "Serkan Polat +90 532 111 22 33 Yıllık bakım teklifi 24,0 km 34 MKS 120",
        )
        self.assertEqual(
            together,
            f"2 11:30–12:00 {self.together.name} Anadolu Kliniği Ltd. Şti. Bağdat Cad. No:12 Kadıköy / İstanbul "
            "+90 216 444 00 11 Keşif",
            "no contact person: the customer's phone",
        )
        self.assertIn("Klima montajı 18,5 km", afternoon)
        header = self._text(selim_wed)
        # Labels in Turkish (tr.po), data as entered.
        self.assertIn("Araç: Fiat/Doblo 34 MKS 120", header)
        self.assertIn("Ekipman: Vakum pompası (Seri No VP-2291)", header)
        self.assertIn("Ziyaretler: 3", header)
        # 1 h + 0,5 h + 1,5 h; 24 + 18,5 km, in Turkish figures.
        self.assertEqual(self._text(selim_wed.xpath(".//span[hasclass('o_crm_tr_route_hours')]")[0]), "3,00")
        self.assertEqual(self._text(selim_wed.xpath(".//span[hasclass('o_crm_tr_route_km')]")[0]), "42,5")
        english = self._text(self._pages(self.morning, lang="en_US")[0])
        self.assertIn("24.0 km", english)
        self.assertIn("Vehicle: Fiat/Doblo 34 MKS 120", english)

    def test_serial_number_of_the_serviced_unit(self):
        if "lot_id" not in self.Visit._fields:
            page = self._pages(self.morning)[0]
            self.assertNotIn("Serial Numbers", self._text(page))
            return
        product = self.env["product.product"].create({"name": "Split klima 18000 BTU", "tracking": "serial"})
        if "is_storable" in product._fields:
            product.is_storable = True
        lot = self.env["stock.lot"].create(
            {"name": "SK18-000731", "product_id": product.id, "company_id": self.company_a.id}
        )
        self.morning.lot_id = lot
        page = self._pages(self.morning)[0]
        self.assertIn("Seri Numaraları: SK18-000731", self._lines(page)[0])

    def test_visit_nobody_was_put_on_is_its_responsibles(self):
        alone = self.Visit.create(
            {
                "partner_id": self.clinic.id,
                "purpose": "Tahsilat",
                "company_id": self.company_a.id,
                "user_id": self.other_rep.id,
                "planned_start": ist(WED, 9),
                "planned_end": ist(WED, 9, 30),
            }
        )
        self.assertFalse(alone.employee_ids, "rep_b has no employee")
        self.other_rep.tz = "Europe/Istanbul"
        pages = self._pages(alone | self.morning)
        self.assertEqual(
            [self._text(page.xpath(".//h2")[0]) for page in pages],
            [f"Güzergah Föyü: {self.other_rep.name}", "Güzergah Föyü: Selim Yurt"],
        )
        self.assertEqual(
            self._lines(pages[0])[0].split(" ")[:4],
            ["1", "09:00–09:30", alone.name, "Anadolu"],
            "at his time (Istanbul), for want of an employee's",
        )

    def test_pdf_has_one_page_per_sheet(self):
        visits = self.morning | self.together | self.afternoon | self.thursday
        # allow_pdf_render: wkhtmltopdf fetches the report's assets from the test's server.
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True, lang="tr_TR")
                ._render_qweb_pdf(REPORT, visits.ids)
            )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # Kemal's Wednesday, Selim's Wednesday and Selim's Thursday.
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 3)

    def test_nothing_to_print(self):
        with self.assertRaisesRegex(UserError, "No planned, started or done visit"):
            self._pages(self.called_off, lang="en_US")
        with self.assertRaisesRegex(UserError, "Yazdırılacak planlanmış, başlamış ya da tamamlanmış ziyaret yok"):
            self._pages(self.called_off)

    def test_route_sheet_of_a_day(self):
        """The wizard prints the chosen employee's day only, even for a visit he shares."""
        wizard = (
            self.env["crm_tr.visit.route.sheet.wizard"]
            .with_user(self.rep)
            .with_context(tz="Europe/Istanbul")
            .create({"date": fields.Date.to_date("2026-12-09"), "employee_ids": [Command.set(self.selim.ids)]})
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "crm_tr_sales.report_visit_route_sheet")
        self.assertEqual(
            sorted(action["context"]["active_ids"]), sorted((self.morning | self.together | self.afternoon).ids)
        )
        pages = self._pages(
            self.env["crm_tr.visit"].browse(action["context"]["active_ids"]), data=action["data"], user=self.rep
        )
        self.assertEqual(len(pages), 1, "Kemal shares a visit but was not asked for")
        self.assertEqual(
            [line.split(" ")[2] for line in self._lines(pages[0])],
            [self.morning.name, self.together.name, self.afternoon.name],
        )
        wizard.date = fields.Date.to_date("2026-12-11")
        with self.assertRaisesRegex(UserError, "Selim Yurt have no planned visit on"):
            wizard.action_print()

    def test_default_employee_is_the_user(self):
        wizard = self.env["crm_tr.visit.route.sheet.wizard"].with_user(self.rep).create({})
        self.assertEqual(wizard.employee_ids.ids, self.selim.ids)

    def test_opened_from_selected_visits(self):
        """From the visits' Action menu: the day of the first selected visit (the user's
        day, Istanbul) and the people of the selected visits."""
        # 01:00-02:00 on Thursday in Istanbul: still Wednesday in UTC.
        late = self._make(
            datetime(2026, 12, 9, 22), datetime(2026, 12, 9, 23), employees=self.kemal, allow_overtime=True
        )
        Wizard = (
            self.env["crm_tr.visit.route.sheet.wizard"]
            .with_user(self.manager)
            .with_context(tz="Europe/Istanbul", active_model="crm_tr.visit", active_ids=(self.thursday | late).ids)
        )
        wizard = Wizard.create({})
        self.assertEqual(wizard.date, fields.Date.to_date("2026-12-10"))
        self.assertEqual(sorted(wizard.employee_ids.ids), sorted((self.selim | self.kemal).ids))
