from odoo import api, fields, models

from .sms_template_short_link import SHORTEN_LINKS_KEY

# Key of the per-transaction set of (case id, stage id) already notified: a case written
# twice into the same stage within one transaction notifies its customer once.
NOTIFIED_KEY = "crm_tr_service.stage_notified"


class CrmTrServiceCase(models.Model):
    _inherit = "crm_tr.service.case"

    crm_tr_survey_input_ids = fields.One2many("survey.user_input", "crm_tr_case_id", string="Survey Invitations")
    # Technicians have no access to Odoo's surveys: the link is read through sudo.
    crm_tr_survey_url = fields.Char(
        string="Survey Link",
        compute="_compute_crm_tr_survey_url",
        compute_sudo=True,
        help="The customer's satisfaction survey link.",
    )
    crm_tr_satisfaction = fields.Integer(
        string="Satisfaction",
        aggregator="avg",
        readonly=True,
        copy=False,
        help="The customer's overall score (1-5) from the satisfaction survey; 0: not answered.",
    )

    @api.depends("crm_tr_survey_input_ids.access_token")
    def _compute_crm_tr_survey_url(self):
        for case in self:
            case.crm_tr_survey_url = case.crm_tr_survey_input_ids[-1:].crm_tr_survey_url or False

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        before = {case.id: case.stage_id.id for case in self}
        result = super().write(vals)
        if not self.env.context.get("crm_tr_case_creating"):
            moved = self.filtered(lambda case: case.stage_id.id != before[case.id])
            if moved:
                moved._crm_tr_notify_stage()
                moved.filtered(lambda case: case.state == "done")._crm_tr_send_survey()
        return result

    def _crm_tr_notify_stage(self):
        """E-mail and informational SMS of the cases' new stage, once per case and stage in
        a transaction; customers without an e-mail address or phone are skipped."""
        notified = self.env.cr.precommit.data.setdefault(NOTIFIED_KEY, set())
        cases = self.filtered(lambda case: (case.id, case.stage_id.id) not in notified)
        notified.update((case.id, case.stage_id.id) for case in cases)
        for stage, stage_cases in cases.grouped("stage_id").items():
            self._crm_tr_send_templates(stage_cases, stage.mail_template_id, stage.sms_template_id)

    def _crm_tr_send_survey(self):
        """A satisfaction survey invitation for each solved case whose company has a survey
        (one per case: a reopened then solved again case is not asked again)."""
        # Technicians, who solve cases, have no access to Odoo's surveys.
        cases = self.filtered(
            lambda case: not case.sudo().crm_tr_survey_input_ids and case.company_id.crm_tr_service_survey_id
        )
        for case in cases:
            survey = case.company_id.crm_tr_service_survey_id.sudo()
            survey._create_answer(partner=case.partner_id, check_attempts=False, crm_tr_case_id=case.id)
        # The SMS carries a short tracked link (/r/CODE) rather than the long survey URL.
        sms_template = self.env.ref("crm_tr_service.sms_template_case_survey", raise_if_not_found=False)
        self._crm_tr_send_templates(
            cases,
            self.env.ref("crm_tr_service.mail_template_case_survey", raise_if_not_found=False),
            sms_template and sms_template.with_context(**{SHORTEN_LINKS_KEY: True}),
        )

    def _crm_tr_send_templates(self, cases, mail_template, sms_template):
        if mail_template:
            for case in cases.filtered("partner_id.email"):
                case.message_post_with_source(
                    mail_template.sudo(), message_type="comment", subtype_xmlid="mail.mt_comment"
                )
        if sms_template:
            with_phone = cases.filtered("partner_id.phone")
            if with_phone:
                self.env["crm_tr.sms.api"]._send_template(sms_template.sudo(), with_phone, put_in_queue=True)

    @api.model
    def _crm_tr_init_notify_templates(self):
        """Install: the default stages get their templates and every company the service
        survey, where none is set (users may clear or change them)."""
        for stage_xmlid, mail_xmlid, sms_xmlid in (
            ("stage_in_progress", "mail_template_case_in_progress", "sms_template_case_in_progress"),
            ("stage_waiting", "mail_template_case_waiting", "sms_template_case_waiting"),
            ("stage_done", "mail_template_case_done", "sms_template_case_done"),
        ):
            stage = self.env.ref(f"crm_tr_service.{stage_xmlid}", raise_if_not_found=False)
            if stage and not stage.mail_template_id and not stage.sms_template_id:
                stage.write(
                    {
                        "mail_template_id": self.env.ref(f"crm_tr_service.{mail_xmlid}").id,
                        "sms_template_id": self.env.ref(f"crm_tr_service.{sms_xmlid}").id,
                    }
                )
        survey = self.env.ref("crm_tr_service.survey_service_satisfaction", raise_if_not_found=False)
        if survey:
            self.env["res.company"].search([("crm_tr_service_survey_id", "=", False)]).crm_tr_service_survey_id = survey
