import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.phone import normalize_tr_phone

IYS_CHANNELS = [
    ("MESAJ", "SMS (MESAJ)"),
    ("ARAMA", "Call (ARAMA)"),
    ("EPOSTA", "E-mail (EPOSTA)"),
]
IYS_RECIPIENT_TYPES = [
    ("BIREYSEL", "Individual (BIREYSEL)"),
    ("TACIR", "Merchant (TACIR)"),
]
IYS_STATUSES = [
    ("ONAY", "Approved (ONAY)"),
    ("RET", "Rejected (RET)"),
]
IYS_SOURCES = [
    ("HS_FIZIKSEL_ORTAM", "Physical environment"),
    ("HS_ISLAK_IMZA", "Wet signature"),
    ("HS_WEB", "Web"),
    ("HS_CAGRI_MERKEZI", "Call centre"),
    ("HS_SOSYAL_MEDYA", "Social media"),
    ("HS_EPOSTA", "E-mail"),
    ("HS_MESAJ", "Message"),
    ("HS_MOBIL", "Mobile app"),
    ("HS_EORTAM", "Electronic environment"),
    ("HS_ETKINLIK", "Event"),
    ("HS_2015", "Before 2015 (HS_2015)"),
    ("HS_ATM", "ATM"),
    ("HS_KARAR", "Authority decision"),
]

# İYS: a consent or refusal must reach İYS within 3 business days (Ticari İletişim ve
# Ticari Elektronik İletiler Hakkında Yönetmelik).
IYS_DEADLINE_WORKING_DAYS = 3

# Context key that lets the KVKK erasure (res.partner.action_crm_tr_kvkk_erase, in sudo)
# delete consents and blank their evidence; nothing else may edit or delete history.
ERASURE_CONTEXT_KEY = "crm_tr_consent_erasure"


def is_erasure(env):
    """True inside the KVKK erasure: a context flag a remote caller cannot combine with
    superuser mode."""
    return bool(env.su and env.context.get(ERASURE_CONTEXT_KEY))


def changed_history_fields(records, vals, writable):
    """The labels of the fields `vals` would change on history records (İYS and KVKK
    consents), leaving out `writable` technical fields and the chatter's (message_*,
    activity_*). Unchanged values do not count, so saving a form or reloading data without
    a change is not an edit. Empty inside the KVKK erasure."""
    if not records or is_erasure(records.env):
        return []
    changed = []
    for name, value in vals.items():
        field = records._fields.get(name)
        if field is None or name in writable or name.startswith(("message_", "activity_", "website_message")):
            continue
        if field.type in ("one2many", "many2many") or any(
            field.convert_to_record(field.convert_to_cache(value, record), record) != record[name] for record in records
        ):
            changed.append(field._description_string(records.env))
    return changed


class CrmTrIysConsent(models.Model):
    """A consent (ONAY) or rejection (RET) given by a partner for one İYS channel.

    Records are never edited into another status: a change of mind is a new record,
    so the history of a partner's consents is the list of these records."""

    _name = "crm_tr.iys.consent"
    _description = "İYS Consent"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "consent_date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, index=True, tracking=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    channel = fields.Selection(IYS_CHANNELS, required=True, default="MESAJ", tracking=True)
    recipient_type = fields.Selection(IYS_RECIPIENT_TYPES, required=True, default="BIREYSEL", tracking=True)
    status = fields.Selection(IYS_STATUSES, required=True, default="ONAY", tracking=True)
    source = fields.Selection(IYS_SOURCES, required=True, default="HS_FIZIKSEL_ORTAM")
    consent_date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    recipient = fields.Char(
        help="Phone number in E.164 form (+905XXXXXXXXX) for SMS and call consents, "
        "e-mail address for e-mail consents.",
        required=True,
    )
    evidence = fields.Text(help="How the consent was collected: text version, channel, user, IP address.")
    active = fields.Boolean(default=True)
    iys_state = fields.Selection(
        [("pending", "To Upload"), ("sent", "Uploaded"), ("error", "Upload Failed")],
        string="İYS Upload",
        default="pending",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    iys_deadline = fields.Datetime(
        string="İYS Deadline",
        compute="_compute_iys_deadline",
        store=True,
        help="Consents and refusals must reach İYS within 3 business days: the end of the third "
        "working day after the consent, in the company's working schedule (public holidays excluded).",
    )
    iys_overdue = fields.Boolean(compute="_compute_iys_overdue", search="_search_iys_overdue", string="Overdue")
    iys_reference = fields.Char(string="İYS Reference", readonly=True, copy=False)
    iys_error = fields.Char(string="Upload Error", readonly=True, copy=False)
    iys_uploaded_at = fields.Datetime(string="Uploaded On", readonly=True, copy=False)
    mailing_id = fields.Many2one(
        "mailing.mailing",
        string="From SMS Campaign",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The campaign whose unsubscribe link recorded this refusal.",
    )

    # The company's working schedule and its leaves (public holidays) decide the deadline;
    # a change to those marks open consents for recomputation
    # (_crm_tr_recompute_open_deadlines, called from resource.calendar.leaves and res.company).
    @api.depends("consent_date", "company_id")
    def _compute_iys_deadline(self):
        dated = self.filtered(lambda consent: consent.consent_date and consent.company_id)
        (self - dated).iys_deadline = False
        for company, consents in dated.grouped("company_id").items():
            # One walk through the company's schedule for all its consents.
            deadlines = company._crm_tr_add_working_days_batch(
                set(consents.mapped("consent_date")), IYS_DEADLINE_WORKING_DAYS
            )
            for consent in consents:
                consent.iys_deadline = deadlines[consent.consent_date]

    @api.model
    def _crm_tr_recompute_open_deadlines(self, companies=None):
        """Recompute the deadline of the consents not yet uploaded (of `companies`, or of
        all companies): their company's holidays or working schedule changed."""
        if companies is not None and not companies:
            return
        domain = Domain("iys_state", "!=", "sent")
        if companies is not None:
            domain &= Domain("company_id", "in", companies.ids)
        consents = self.sudo().with_context(active_test=False).search(domain)
        self.env.add_to_compute(self._fields["iys_deadline"], consents)

    def _compute_iys_overdue(self):
        now = fields.Datetime.now()
        for consent in self:
            consent.iys_overdue = (
                consent.iys_state != "sent" and bool(consent.iys_deadline) and consent.iys_deadline < now
            )

    def _search_iys_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        overdue = Domain("iys_state", "!=", "sent") & Domain("iys_deadline", "<", fields.Datetime.now())
        if True in value and False in value:
            return Domain.TRUE
        return overdue if True in value else ~overdue

    _company_partner_idx = models.Index("(company_id, channel, partner_id, consent_date DESC, id DESC)")
    _company_recipient_idx = models.Index("(company_id, channel, recipient, consent_date DESC, id DESC)")

    @api.model
    def _crm_tr_record_refusal(self, partner, number, company, *, source, evidence, mailing=None):
        """Record at once that `number` refuses commercial SMS from `company` (RET), queued
        for İYS. Returns the new record."""
        return self.create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "channel": "MESAJ",
                "status": "RET",
                "recipient": number,
                "recipient_type": "TACIR" if partner.commercial_partner_id.is_company else "BIREYSEL",
                "source": source,
                "evidence": evidence,
                "mailing_id": mailing.id if mailing else False,
            }
        )

    OPT_OUT_KEYWORDS = {"ret", "red", "iptal", "stop", "dur"}

    @api.model
    def _crm_tr_inbound_message(self, company, number, text):
        """An SMS a contact sent us. When its first word is an opt-out keyword (RET, İPTAL,
        STOP...), the number refuses commercial SMS at once: a RET record for every contact
        with that number, and the blacklist. Returns the refusals created."""
        words = (text or "").replace("İ", "i").replace("I", "ı").casefold().split()
        first = words[0].replace("ı", "i") if words else ""
        e164 = normalize_tr_phone(number)
        if first not in self.OPT_OUT_KEYWORDS or not e164:
            return self.browse()
        self.env["phone.blacklist"].sudo()._add([e164])
        # Phones are stored as typed (0532 ..., +90 532 ...): find by digits, then compare.
        partners = (
            self.env["res.partner"]
            .sudo()
            .search([("phone_mobile_search", "ilike", e164[-10:])])
            .filtered(lambda partner: normalize_tr_phone(partner.phone) == e164)
        )
        evidence = self.env._("Reply “%(text)s” from %(number)s", text=text.strip()[:60], number=e164)
        return self.browse().union(
            *(
                self.sudo()._crm_tr_record_refusal(partner, e164, company, source="HS_MESAJ", evidence=evidence)
                for partner in partners
            )
        )

    @api.model
    def _crm_tr_refusals(self, company, recipients):
        """Who may not receive a commercial SMS from `company`, and why.

        recipients: {partner_id: (E.164 number or False, is a company)}. The latest SMS
        consent recorded for the contact or for its number decides: a refusal (RET) excludes
        anyone; without any record an individual (BIREYSEL) is excluded, a merchant (TACIR)
        is not. Returns {partner_id: 'ret' | 'no_consent'}."""
        partner_ids = list(recipients)
        numbers = sorted({number for number, _is_company in recipients.values() if number})
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """SELECT 'partner', partner_id::text, status, consent_date, id FROM (
                       SELECT DISTINCT ON (partner_id) partner_id, status, consent_date, id
                         FROM crm_tr_iys_consent
                        WHERE active AND company_id = %(company)s AND channel = 'MESAJ'
                          AND partner_id = ANY(%(partners)s)
                     ORDER BY partner_id, consent_date DESC, id DESC) AS by_partner
                   UNION ALL
                   SELECT 'number', recipient, status, consent_date, id FROM (
                       SELECT DISTINCT ON (recipient) recipient, status, consent_date, id
                         FROM crm_tr_iys_consent
                        WHERE active AND company_id = %(company)s AND channel = 'MESAJ'
                          AND recipient = ANY(%(numbers)s)
                     ORDER BY recipient, consent_date DESC, id DESC) AS by_number""",
                company=company.id,
                partners=partner_ids,
                numbers=numbers,
            )
        )
        latest = {}
        for kind, key, status, date, consent_id in rows:
            latest[kind, key] = (date, status == "RET", consent_id, status)
        refusals = {}
        for partner_id, (number, is_company) in recipients.items():
            candidates = [c for c in (latest.get(("partner", str(partner_id))), latest.get(("number", number))) if c]
            decisive = max(candidates, default=None)
            if decisive and decisive[3] == "RET":
                refusals[partner_id] = "ret"
            elif not decisive and not is_company:
                refusals[partner_id] = "no_consent"
        return refusals

    @api.onchange("partner_id", "channel")
    def _onchange_partner_channel(self):
        for consent in self:
            if not consent.partner_id:
                continue
            if consent.channel == "EPOSTA":
                consent.recipient = consent.partner_id.email
            else:
                consent.recipient = normalize_tr_phone(consent.partner_id.phone) or consent.partner_id.phone
            if consent.partner_id.is_company:
                consent.recipient_type = "TACIR"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("recipient") and vals.get("channel", "MESAJ") != "EPOSTA":
                vals["recipient"] = normalize_tr_phone(vals["recipient"]) or vals["recipient"]
        return super().create(vals_list)

    # What the İYS upload job, archiving and the chatter may still change on a consent.
    _CRM_TR_WRITABLE_FIELDS = frozenset({"iys_state", "iys_reference", "iys_error", "iys_uploaded_at", "active"})

    def write(self, vals):
        if vals.get("recipient") and vals.get("channel", self[:1].channel) != "EPOSTA":
            vals["recipient"] = normalize_tr_phone(vals["recipient"]) or vals["recipient"]
        if changed := changed_history_fields(self, vals, self._CRM_TR_WRITABLE_FIELDS):
            raise UserError(
                self.env._(
                    "An İYS consent is history and cannot be changed (%s). Record a new consent instead: "
                    "the latest one counts.",
                    ", ".join(changed),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if not is_erasure(self.env):
            raise UserError(
                self.env._("İYS consents are history and cannot be deleted: archive a wrong one, or record a new one.")
            )

    def action_crm_tr_record_change(self):
        """Open a new consent for the same contact, company, channel and number with the
        other status: a change of mind is a new record."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New İYS Consent"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
                "default_channel": self.channel,
                "default_recipient": self.recipient,
                "default_recipient_type": self.recipient_type,
                "default_status": "RET" if self.status == "ONAY" else "ONAY",
            },
        }

    @api.constrains("recipient", "channel")
    def _check_recipient(self):
        for consent in self:
            if consent.channel == "EPOSTA":
                if "@" not in (consent.recipient or ""):
                    raise ValidationError(
                        self.env._("The e-mail consent of %s needs an e-mail address.", consent.partner_id.display_name)
                    )
            elif not normalize_tr_phone(consent.recipient):
                raise ValidationError(
                    self.env._(
                        "“%(number)s” is not a valid phone number (contact: %(partner)s).",
                        number=consent.recipient,
                        partner=consent.partner_id.display_name,
                    )
                )

    @api.constrains("consent_date")
    def _check_consent_date(self):
        now = fields.Datetime.now()
        for consent in self:
            if consent.consent_date > now:
                raise ValidationError(self.env._("A consent date cannot be in the future."))

    @api.depends("partner_id", "channel", "status")
    def _compute_display_name(self):
        labels = dict(self._fields["status"]._description_selection(self.env))
        for consent in self:
            consent.display_name = (
                f"{consent.partner_id.display_name} / {consent.channel} / {labels.get(consent.status)}"
            )

    def _iys_local_date(self):
        """The consent date in Turkey time, as İYS wants it."""
        return pytz.utc.localize(self.consent_date).astimezone(pytz.timezone("Europe/Istanbul"))

    # ------------------------------------------------------------------
    # Upload to İYS through the SMS provider (NetGSM, Verimor are İYS partners)
    # ------------------------------------------------------------------

    @api.model
    def _cron_crm_tr_iys_upload(self):
        from ..tools.sms_api_tr import PROVIDER_API_CLASSES

        todo = self.search([("iys_state", "in", ("pending", "error"))], order="consent_date, id")
        by_company = todo.grouped("company_id")
        for company, company_consents in by_company.items():
            api_class = PROVIDER_API_CLASSES.get(company.crm_tr_sms_provider)
            if not api_class:
                continue
            # The job writes for the company's staff, not for the cron's user: its errors,
            # chatter notes and tracking in the company's language.
            consents = company_consents.with_context(lang=self._crm_tr_company_lang(company))
            api = api_class(consents.env)
            api._set_company(company)
            for batch in consents._crm_tr_split(api.IYS_BATCH):
                batch._crm_tr_upload(api)
                self.env["ir.cron"]._commit_progress(len(batch))

    @api.model
    def _crm_tr_company_lang(self, company):
        """The language the company's staff read (its partner's, when active), else the
        current one."""
        return self.env["res.lang"]._get_code(company.partner_id.lang or "") or self.env.lang or "en_US"

    def _crm_tr_split(self, size):
        for start in range(0, len(self), size):
            yield self[start : start + size]

    def _crm_tr_upload(self, api):
        """Upload self (consents of one company) through `api`. A failure is kept on each
        consent (iys_error) and written in its chatter when it is new for that consent, so
        the hourly retries do not repeat the same note."""
        try:
            reference, error = api._upload_consents(self)
        except OSError as exc:  # requests' errors derive from OSError
            reference, error = False, self.env._("The SMS provider could not be reached: %s", exc)
        if error:
            new_error = self.filtered(lambda consent: consent.iys_error != error)
            self.write({"iys_state": "error", "iys_error": error})
            new_error._message_log_batch({consent.id: error for consent in new_error})
        else:
            self.write(
                {
                    "iys_state": "sent",
                    "iys_reference": reference,
                    "iys_error": False,
                    "iys_uploaded_at": fields.Datetime.now(),
                }
            )
