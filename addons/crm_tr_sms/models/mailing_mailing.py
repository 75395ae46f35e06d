import logging
import re
from html import unescape
from uuid import uuid4

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every
from odoo.tools.mail import TEXT_URL_REGEX
from odoo.tools.misc import formatLang

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
    "letters": "sms_number_format",
    "opt_out": "sms_optout",
}

# The audiences our engine queues; a campaign on any other model keeps Odoo's composer.
# mailing.list campaigns target mailing.contact (mailing_model_real).
CAMPAIGN_TARGETS = ("res.partner", "mailing.contact")

# Marks, in a body being built, where each SMS's own "/s/<sms id>" goes after a short link
# (what sms.sms._update_body_short_links does record by record). PostgreSQL text cannot
# hold NUL, so it can never come from a user's text.
SMS_ID_MARK = "\x00"

# A URL in a text and the end of it (Odoo's rule: link_tracker's _shorten_links_text).
URL_END = r"(?![\w@:%.+&~#=/-])"


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
    crm_tr_optout_text = fields.Char(related="crm_tr_company_id.crm_tr_sms_optout_text")
    crm_tr_currency_id = fields.Many2one(related="crm_tr_company_id.currency_id", string="Currency")
    crm_tr_preview_count = fields.Integer(string="Recipients (preview)", readonly=True, copy=False)
    crm_tr_preview_excluded = fields.Integer(string="Excluded (preview)", readonly=True, copy=False)
    crm_tr_preview_reasons = fields.Char(string="Why", compute="_compute_crm_tr_preview_reasons")
    crm_tr_estimated_cost = fields.Monetary(
        string="Estimated Cost", compute="_compute_crm_tr_costs", currency_field="crm_tr_currency_id"
    )
    crm_tr_real_cost = fields.Monetary(
        string="Cost", compute="_compute_crm_tr_costs", currency_field="crm_tr_currency_id"
    )
    crm_tr_excluded_count = fields.Integer(string="Excluded", compute="_compute_crm_tr_excluded_count")
    crm_tr_optout_count = fields.Integer(string="Opted Out", compute="_compute_crm_tr_excluded_count")

    @api.depends(
        "body_plaintext",
        "sms_allow_unsubscribe",
        "crm_tr_message_type",
        "crm_tr_company_id.crm_tr_sms_optout_text",
    )
    def _compute_crm_tr_parts(self):
        for mailing in self:
            encoding, _units, parts = sms_parts(mailing._crm_tr_body_as_sent(mailing.body_plaintext or ""))
            mailing.crm_tr_encoding = encoding
            mailing.crm_tr_parts = parts

    def _crm_tr_body_as_sent(self, body):
        """The body with what sending adds, for counting parts: the opt-out text, links as
        their short form and the unsubscribe link, both with Odoo's placeholders of the
        longest length they can have (as the SMS composer's counter does)."""
        self.ensure_one()
        body = self._crm_tr_body_suffixed(body)
        urls = re.findall(TEXT_URL_REGEX, body)
        if self.mailing_type != "sms" or not (urls or self.sms_allow_unsubscribe):
            return body
        placeholders = self._origin.sudo().get_sms_link_replacements_placeholders()
        unsubscribe_schema = self.env["ir.config_parameter"].sudo().get_param("web.base.url") + "/sms/"
        for url in set(urls):
            if not url.startswith(unsubscribe_schema):
                body = re.sub(re.escape(url) + URL_END, placeholders["link"], body)
        if self.sms_allow_unsubscribe:
            body += placeholders["unsubscribe"]
        return body

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
        # What the provider bills for each accepted message, on its own alphabet (kept on
        # its tracker when sent): a personalised text may be GSM-7 for one customer and
        # Turkish for another. Messages without that record count the campaign's parts.
        billed = {}
        if self.ids:
            billed = {
                mailing: (count, parts)
                for mailing, count, parts in self.env["sms.tracker"]._read_group(
                    [
                        ("mailing_trace_id.mass_mailing_id", "in", self.ids),
                        ("mailing_trace_id.trace_status", "in", list(accepted)),
                        ("crm_tr_parts", ">", 0),
                    ],
                    ["mailing_trace_id.mass_mailing_id"],
                    ["__count", "crm_tr_parts:sum"],
                )
            }
        for mailing in self:
            unit = mailing.crm_tr_parts * mailing.crm_tr_price_per_part
            mailing.crm_tr_estimated_cost = mailing.crm_tr_preview_count * unit
            known, parts = billed.get(mailing._origin, (0, 0))
            unknown = max(counts.get(mailing._origin, 0) - known, 0)
            mailing.crm_tr_real_cost = parts * mailing.crm_tr_price_per_part + unknown * unit

    def _compute_crm_tr_excluded_count(self):
        counts = dict(
            self.env["crm_tr.sms.exclusion"]._read_group(
                [("mailing_id", "in", self.ids), ("preview", "=", False)], ["mailing_id"], ["__count"]
            )
        )
        optouts = dict(
            self.env["crm_tr.iys.consent"]._read_group(
                [("mailing_id", "in", self.ids), ("status", "=", "RET")], ["mailing_id"], ["__count"]
            )
        )
        for mailing in self:
            mailing.crm_tr_excluded_count = counts.get(mailing._origin, 0)
            mailing.crm_tr_optout_count = optouts.get(mailing._origin, 0)

    def _creation_message(self):
        # Written once for every reader: in the sending company's language.
        lang = (self.crm_tr_company_id or self.env.company).partner_id.lang or self.env.lang
        return super(MailingMailing, self.with_context(lang=lang))._creation_message()

    @api.depends("crm_tr_preview_excluded")
    def _compute_crm_tr_preview_reasons(self):
        """'12 No İYS consent (ONAY), 3 Invalid phone number': the preview's exclusions by
        reason, most frequent first, in the reader's language."""
        Exclusion = self.env["crm_tr.sms.exclusion"]
        labels = dict(Exclusion._fields["reason"]._description_selection(self.env))
        groups = Exclusion._read_group(
            [("mailing_id", "in", self._origin.ids), ("preview", "=", True)], ["mailing_id", "reason"], ["__count"]
        )
        by_mailing = {}
        for mailing, reason, count in groups:
            by_mailing.setdefault(mailing, []).append((count, reason))
        for mailing in self:
            counts = sorted(by_mailing.get(mailing._origin, []), key=lambda item: (-item[0], item[1]))
            mailing.crm_tr_preview_reasons = ", ".join(
                f"{formatLang(self.env, count, digits=0)} {labels[reason]}" for count, reason in counts
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _crm_tr_handles(self):
        """Our engine queues SMS campaigns on contacts and on mailing lists; other targets
        keep Odoo's composer."""
        return self.filtered(lambda m: m.mailing_type == "sms" and m.mailing_model_real in CAMPAIGN_TARGETS)

    def action_crm_tr_preview(self):
        """Count who would receive the campaign now and who would be left out, and why."""
        for mailing in self._crm_tr_handles():
            state = mailing._crm_tr_enqueue_state()
            queued, excluded = 0, 0
            mailing.env.execute_query(
                SQL("DELETE FROM crm_tr_sms_exclusion WHERE mailing_id = %s AND preview", mailing.id)
            )
            for chunk in split_every(ENQUEUE_BATCH, mailing._get_remaining_recipients()):
                decisions = mailing._crm_tr_decide(mailing._crm_tr_recipients(list(chunk)), state)
                exclude = [(res_id, number or None, reason) for res_id, (number, reason) in decisions.items() if reason]
                mailing._crm_tr_log_exclusions(exclude, preview=True)
                excluded += len(exclude)
                queued += len(decisions)
            mailing.write({"crm_tr_preview_count": queued - excluded, "crm_tr_preview_excluded": excluded})
        return True

    def action_crm_tr_view_exclusions(self):
        """The recipients the campaign left out, by reason."""
        return self._crm_tr_exclusions_action(preview=False)

    def action_crm_tr_view_preview_exclusions(self):
        """Who the last preview found the campaign would leave out, by reason."""
        return self._crm_tr_exclusions_action(preview=True)

    def _crm_tr_exclusions_action(self, preview):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_sms.crm_tr_sms_exclusion_action")
        action["domain"] = [("mailing_id", "=", self.id), ("preview", "=", preview)]
        action["context"] = {"search_default_group_reason": 1}
        if preview:
            action["name"] = self.env._("Would Be Excluded")
        return action

    def _crm_tr_check_ready(self):
        """A commercial SMS must tell how to refuse further messages (İYS): refuse to queue
        one while its company has no opt-out instruction."""
        for mailing in self.filtered(lambda m: m.mailing_type == "sms" and m.crm_tr_message_type == "commercial"):
            company = mailing.crm_tr_company_id or self.env.company
            if not (company.crm_tr_sms_optout_text or "").strip():
                raise UserError(
                    self.env._(
                        "The commercial SMS campaign “%(campaign)s” cannot be sent: %(company)s has no "
                        "opt-out instruction (Settings → General Settings → Send SMS → Opt-out Instruction), "
                        "which every commercial message must carry.",
                        campaign=mailing.sms_subject or mailing.subject or mailing.display_name,
                        company=company.name,
                    )
                )

    def action_put_in_queue(self):
        self._crm_tr_check_ready()
        return super().action_put_in_queue()

    def action_send_sms(self, res_ids=None):
        self._crm_tr_check_ready()
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
    # Odoo's mass mailing hooks
    # ------------------------------------------------------------------

    def _get_remaining_recipients(self):
        # Odoo's version reads the audience with search() and every trace of it with
        # search_read() (res_id IN <all ids>) before filtering in Python; one NOT EXISTS
        # query is faster at campaign sizes (figures in docs/PERFORMANCE.md). A/B tests
        # keep Odoo's version: it picks the random share of the audience.
        if self._crm_tr_handles() == self and not self.ab_testing_enabled:
            return self._crm_tr_remaining_ids()
        return super()._get_remaining_recipients()

    def _crm_tr_remaining_ids(self):
        """Recipients of the mailing's domain that have no trace in this mailing yet."""
        self.ensure_one()
        self.env.flush_all()
        query = self.env[self.mailing_model_real]._search(self._get_recipients_domain())
        # EXCEPT (a hashed or sorted set difference) rather than NOT EXISTS: right after a
        # campaign's traces are inserted, PostgreSQL's statistics still count none for it and
        # it plans NOT EXISTS as a nested loop over all the campaign's traces per recipient
        # (0.77 s for 2,000 recipients, quadratic); the set difference stays linear.
        rows = self.env.execute_query(
            SQL(
                """SELECT id FROM (SELECT target.id FROM (%s) AS target
                                   EXCEPT
                                   SELECT trace.res_id FROM mailing_trace trace
                                    WHERE trace.mass_mailing_id = %s AND trace.model = %s) AS remaining
                 ORDER BY id""",
                query.select(),
                self.id,
                self.mailing_model_real,
            )
        )
        return [row[0] for row in rows]

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

    def _crm_tr_enqueue_state(self):
        """What one queueing run carries from batch to batch: the numbers already given an
        SMS (de-duplication across batches), the opt-outs and the short links made so far."""
        self.ensure_one()
        return {
            "seen": self._crm_tr_seen_numbers(),
            "opted_out": self._crm_tr_opted_out(),
            "links": {},
        }

    def _crm_tr_opted_out(self):
        """The recipients opted out of the campaign: Odoo's opt-out hook
        (_get_opt_out_list_sms), except for mailing lists, where the same rule runs in SQL.
        Contacts have no such hook: their İYS consent is checked, with a reason, by
        _crm_tr_sms_decide."""
        self.ensure_one()
        if self.mailing_model_name != "mailing.list":
            return set(self._get_opt_out_list_sms())
        # mailing.list._mailing_get_opt_out_list_sms reads every subscription of the lists
        # through the ORM: 2.6 to 4.9 s for a list of 100,000, against 0.056 s for this
        # query (docs/PERFORMANCE.md). Its rule: out when unsubscribed from every list of
        # the campaign it is on.
        self.env["mailing.subscription"].flush_model(["contact_id", "list_id", "opt_out"])
        rows = self.env.execute_query(
            SQL(
                """SELECT contact_id FROM mailing_subscription WHERE list_id = ANY(%s)
                 GROUP BY contact_id HAVING bool_and(COALESCE(opt_out, FALSE))""",
                self.contact_list_ids.ids,
            )
        )
        return {row[0] for row in rows}

    def _crm_tr_seen_numbers(self):
        # Not Odoo's _get_seen_list_sms: that one takes the number from the recipient's
        # phone field today (Odoo's formatting) and counts cancelled traces too, so a number
        # left out for lack of consent would make its other contacts "duplicates". Here:
        # the numbers this campaign did give an SMS, as they were sent.
        rows = self.env.execute_query(
            SQL(
                "SELECT DISTINCT sms_number FROM mailing_trace WHERE mass_mailing_id = %s AND trace_status != 'cancel'",
                self.id,
            )
        )
        return {(row[0], None) for row in rows if row[0]}

    def _crm_tr_recipients(self, res_ids):
        """(id, phone, partner id, is a company) of the batch's recipients that still exist,
        in the order of res_ids. A mailing-list contact has no contact record: its number's
        İYS consent decides, as for an individual (BIREYSEL)."""
        if self.mailing_model_real == "res.partner":
            query = SQL(
                """SELECT partner.id, partner.phone, partner.id, COALESCE(parent.is_company, partner.is_company, FALSE)
                     FROM res_partner partner
                LEFT JOIN res_partner parent ON parent.id = partner.commercial_partner_id
                    WHERE partner.id = ANY(%s)""",
                res_ids,
            )
        else:
            query = SQL("SELECT id, mobile, NULL, FALSE FROM mailing_contact WHERE id = ANY(%s)", res_ids)
        rows = {row[0]: row for row in self.env.execute_query(query)}
        return [rows[res_id] for res_id in res_ids if res_id in rows]

    def _crm_tr_decide(self, recipients, state):
        """{res_id: (number, reason or False)} for a batch of _crm_tr_recipients rows:
        crm_tr.sms.api._crm_tr_sms_decide, the decision template messages get too, with the
        campaign's opt-outs and the numbers it already gave an SMS."""
        company_id = (self.crm_tr_company_id or self.env.company).id
        return self.env["crm_tr.sms.api"]._crm_tr_sms_decide(
            [
                (res_id, phone, partner_id, is_company, company_id, None)
                for res_id, phone, partner_id, is_company in recipients
            ],
            commercial=self.crm_tr_message_type == "commercial",
            seen=state["seen"],
            opted_out=state["opted_out"],
        )

    def _crm_tr_bodies(self, res_ids, links):
        """{res_id: body} with links shortened; SMS_ID_MARK stands after each short link."""
        body = self.body_plaintext or ""
        if "{{" in body or "{%" in body:
            rendered = self.env["mail.render.mixin"]._render_template(
                body, self.mailing_model_real, res_ids, engine="inline_template"
            )
            bodies = {res_id: self._crm_tr_body_suffixed(rendered[res_id]) for res_id in res_ids}
        else:
            bodies = dict.fromkeys(res_ids, self._crm_tr_body_suffixed(body))
        shortened = self._crm_tr_shorten_links(set(bodies.values()), links)
        return {res_id: shortened[body] for res_id, body in bodies.items()}

    def _crm_tr_shorten_links(self, bodies, links):
        """{body: body with its links shortened and marked} for a set of distinct bodies.

        Odoo's rules (mail.render.mixin._shorten_links_text, which the SMS composer calls on
        each body): every http(s) URL becomes the short link of a link.tracker made with the
        mailing's values (_get_link_tracker_values: one tracker per URL, campaign, medium and
        source), except links already short and unsubscribe links. Odoo's function looks the
        tracker up for each body; here the URLs of all the batch's bodies are looked up in one
        search_or_create and cached in `links` ({url: short url}) for the next batches, so a
        campaign makes one tracker per distinct URL and no ORM call per recipient."""
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        shortened_schema, unsubscribe_schema = base_url + "/r/", base_url + "/sms/"
        urls_of = {body: set(re.findall(TEXT_URL_REGEX, body)) for body in bodies}
        new_urls = sorted(
            {
                url
                for urls in urls_of.values()
                for url in urls
                if url not in links and not url.startswith((shortened_schema, unsubscribe_schema))
            }
        )
        if new_urls:
            values = self._get_link_tracker_values()
            trackers = (
                self.env["link.tracker"].sudo().search_or_create([dict(values, url=unescape(url)) for url in new_urls])
            )
            links.update(zip(new_urls, trackers.mapped("short_url"), strict=True))
        result = {}
        for original, urls in urls_of.items():
            body = original
            for url in urls:
                if links.get(url):
                    body = re.sub(re.escape(url) + URL_END, links[url], body)
            # sms.sms._update_body_short_links: each short link gets the SMS's id, which
            # tells the click route (/r/<code>/s/<sms id>) whose trace was clicked.
            for url in set(re.findall(TEXT_URL_REGEX, body)):
                if url.startswith(shortened_schema):
                    body = re.sub(re.escape(url) + URL_END, url + SMS_ID_MARK, body)
            result[original] = body
        return result

    def _crm_tr_enqueue(self, res_ids=None):
        """Queue the campaign's SMS, ENQUEUE_BATCH recipients per transaction when run by the
        mailing cron (a restart resumes after the last committed batch: those recipients
        have traces and are no longer 'remaining')."""
        self.ensure_one()
        in_cron = bool(self.env.context.get("cron_id"))
        ids = res_ids if res_ids is not None else self._get_remaining_recipients()
        state = self._crm_tr_enqueue_state()
        for chunk in split_every(ENQUEUE_BATCH, ids):
            # Only one process queues a given mailing at a time.
            locked = self.env.execute_query(
                SQL("SELECT id FROM mailing_mailing WHERE id = %s FOR UPDATE SKIP LOCKED", self.id)
            )
            if not locked:
                _logger.info("Mailing %s is being queued by another process", self.id)
                return
            self._crm_tr_enqueue_batch(list(chunk), state)
            if in_cron:
                self.env["ir.cron"]._commit_progress()
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger()

    def _crm_tr_enqueue_batch(self, res_ids, state):
        self.env.flush_all()
        company = self.crm_tr_company_id or self.env.company
        commercial = self.crm_tr_message_type == "commercial"
        model = self.mailing_model_real
        is_partner = model == "res.partner"
        # Skip anyone already traced (a retried batch after a concurrency error).
        done = {
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """SELECT res_id FROM mailing_trace
                        WHERE mass_mailing_id = %s AND model = %s AND res_id = ANY(%s)""",
                    self.id,
                    model,
                    res_ids,
                )
            )
        }
        res_ids = [res_id for res_id in res_ids if res_id not in done]
        if not res_ids:
            return
        recipients = self._crm_tr_recipients(res_ids)
        decisions = self._crm_tr_decide(recipients, state)
        send = [(res_id, number) for res_id, (number, reason) in decisions.items() if not reason]
        exclude = [(res_id, number or None, reason) for res_id, (number, reason) in decisions.items() if reason]
        merchants = {res_id for res_id, _phone, _partner_id, is_company in recipients if is_company}
        bodies = self._crm_tr_bodies([res_id for res_id, _number in send], state["links"])
        uid, now = self.env.uid, fields.Datetime.now()
        campaign = self.campaign_id.id or None
        codes = {res_id: self._crm_tr_code() for res_id, _number in send}
        unsubscribe = {}
        if self.sms_allow_unsubscribe:
            composer = self.env["sms.composer"]
            unsubscribe = {
                res_id: "\n" + composer._get_unsubscribe_info(composer._get_unsubscribe_url(self.id, codes[res_id]))
                for res_id, _number in send
            }
        # The SMS ids are taken from the sequence first, so that each body can carry its
        # own id after its short links in the same INSERT (no UPDATE of every SMS after).
        sms_ids = []
        if send:
            sms_ids = [
                row[0]
                for row in self.env.execute_query(
                    SQL("SELECT nextval('sms_sms_id_seq') FROM generate_series(1, %s)", len(send))
                )
            ]
        uuids = {sms_id: uuid4().hex for sms_id in sms_ids}
        # Rows go to PostgreSQL as one array per column (unnest): composing a VALUES literal
        # per row cost more than the INSERTs themselves (docs/PERFORMANCE.md).
        if send:
            self.env.execute_query(
                SQL(
                    """INSERT INTO sms_sms (id, uuid, number, body, partner_id, crm_tr_recipient_type, mailing_id,
                                            state, to_delete, crm_tr_company_id, crm_tr_commercial,
                                            create_uid, create_date, write_uid, write_date)
                       SELECT v.id, v.uuid, v.number, v.body, v.partner_id, v.rtype, %s, 'outgoing', FALSE, %s, %s,
                              %s, %s, %s, %s
                         FROM unnest(%s::int[], %s::varchar[], %s::varchar[], %s::text[], %s::int[], %s::varchar[])
                              AS v(id, uuid, number, body, partner_id, rtype)""",
                    self.id,
                    company.id,
                    commercial,
                    uid,
                    now,
                    uid,
                    now,
                    sms_ids,
                    [uuids[sms_id] for sms_id in sms_ids],
                    [number for _res_id, number in send],
                    [
                        bodies[res_id].replace(SMS_ID_MARK, f"/s/{sms_id}") + unsubscribe.get(res_id, "")
                        for (res_id, _number), sms_id in zip(send, sms_ids, strict=True)
                    ],
                    [res_id for res_id, _number in send] if is_partner else [None] * len(send),
                    ["TACIR" if res_id in merchants else "BIREYSEL" for res_id, _number in send],
                )
            )
        traced = send + [(res_id, number) for res_id, number, _reason in exclude]
        trace_rows = self.env.execute_query(
            SQL(
                """INSERT INTO mailing_trace (trace_type, model, res_id, mass_mailing_id, campaign_id, sms_number,
                                              sms_id_int, sms_code, trace_status, failure_type,
                                              create_uid, create_date, write_uid, write_date)
                   SELECT 'sms', %s, v.res_id, %s, %s, v.number, v.sms_id, v.code, v.status, v.failure,
                          %s, %s, %s, %s
                     FROM unnest(%s::int[], %s::varchar[], %s::int[], %s::varchar[], %s::varchar[], %s::varchar[])
                          AS v(res_id, number, sms_id, code, status, failure)
                RETURNING id, sms_id_int""",
                model,
                self.id,
                campaign,
                uid,
                now,
                uid,
                now,
                [res_id for res_id, _number in traced],
                [number for _res_id, number in traced],
                sms_ids + [None] * len(exclude),
                [codes[res_id] for res_id, _number in send] + [self._crm_tr_code() for _row in exclude],
                ["outgoing"] * len(send) + ["cancel"] * len(exclude),
                [None] * len(send) + [REASON_TO_TRACE_FAILURE[reason] for _res_id, _number, reason in exclude],
            )
        )
        if send:
            trackers = [(trace_id, sms_id) for trace_id, sms_id in trace_rows if sms_id]
            self.env.execute_query(
                SQL(
                    """INSERT INTO sms_tracker (sms_uuid, mailing_trace_id, crm_tr_company_id,
                                                create_uid, create_date, write_uid, write_date)
                       SELECT v.uuid, v.trace_id, %s, %s, %s, %s, %s
                         FROM unnest(%s::varchar[], %s::int[]) AS v(uuid, trace_id)""",
                    company.id,
                    uid,
                    now,
                    uid,
                    now,
                    [uuids[sms_id] for _trace_id, sms_id in trackers],
                    [trace_id for trace_id, _sms_id in trackers],
                )
            )
        self._crm_tr_log_exclusions(exclude)
        self.env.invalidate_all()

    def _crm_tr_log_exclusions(self, exclude, preview=False):
        """One crm_tr.sms.exclusion line per (res_id, number, reason) of the campaign's
        recipients, in one INSERT (a campaign may leave thousands out)."""
        if not exclude:
            return
        company = self.crm_tr_company_id or self.env.company
        is_partner = self.mailing_model_real == "res.partner"
        uid, now = self.env.uid, fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """INSERT INTO crm_tr_sms_exclusion (partner_id, number, reason, commercial, mailing_id,
                                                     res_model, res_id, company_id, preview,
                                                     create_uid, create_date, write_uid, write_date)
                   SELECT v.partner_id, v.number, v.reason, %s, %s, %s, v.res_id, %s, %s,
                          %s, %s, %s, %s
                     FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[])
                          AS v(partner_id, res_id, number, reason)""",
                self.crm_tr_message_type == "commercial",
                self.id,
                self.mailing_model_real,
                company.id,
                preview,
                uid,
                now,
                uid,
                now,
                [res_id for res_id, _number, _reason in exclude] if is_partner else [None] * len(exclude),
                [res_id for res_id, _number, _reason in exclude],
                [number for _res_id, number, _reason in exclude],
                [reason for _res_id, _number, reason in exclude],
            )
        )

    def _crm_tr_code(self):
        return self.env["mailing.trace"]._get_random_code()
