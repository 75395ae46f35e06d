from odoo import models


class CrmTrServiceCasePortal(models.Model):
    """Customer portal access to service cases: access token and /my/cases URL."""

    _name = "crm_tr.service.case"
    _inherit = ["crm_tr.service.case", "portal.mixin"]

    def _compute_access_url(self):
        for case in self:
            case.access_url = f"/my/cases/{case.id}"


class CrmTrServiceContractPortal(models.Model):
    """Customer portal access to service contracts: access token and /my/contracts URL."""

    _name = "crm_tr.service.contract"
    _inherit = ["crm_tr.service.contract", "portal.mixin"]

    def _compute_access_url(self):
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
