import threading
import time
from datetime import datetime

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestVisitConcurrency(TransactionCase):
    """Two users book the same vehicle at the same moment, each in his own transaction on
    his own connection: both pass the Python check (neither sees the other's uncommitted
    visit); PostgreSQL's exclusion constraint makes the second wait for the first and
    refuses it once the first commits. The test commits real rows, and deletes them."""

    THREAD_TIMEOUT = 60

    def setUp(self):
        super().setUp()
        # As in crm_tr_loyalty's TestConcurrentRedemption: Odoo's runner holds the registry
        # lock while tests run; the threads only read the loaded registry.
        self.patch(Registry, "_lock", DummyRLock())

    @staticmethod
    def _env(cr):
        return api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Istanbul"})

    def test_two_transactions_cannot_both_book(self):
        dbname = self.env.cr.dbname
        start, end = datetime(2031, 3, 4, 7, 0), datetime(2031, 3, 4, 8, 0)
        with db_connect(dbname).cursor() as cr:
            env = self._env(cr)
            brand = env["fleet.vehicle.model.brand"].create({"name": "crm_tr eşzamanlı"})
            model = env["fleet.vehicle.model"].create({"name": "Doblo", "brand_id": brand.id})
            vehicle = env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "34 EŞZ 01"})
            partner = env["res.partner"].create({"name": "Eşzamanlı Müşteri"})
            cr.commit()  # pylint: disable=invalid-commit
            ids = {"vehicle": vehicle.id, "model": model.id, "brand": brand.id, "partner": partner.id}
        values = {
            "partner_id": ids["partner"],
            "purpose": "Eşzamanlı",
            "vehicle_id": ids["vehicle"],
            "user_id": False,
            "planned_start": start,
            "planned_end": end,
        }
        outcome = {}

        def second_user():
            with db_connect(dbname).cursor() as cr, mute_logger("odoo.sql_db"):
                try:
                    self._env(cr)["crm_tr.visit"].create(values)
                    cr.flush()
                    outcome["second"] = "booked"
                except psycopg2.Error as error:
                    outcome["second"] = error.pgcode
                cr.rollback()

        first_cr = db_connect(dbname).cursor()
        thread = threading.Thread(target=second_user, name="second user")
        try:
            first = self._env(first_cr)["crm_tr.visit"].create(values)
            first_cr.flush()
            self.assertEqual(len(first.booking_ids), 1)
            thread.start()
            time.sleep(1.0)
            self.assertTrue(thread.is_alive(), "the second booking waits for the first transaction")
            first_cr.commit()  # pylint: disable=invalid-commit
        finally:
            first_cr.close()
            if thread.ident:
                thread.join(self.THREAD_TIMEOUT)
            if thread.is_alive():
                raise AssertionError(f"the second user still runs; committed records left in place: {ids}")
            with db_connect(dbname).cursor() as cr:
                env = self._env(cr)
                env["crm_tr.visit"].search([("partner_id", "=", ids["partner"])]).unlink()
                env["fleet.vehicle"].browse(ids["vehicle"]).unlink()
                env["fleet.vehicle.model"].browse(ids["model"]).unlink()
                env["fleet.vehicle.model.brand"].browse(ids["brand"]).unlink()
                env["res.partner"].browse(ids["partner"]).unlink()
                cr.commit()  # pylint: disable=invalid-commit
            Registry(dbname).clear_cache()
        self.assertEqual(outcome.get("second"), "23P01", "exclusion_violation: the second booking is refused")
