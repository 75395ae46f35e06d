import pytz

from odoo import api, fields, models

# (company, team, customer, subject, category, priority, share of the resolution time
# already spent in working hours: above 1 overdue, 0.9 at risk, 0.2 on track)
_CASES = [
    (
        "crm_tr_sms.company_tr_istanbul",
        "service_team_tr_istanbul",
        "crm_tr_sms.partner_tr_company_01",
        "Klima gaz kaçırıyor",
        "case_category_tr_gas_leak",
        "2",
        1.5,
    ),
    (
        "crm_tr_sms.company_tr_istanbul",
        "service_team_tr_istanbul",
        "crm_tr_sms.partner_tr_company_02",
        "Kombi su basıncı düşüyor",
        "case_category_tr_heating",
        "1",
        0.9,
    ),
    (
        "crm_tr_sms.company_tr_istanbul",
        "service_team_tr_istanbul",
        "crm_tr_sms.partner_tr_company_03",
        "Yeni klima montaj randevusu",
        "case_category_tr_installation",
        "0",
        0.2,
    ),
    (
        "crm_tr_sms.company_tr_ankara",
        "service_team_tr_ankara",
        "crm_tr_sms.partner_tr_person_13",
        "Dış ünite buzlanıyor",
        "case_category_tr_cooling",
        "1",
        1.2,
    ),
    (
        "crm_tr_sms.company_tr_ankara",
        "service_team_tr_ankara",
        "crm_tr_sms.partner_tr_person_13",
        "Termostat ayarı sorusu",
        "case_category_tr_heating",
        "0",
        0.9,
    ),
]


class CrmTrServiceCase(models.Model):
    _inherit = "crm_tr.service.case"

    @api.model
    def _crm_tr_demo_sla_cases(self):
        """Demo only (demo/crm_tr_service_sla_demo.xml): cases of the demo teams opened so
        that, in working hours, they are overdue, at risk or on track now; then the
        escalation job runs once (README, "Cases, SLA and escalation")."""
        cases = self.browse()
        now = pytz.utc.localize(fields.Datetime.now())
        for company, team_xmlid, customer, subject, category, priority, spent in _CASES:
            team = self.env.ref(f"crm_tr_service.{team_xmlid}")
            case = self.with_company(self.env.ref(company)).create(
                {
                    "subject": subject,
                    "partner_id": self.env.ref(customer).id,
                    "company_id": self.env.ref(company).id,
                    "team_id": team.id,
                    "category_id": self.env.ref(f"crm_tr_service.{category}").id,
                    "priority": priority,
                    "channel": "email" if priority == "0" else "phone",
                    "case_type": "complaint" if priority != "0" else "request",
                    # A manual team's cases wait in its pool; the others follow the team's rule.
                    "user_id": False,
                }
            )
            hours = case.sla_id.resolution_hours * spent
            domain = [("time_type", "=", "leave"), ("company_id", "in", [case.company_id.id, False])]
            # Backwards in working hours: opened `hours` of the team's working time ago.
            opened = case._crm_tr_calendar().plan_hours(-hours, now, compute_leaves=True, domain=domain)
            case.date_open = opened.astimezone(pytz.utc).replace(tzinfo=None)
            if spent < 1:
                # Answered in time: only the resolution clock runs.
                case.first_response_date = case.date_open
            cases |= case
        cases._crm_tr_refresh_sla_status()
        cases._crm_tr_escalate()
