from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    crm_tr_case_id = fields.Many2one("crm_tr.service.case", string="Service Case", index="btree_not_null")
    crm_tr_campaign_id = fields.Many2one(
        "crm_tr.service.survey.campaign", string="Survey Campaign", index="btree_not_null", ondelete="set null"
    )
    crm_tr_campaign_period = fields.Date(
        string="Campaign Period", help="The campaign sending this invitation belongs to."
    )
    crm_tr_survey_url = fields.Char(string="Survey Link", compute="_compute_crm_tr_survey_url")

    # One invitation per customer per period of a campaign, even from two cron runs at once.
    _crm_tr_campaign_period_unique = models.UniqueIndex(
        "(crm_tr_campaign_id, crm_tr_campaign_period, partner_id) WHERE crm_tr_campaign_id IS NOT NULL"
    )

    def _compute_crm_tr_survey_url(self):
        for answer in self:
            answer.crm_tr_survey_url = answer.get_base_url() + answer.get_start_url()

    def _mark_done(self):
        result = super()._mark_done()
        self.filtered("crm_tr_case_id")._crm_tr_set_case_satisfaction()
        return result

    def _crm_tr_set_case_satisfaction(self):
        """The case's satisfaction is the answer to the survey's first scale question (1-5)."""
        for answer in self:
            lines = answer.user_input_line_ids.filtered(
                lambda line: line.answer_type == "scale" and not line.skipped
            ).sorted(lambda line: (line.question_id.sequence, line.question_id.id))
            if lines:
                answer.crm_tr_case_id.sudo().crm_tr_satisfaction = lines[0].value_scale
