from datetime import datetime

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_tr_sms.tests.tours import TurkishTourCase


@tagged("post_install", "-at_install")
class TestVisitScheduleTour(TurkishTourCase):
    def test_team_leader_schedules_visits(self):
        """A team leader (no HR rights) runs the scheduler from CRM → Sales in the Turkish
        interface: the visit that needs the technician's skill is placed on him, the one
        nobody may service stays to schedule with the reason."""
        company = self.env.ref("base.main_company")
        leader = new_test_user(
            self.env,
            login="tur_lider",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        self._speak_turkish(leader)
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Tur 24 saat",
                "company_id": company.id,
                "tz": "UTC",
                "attendance_ids": [
                    Command.create({"name": f"{day}", "dayofweek": str(day), "hour_from": 0, "hour_to": 24})
                    for day in range(7)
                ],
            }
        )
        klima = self.env["product.category"].create({"name": "Tur Klima"})
        asansor = self.env["product.category"].create({"name": "Tur Asansör"})
        technician = self.env["hr.employee"].create(
            {
                "name": "Tur Teknisyeni",
                "company_id": company.id,
                "resource_calendar_id": calendar.id,
                "tz": "UTC",
                "crm_tr_skill_category_ids": [Command.set(klima.ids)],
            }
        )
        customer = self.env["res.partner"].create(
            {"name": "Tur Otel A.Ş.", "is_company": True, "city": "Kadıköy", "company_id": company.id}
        )
        values = {
            "partner_id": customer.id,
            "company_id": company.id,
            "state": "to_schedule",
            "planned_start": False,
            "planned_end": False,
            "user_id": False,
            "employee_ids": [Command.clear()],
            "estimated_hours": 2.0,
        }
        Visit = self.env["crm_tr.visit"]
        placed = Visit.create(values | {"purpose": "Tur klima bakımı", "skill_category_id": klima.id})
        left_out = Visit.create(values | {"purpose": "Tur asansör bakımı", "skill_category_id": asansor.id})
        self.start_tour("/odoo", "crm_tr_sales_visit_schedule_tour", login="tur_lider")
        self.assertEqual((placed.state, placed.employee_ids), ("planned", technician))
        self.assertGreater(placed.planned_start, datetime.now())
        self.assertEqual((placed.planned_end - placed.planned_start).total_seconds(), 7200)
        self.assertEqual(left_out.state, "to_schedule")
        self.assertIn("Tur Asansör", left_out.schedule_note)
