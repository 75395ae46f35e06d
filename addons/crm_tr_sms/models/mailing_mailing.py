import logging
from uuid import uuid4

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..tools.phone import sms_eligibility
from ..tools.sms_parts import sms_parts
from .sms_template import MESSAGE_TYPES

_logger = logging.getLogger(__name__)

# Odoo's composer builds every SMS of a mailing in one transaction and de-duplicates numbers
# in quadratic time; a campaign here is queued in batches of this size, one transaction each.
ENQUEUE_BATCH = 5000

# Our exclusion reasons as mailing.trace failure types (a cancelled trace per excluded record
# also keeps the record out of _get_remaining_recipients, so it is never picked up again).
REASON_TO_TRACE_FAILURE = {
    "missing": "sms_number_missing",
    "invalid": "sms_number_format",
    "not_mobile": "sms_number_format",
    "blacklisted": "sms_blacklist",
    "no_consent": "sms_optout",
    "ret": "sms_optout",
    "duplicate": "sms_duplicate",
}


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    crm_tr_message_type = fields.Selection(
        MESSAGE_TYPES,
        string="Message Type",
        default="commercial",
        help="A campaign is commercial unless it only informs about a service already bought.",
    )
    crm_tr_company_id = fields.Many2one(
        "res.company", string="Sending Company", default=lambda self: self.env.company, index=True
    )
    crm_tr_encoding = fields.Selection(
        [("gsm7", "GSM-7"), ("turkish", "Turkish"), ("ucs2", "Unicode (UCS-2)")],
        string="Alphabet",
        compute="_compute_crm_tr_parts",
    )
    crm_tr_parts = fields.Integer(string="SMS Parts", compute="_compute_crm_tr_parts")
    crm_tr_price_per_part = fields.Float(related="crm_tr_company_id.crm_tr_sms_price_per_part")
    crm_tr_currency_id = fields.Many2one(related="crm_tr_company_id.currency_id", string="Currency")
    crm_tr_preview_count = fields.Integer(string="Recipients (preview)", readonly=True, copy=False)
    crm_tr_preview_excluded = fields.Integer(string="Excluded (preview)", readonly=True, copy=False)
    crm_tr_estimated_cost = fields.Monetary(
        string="Estimated Cost", compute="_compute_crm_tr_costs", currency_field="crm_tr_currency_id"
    )
    crm_tr_real_cost = fields.Monetary(
        string="Cost", compute="_compute_crm_tr_costs", currency_field="crm_tr_currency_id"
    )
    crm_tr_excluded_count = fields.Integer(string="Excluded", compute="_compute_crm_tr_excluded_count")
    crm_tr_optout_count = fields.Integer(string="Opted Out", compute="_compute_crm_tr_excluded_count")

    @api.depends("body_plaintext")
    def _compute_crm_tr_parts(self):
        for mailing in self:
            encoding, _units, parts = sms_parts(mailing._crm_tr_body_suffixed(mailing.body_plaintext or ""))
            mailing.crm_tr_encoding = encoding
            mailing.crm_tr_parts = parts

    @api.depends("crm_tr_parts", "crm_tr_price_per_part", "crm_tr_preview_count")
    def _compute_crm_tr_costs(self):
        accepted = {"pending", "sent", "open", "reply", "bounce"}
        counts = {}
        if self.ids:
            for mailing, status, count in self.env["mailing.trace"]._read_group(
                [("mass_mailing_id", "in", self.ids), ("trace_type", "=", "sms")],
                ["mass_mailing_id", "trace_status"],
                ["__count"],
            ):
                if status in accepted:
                    counts[mailing] = counts.get(mailing, 0) + count
        for mailing in self:
            unit = mailing.crm_tr_parts * mailing.crm_tr_price_per_part
            mailing.crm_tr_estimated_cost = mailing.crm_tr_preview_count * unit
            mailing.crm_tr_real_cost = counts.get(mailing._origin, 0) * unit

    def _compute_crm_tr_excluded_count(self):
        counts = dict(
            self.env["crm_tr.sms.exclusion"]._read_group([("mailing_id", "in", self.ids)], ["mailing_id"], ["__count"])
        )
        optouts = dict(
            self.env["crm_tr.iys.consent"]._read_group(
                [("mailing_id", "in", self.ids), ("status", "=", "RET")], ["mailing_id"], ["__count"]
            )
        )
        for mailing in self:
            mailing.crm_tr_excluded_count = counts.get(mailing._origin, 0)
            mailing.crm_tr_optout_count = optouts.get(mailing._origin, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _crm_tr_handles(self):
        """Our engine queues SMS campaigns on contacts; other targets keep Odoo's composer."""
        return self.filtered(lambda m: m.mailing_type == "sms" and m.mailing_model_real == "res.partner")

    def action_crm_tr_preview(self):
        """Count who would receive the campaign now and who would be left out, and why."""
        for mailing in self._crm_tr_handles():
            ids = mailing._crm_tr_remaining_ids()
            queued, excluded = 0, 0
            seen = mailing._crm_tr_seen_numbers()
            for chunk in split_every(ENQUEUE_BATCH, ids):
                plan = mailing._crm_tr_plan(list(chunk), seen)
                queued += len(plan["send"])
                excluded += len(plan["exclude"])
            mailing.write({"crm_tr_preview_count": queued, "crm_tr_preview_excluded": excluded})
        return True

    def action_crm_tr_view_exclusions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sms.crm_tr_sms_exclusion_action")
        action["domain"] = [("mailing_id", "=", self.id)]
        action["context"] = {"search_default_group_reason": 1}
        return action

    def action_send_sms(self, res_ids=None):
        ours = self._crm_tr_handles()
        for mailing in ours:
            if mailing.crm_tr_message_type == "commercial" and not self.env["crm_tr.sms.api"]._in_commercial_window():
                mailing._crm_tr_postpone_to_window()
                continue
            mailing._crm_tr_enqueue(res_ids)
        return super(MailingMailing, self - ours).action_send_sms(res_ids=res_ids)

    def _crm_tr_postpone_to_window(self):
        """Commercial messages go out between 09:00 and 21:00, Turkey time: wait for 09:00."""
        start = self.env["crm_tr.sms.api"]._next_commercial_window()
        self.write({"schedule_date": start, "schedule_type": "scheduled"})
        self.env.ref("mass_mailing.ir_cron_mass_mailing_queue")._trigger(start)
        _logger.info("Commercial SMS campaign %s postponed to %s (UTC)", self.id, start)

    # ------------------------------------------------------------------
    # The engine
    # ------------------------------------------------------------------

    def _crm_tr_body_suffixed(self, body):
        """A commercial message carries the company's opt-out instruction (RET ... to 3338)."""
        self.ensure_one()
        suffix = (self.crm_tr_company_id or self.env.company).crm_tr_sms_optout_text
        if self.crm_tr_message_type == "commercial" and suffix and suffix not in body:
            return f"{body}\n{suffix}"
        return body

    def _crm_tr_remaining_ids(self):
        """Recipients of the mailing's domain that have no trace in this mailing yet."""
        self.ensure_one()
        self.env.flush_all()
        query = self.env["res.partner"]._search(self._get_recipients_domain())
        rows = self.env.execute_query(
            SQL(
                """SELECT partner.id FROM (%s) AS partner
                    WHERE NOT EXISTS (SELECT 1 FROM mailing_trace trace
                                       WHERE trace.mass_mailing_id = %s AND trace.model = 'res.partner'
                                         AND trace.res_id = partner.id)
                 ORDER BY partner.id""",
                query.select(),
                self.id,
            )
        )
        return [row[0] for row in rows]

    def _get_remaining_recipients(self):
        if self._crm_tr_handles() == self and not self.ab_testing_enabled:
            return self._crm_tr_remaining_ids()
        return super()._get_remaining_recipients()

    def _crm_tr_seen_numbers(self):
        rows = self.env.execute_query(
            SQL(
                "SELECT sms_number FROM mailing_trace WHERE mass_mailing_id = %s AND trace_status != 'cancel'",
                self.id,
            )
        )
        return {row[0] for row in rows if row[0]}

    def _crm_tr_plan(self, partner_ids, seen):
        """Decide, for a batch of contacts, who gets the SMS (and at which number) and who
        is left out and why. `seen` collects the numbers already given an SMS."""
        self.ensure_one()
        company = self.crm_tr_company_id or self.env.company
        commercial = self.crm_tr_message_type == "commercial"
        rows = self.env.execute_query(
            SQL(
                """SELECT partner.id, partner.phone, COALESCE(parent.is_company, partner.is_company, FALSE)
                     FROM res_partner partner
                LEFT JOIN res_partner parent ON parent.id = partner.commercial_partner_id
                    WHERE partner.id = ANY(%s)""",
                partner_ids,
            )
        )
        eligibility = {pid: (sms_eligibility(phone), is_company) for pid, phone, is_company in rows}
        raw_phones = {pid: phone for pid, phone, _is_company in rows}
        numbers = [number for (number, _reason), _company in eligibility.values() if number]
        blacklisted = {
            row[0]
            for row in self.env.execute_query(
                SQL("SELECT number FROM phone_blacklist WHERE active AND number = ANY(%s)", numbers)
            )
        }
        refused = {}
        if commercial:
            refused = self.env["crm_tr.iys.consent"]._crm_tr_refusals(
                company, {pid: (number, is_company) for pid, ((number, _r), is_company) in eligibility.items()}
            )
        plan = {"send": [], "exclude": []}
        for pid in partner_ids:
            (number, reason), is_company = eligibility.get(pid, ((False, "missing"), False))
            if not reason and number in blacklisted:
                reason = "blacklisted"
            if not reason and commercial:
                reason = refused.get(pid)
            if not reason and number in seen:
                reason = "duplicate"
            if reason:
                plan["exclude"].append((pid, number or raw_phones.get(pid) or None, reason))
            else:
                seen.add(number)
                plan["send"].append((pid, number, "TACIR" if is_company else "BIREYSEL"))
        return plan

    def _crm_tr_bodies(self, partner_ids):
        body = self.body_plaintext or ""
        if "{{" in body or "{%" in body:
            rendered = self.env["mail.render.mixin"]._render_template(
                body, "res.partner", partner_ids, engine="inline_template"
            )
            return {pid: self._crm_tr_body_suffixed(rendered[pid]) for pid in partner_ids}
        body = self._crm_tr_body_suffixed(body)
        return dict.fromkeys(partner_ids, body)

    def _crm_tr_enqueue(self, res_ids=None):
        """Queue the campaign's SMS, ENQUEUE_BATCH recipients per transaction when run by the
        mailing cron (a restart resumes after the last committed batch: those recipients
        have traces and are no longer 'remaining')."""
        self.ensure_one()
        in_cron = bool(self.env.context.get("cron_id"))
        ids = res_ids if res_ids is not None else self._crm_tr_remaining_ids()
        seen = self._crm_tr_seen_numbers()
        for chunk in split_every(ENQUEUE_BATCH, ids):
            # Only one process queues a given mailing at a time.
            locked = self.env.execute_query(
                SQL("SELECT id FROM mailing_mailing WHERE id = %s FOR UPDATE SKIP LOCKED", self.id)
            )
            if not locked:
                _logger.info("Mailing %s is being queued by another process", self.id)
                return
            self._crm_tr_enqueue_batch(list(chunk), seen)
            if in_cron:
                self.env["ir.cron"]._commit_progress()
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()

    def _crm_tr_enqueue_batch(self, partner_ids, seen):
        self.env.flush_all()
        company = self.crm_tr_company_id or self.env.company
        commercial = self.crm_tr_message_type == "commercial"
        # Skip anyone already traced (a retried batch after a concurrency error).
        done = {
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """SELECT res_id FROM mailing_trace
                        WHERE mass_mailing_id = %s AND model = 'res.partner' AND res_id = ANY(%s)""",
                    self.id,
                    partner_ids,
                )
            )
        }
        partner_ids = [pid for pid in partner_ids if pid not in done]
        if not partner_ids:
            return
        plan = self._crm_tr_plan(partner_ids, seen)
        bodies = self._crm_tr_bodies([pid for pid, _number, _type in plan["send"]])
        uid, now = self.env.uid, fields.Datetime.now()
        campaign = self.campaign_id.id or None
        codes = {pid: self._crm_tr_code() for pid, _number, _type in plan["send"]}
        if self.sms_allow_unsubscribe:
            composer = self.env["sms.composer"]
            bodies = {
                pid: f"{body}\n{composer._get_unsubscribe_info(composer._get_unsubscribe_url(self.id, codes[pid]))}"
                for pid, body in bodies.items()
            }
        sms_rows = [(uuid4().hex, number, bodies[pid], pid, rtype) for pid, number, rtype in plan["send"]]
        sms_ids = []
        if sms_rows:
            sms_ids = self.env.execute_query(
                SQL(
                    """INSERT INTO sms_sms (uuid, number, body, partner_id, crm_tr_recipient_type, mailing_id,
                                            state, to_delete, crm_tr_company_id, crm_tr_commercial,
                                            create_uid, create_date, write_uid, write_date)
                       SELECT v.uuid, v.number, v.body, v.partner_id, v.rtype, %s, 'outgoing', FALSE, %s, %s,
                              %s, %s, %s, %s
                         FROM (VALUES %s) AS v(uuid, number, body, partner_id, rtype)
                    RETURNING id""",
                    self.id,
                    company.id,
                    commercial,
                    uid,
                    now,
                    uid,
                    now,
                    SQL(", ").join(SQL("(%s, %s, %s, %s, %s)", *row) for row in sms_rows),
                )
            )
        trace_rows = [
            (pid, number, sms_id[0], codes[pid], "outgoing", None)
            for (_uuid, number, _body, pid, _rtype), sms_id in zip(sms_rows, sms_ids, strict=True)
        ] + [
            (pid, number or None, None, self._crm_tr_code(), "cancel", REASON_TO_TRACE_FAILURE[reason])
            for pid, number, reason in plan["exclude"]
        ]
        trace_ids = self.env.execute_query(
            SQL(
                """INSERT INTO mailing_trace (trace_type, model, res_id, mass_mailing_id, campaign_id, sms_number,
                                              sms_id_int, sms_code, trace_status, failure_type,
                                              create_uid, create_date, write_uid, write_date)
                   SELECT 'sms', 'res.partner', v.res_id, %s, %s, v.number, v.sms_id, v.code, v.status, v.failure,
                          %s, %s, %s, %s
                     FROM (VALUES %s) AS v(res_id, number, sms_id, code, status, failure)
                RETURNING id""",
                self.id,
                campaign,
                uid,
                now,
                uid,
                now,
                SQL(", ").join(SQL("(%s, %s, %s::int, %s, %s, %s)", *row) for row in trace_rows),
            )
        )
        if sms_rows:
            self.env.execute_query(
                SQL(
                    """INSERT INTO sms_tracker (sms_uuid, mailing_trace_id, crm_tr_company_id,
                                                create_uid, create_date, write_uid, write_date)
                       SELECT v.uuid, v.trace_id, %s, %s, %s, %s, %s FROM (VALUES %s) AS v(uuid, trace_id)""",
                    company.id,
                    uid,
                    now,
                    uid,
                    now,
                    SQL(", ").join(
                        SQL("(%s, %s)", row[0], trace_id[0])
                        for row, trace_id in zip(sms_rows, trace_ids[: len(sms_rows)], strict=True)
                    ),
                )
            )
        if plan["exclude"]:
            self.env.execute_query(
                SQL(
                    """INSERT INTO crm_tr_sms_exclusion (partner_id, number, reason, commercial, mailing_id,
                                                         res_model, res_id, company_id,
                                                         create_uid, create_date, write_uid, write_date)
                       SELECT v.partner_id, v.number, v.reason, %s, %s, 'res.partner', v.partner_id, %s,
                              %s, %s, %s, %s
                         FROM (VALUES %s) AS v(partner_id, number, reason)""",
                    commercial,
                    self.id,
                    company.id,
                    uid,
                    now,
                    uid,
                    now,
                    SQL(", ").join(SQL("(%s, %s, %s)", *row) for row in plan["exclude"]),
                )
            )
        self.env.invalidate_all()

    def _crm_tr_code(self):
        return self.env["mailing.trace"]._get_random_code()
