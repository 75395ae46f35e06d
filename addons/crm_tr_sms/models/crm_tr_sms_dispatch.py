from odoo import fields, models
from odoo.tools import SQL

from .res_company import TR_SMS_PROVIDERS


class CrmTrSmsDispatch(models.Model):
    """Ledger of SMS handed to a provider, written in its own committed transaction before
    the provider is called. A sending transaction that rolls back afterwards (concurrency
    error, worker killed, cron restarted) leaves its SMS 'outgoing'; the ledger is what
    stops the next attempt from sending them a second time."""

    _name = "crm_tr.sms.dispatch"
    _description = "SMS Dispatch Ledger"
    _order = "id desc"
    _log_access = False
    # Technical: administrators only (tests/test_suite_integrity.py knows it).
    _crm_tr_technical = True

    uuid = fields.Char(required=True, readonly=True)
    # A plain id, not a foreign key: the ledger is written from another transaction, which
    # cannot see a company created in the sending one.
    company_id = fields.Integer(string="Company ID", readonly=True, index=True)
    provider = fields.Selection(TR_SMS_PROVIDERS, readonly=True)
    state = fields.Selection(
        [("sending", "Being Sent"), ("accepted", "Accepted"), ("failed", "Refused")], readonly=True
    )
    provider_ref = fields.Char(readonly=True)
    number = fields.Char(readonly=True)
    date = fields.Datetime(readonly=True)

    _uuid_unique = models.UniqueIndex("(uuid)")

    def _claim(self, company, provider, uuids):
        """Claim these SMS for sending, in a transaction of its own. Returns (the uuids this
        call may send, {uuid: (state, provider_ref, number)} of those dispatched before)."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """INSERT INTO crm_tr_sms_dispatch (uuid, company_id, provider, state, date)
                       SELECT u, %s, %s, 'sending', now() AT TIME ZONE 'UTC' FROM unnest(%s::varchar[]) AS u
                       ON CONFLICT (uuid) DO NOTHING RETURNING uuid""",
                    company.id,
                    provider,
                    list(uuids),
                )
            )
            claimed = {row[0] for row in cr.fetchall()}
            cr.execute(
                SQL(
                    "SELECT uuid, state, provider_ref, number FROM crm_tr_sms_dispatch WHERE uuid = ANY(%s)",
                    [uuid for uuid in uuids if uuid not in claimed],
                )
            )
            known = {uuid: (state, ref, number) for uuid, state, ref, number in cr.fetchall()}
        return claimed, known

    def _record_results(self, results):
        """Write what the provider answered, in a transaction of its own."""
        if not results:
            return
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """UPDATE crm_tr_sms_dispatch d
                          SET state = v.state, provider_ref = v.ref, number = v.number
                         FROM (VALUES %s) AS v(uuid, state, ref, number)
                        WHERE d.uuid = v.uuid""",
                    SQL(", ").join(
                        SQL(
                            "(%s, %s, %s, %s)",
                            result["uuid"],
                            "accepted" if result["state"] == "success" else "failed",
                            result.get("crm_tr_provider_ref") or None,
                            result.get("crm_tr_number") or None,
                        )
                        for result in results
                    ),
                )
            )
