from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    crm_tr_case_id = fields.Many2one("crm_tr.service.case", string="Service Case", index="btree_not_null")

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
