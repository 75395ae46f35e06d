from odoo.http import request, route

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class CrmTrLoyaltyPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "crm_tr_loyalty_count" in counters:
            values["crm_tr_loyalty_count"] = request.env["loyalty.card"].sudo().search_count(self._crm_tr_card_domain())
        return values

    def _crm_tr_card_domain(self):
        partner = request.env.user.partner_id
        return [
            ("partner_id", "in", (partner | partner.commercial_partner_id).ids),
            ("program_id.program_type", "=", "loyalty"),
            ("program_id.active", "=", True),
        ]

    @route(["/my/loyalty", "/my/loyalty/page/<int:page>"], type="http", auth="user", website=True)
    def portal_crm_tr_loyalty(self, page=1, **kw):
        cards = request.env["loyalty.card"].sudo().search(self._crm_tr_card_domain())
        Accrual = request.env["crm_tr.loyalty.accrual"].sudo()
        domain = [("card_id", "in", cards.ids), ("state", "!=", "cancelled")]
        pager = portal_pager(
            url="/my/loyalty", total=Accrual.search_count(domain), page=page, step=self._items_per_page
        )
        entries = Accrual.search(domain, order="date desc, id desc", limit=self._items_per_page, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"cards": cards, "entries": entries, "pager": pager, "page_name": "crm_tr_loyalty"})
        return request.render("crm_tr_loyalty.portal_my_loyalty", values)
