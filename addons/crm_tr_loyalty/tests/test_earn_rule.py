from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase


@tagged("post_install", "-at_install")
class TestEarnRule(CrmTrTwoCompanyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program_a, cls.program_b = cls.env["loyalty.program"].create(
            [
                {"name": "Ege Puan", "program_type": "loyalty", "company_id": cls.company_a.id},
                {"name": "Trakya Puan", "program_type": "loyalty", "company_id": cls.company_b.id},
            ]
        )
        cls.product = cls.env["product.product"].create({"name": "Periyodik Bakım", "type": "service"})
        cls.manager = cls._crm_tr_user("loyalty_mgr_a", "crm_tr_loyalty.group_loyalty_manager")
        cls.salesman = cls._crm_tr_user("loyalty_sales_a", "sales_team.group_sale_salesman")

    def _rule(self, program=None, **vals):
        program = program or self.program_a
        return self.env["crm_tr.loyalty.earn.rule"].create(
            {
                "name": "Bakım başına 20 puan",
                "program_id": program.id,
                "company_id": program.company_id.id,
                "scope": "product",
                "product_id": self.product.id,
                "mode": "per_unit",
                "points": 20,
            }
            | vals
        )

    def test_rule_without_scope_target_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "needs the product, category or tag"):
            self._rule(scope="category")

    def test_negative_or_zero_points_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "positive number of points"):
            self._rule(points=-5)
        with self.assertRaisesRegex(ValidationError, "positive number of points"):
            self._rule(points=0)

    def test_rule_ending_before_it_starts_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._rule(date_from="2026-06-01", date_to="2026-05-31")

    def test_manager_creates_salesman_reads(self):
        rule = self._rule().with_user(self.manager)
        rule.points = 25
        self.assertEqual(rule.with_user(self.salesman).points, 25)
        with self.assertRaises(AccessError):
            rule.with_user(self.salesman).write({"points": 30})

    def test_user_of_company_a_cannot_read_company_b(self):
        mine = self._rule()
        theirs = self._rule(program=self.program_b)
        visible = self.env["crm_tr.loyalty.earn.rule"].with_user(self.manager).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.manager).read(["points"])

    def test_boosts_raffles_tiers_per_company(self):
        Boost, Raffle, Tier = (
            self.env[m] for m in ("crm_tr.loyalty.boost", "crm_tr.loyalty.raffle", "crm_tr.loyalty.tier")
        )
        common = {"scope": "product", "product_id": self.product.id, "date_from": "2026-12-01", "date_to": "2026-12-31"}
        boosts = Boost.create(
            [dict(common, name="A", company_id=self.company_a.id), dict(common, name="B", company_id=self.company_b.id)]
        )
        period = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
        raffles = Raffle.create(
            [dict(period, name="A", company_id=self.company_a.id), dict(period, name="B", company_id=self.company_b.id)]
        )
        tiers = Tier.create(
            [
                {"name": "A", "program_id": self.program_a.id, "threshold": 0},
                {"name": "B", "program_id": self.program_b.id, "threshold": 0},
            ]
        )
        for records in (boosts, raffles, tiers):
            visible = records.with_user(self.manager).search([("id", "in", records.ids)])
            self.assertEqual(visible, records[0], records._name)
            with self.assertRaises(AccessError):
                records[1].with_user(self.manager).read(["name"])
        # Salespeople read boosts but do not change them.
        boosts[0].with_user(self.salesman).read(["multiplier"])
        with self.assertRaises(AccessError):
            boosts[0].with_user(self.salesman).write({"multiplier": 5})
