from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.crm_tr_service_stage import CLOSED_CATEGORIES

PAGE_STEP = 20


class CrmTrServicePortal(CustomerPortal):
    """The customer's service pages: cases, contracts, installed base and help articles.

    Lists and counters search as the portal user, so the record rules
    (security/crm_tr_service_portal_rules.xml) decide what they see; detail pages go through
    `_document_check_access` (the user's rules, or the record's access token)."""

    # ------------------------------------------------------------------ helpers

    def _crm_tr_commercial_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _crm_tr_my_lots(self):
        """The serials of the user's company, read as superuser with an explicit filter so
        the server-side check of a posted serial does not depend on record rules alone."""
        return (
            request.env["stock.lot"]
            .sudo()
            .search(
                [("crm_tr_partner_id.commercial_partner_id", "=", self._crm_tr_commercial_partner().id)],
                order="name",
            )
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        env = request.env
        if "crm_tr_case_count" in counters:
            values["crm_tr_case_count"] = (
                env["crm_tr.service.case"].search_count([]) if env["crm_tr.service.case"].has_access("read") else 0
            )
        if "crm_tr_contract_count" in counters:
            values["crm_tr_contract_count"] = (
                env["crm_tr.service.contract"].search_count([])
                if env["crm_tr.service.contract"].has_access("read")
                else 0
            )
        if "crm_tr_asset_count" in counters:
            values["crm_tr_asset_count"] = (
                env["stock.lot"].search_count([("crm_tr_partner_id", "!=", False)])
                if env["stock.lot"].has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------ cases

    def _crm_tr_case_searchbar(self):
        env = request.env
        sortings = {
            "date": {"label": env._("Newest"), "order": "date_open desc, id desc"},
            "stage": {"label": env._("Stage"), "order": "stage_id, date_open desc, id desc"},
        }
        filters = {
            "all": {"label": env._("All"), "domain": []},
            "open": {"label": env._("Open"), "domain": [("state", "not in", list(CLOSED_CATEGORIES))]},
            "closed": {"label": env._("Closed"), "domain": [("state", "in", list(CLOSED_CATEGORIES))]},
        }
        return sortings, filters

    @http.route(["/my/cases", "/my/cases/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_crm_tr_cases(self, page=1, sortby=None, filterby=None, **kw):
        Case = request.env["crm_tr.service.case"]
        sortings, filters = self._crm_tr_case_searchbar()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = filters[filterby]["domain"]
        count = Case.search_count(domain)
        pager = portal_pager(
            url="/my/cases",
            url_args={"sortby": sortby, "filterby": filterby},
            total=count,
            page=page,
            step=PAGE_STEP,
        )
        cases = Case.search(domain, order=sortings[sortby]["order"], limit=PAGE_STEP, offset=pager["offset"])
        request.session["my_crm_tr_cases_history"] = cases.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # Rendered as superuser: stages, teams and serials are not readable by portal users.
                "cases": cases.sudo(),
                "page_name": "crm_tr_cases",
                "default_url": "/my/cases",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("crm_tr_service.portal_my_crm_tr_cases", values)

    @http.route(["/my/cases/<int:case_id>"], type="http", auth="public", website=True)
    def portal_my_crm_tr_case(self, case_id, access_token=None, **kw):
        try:
            case_sudo = self._document_check_access("crm_tr.service.case", case_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"case": case_sudo, "page_name": "crm_tr_case"})
        values = self._get_page_view_values(case_sudo, access_token, values, "my_crm_tr_cases_history", False, **kw)
        # The portal chatter posts with the case's token: a portal user may read the case,
        # not write it, and mail's post check asks for write access.
        values["token"] = case_sudo._portal_ensure_token()
        return request.render("crm_tr_service.portal_my_crm_tr_case", values)

    def _crm_tr_case_form_values(self, error=None, **post):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "crm_tr_case_new",
                "lots": self._crm_tr_my_lots(),
                "error": error,
                "post": post,
            }
        )
        return values

    @http.route(["/my/cases/new"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def portal_my_crm_tr_case_new(self, **post):
        if request.httprequest.method != "POST":
            return request.render("crm_tr_service.portal_my_crm_tr_case_new", self._crm_tr_case_form_values())
        env = request.env
        subject = (post.get("subject") or "").strip()
        description = (post.get("description") or "").strip()
        lot = env["stock.lot"]
        error = None
        if not subject:
            error = env._("Give your request a subject.")
        elif post.get("lot_id"):
            try:
                lot_id = int(post["lot_id"])
            except ValueError:
                lot_id = 0
            lot = self._crm_tr_my_lots().filtered(lambda candidate: candidate.id == lot_id)
            if not lot:
                error = env._(
                    "This serial number is not registered to your company: choose one of your own units, "
                    "or leave the serial number empty and describe the unit."
                )
        if error:
            values = self._crm_tr_case_form_values(error=error, **post)
            return request.render("crm_tr_service.portal_my_crm_tr_case_new", values, status=400)
        partner = env.user.partner_id
        company = lot.company_id or partner.company_id or env.user.company_id
        vals = {
            "subject": subject,
            "description": plaintext2html(description) if description else False,
            "partner_id": partner.id,
            "company_id": company.id,
            "channel": "portal",
            "case_type": "request",
            "lot_id": lot.id or False,
            "product_id": lot.product_id.id or False,
            # The case waits in the team's pool (or the team's rule assigns it), never on the customer.
            "user_id": False,
        }
        # Checked above: the customer, the serial and the company are the user's own. Created as
        # superuser since the team, stage and SLA the case gets are not readable by portal users;
        # env.uid stays the portal user, so the chatter shows them as the author.
        case = env["crm_tr.service.case"].sudo().with_company(company).create(vals)
        case.message_subscribe(partner_ids=partner.ids)
        return request.redirect(case.access_url)

    # ------------------------------------------------------------------ contracts

    @http.route(["/my/contracts", "/my/contracts/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_crm_tr_contracts(self, page=1, **kw):
        Contract = request.env["crm_tr.service.contract"]
        count = Contract.search_count([])
        pager = portal_pager(url="/my/contracts", total=count, page=page, step=PAGE_STEP)
        contracts = Contract.search([], order="date_end desc, id desc", limit=PAGE_STEP, offset=pager["offset"])
        request.session["my_crm_tr_contracts_history"] = contracts.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({"contracts": contracts.sudo(), "page_name": "crm_tr_contracts", "pager": pager})
        return request.render("crm_tr_service.portal_my_crm_tr_contracts", values)

    @http.route(["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True)
    def portal_my_crm_tr_contract(self, contract_id, access_token=None, **kw):
        try:
            contract_sudo = self._document_check_access("crm_tr.service.contract", contract_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"contract": contract_sudo, "page_name": "crm_tr_contract"})
        values = self._get_page_view_values(
            contract_sudo, access_token, values, "my_crm_tr_contracts_history", False, **kw
        )
        return request.render("crm_tr_service.portal_my_crm_tr_contract", values)

    # ------------------------------------------------------------------ installed base

    @http.route(["/my/assets", "/my/assets/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_crm_tr_assets(self, page=1, **kw):
        Lot = request.env["stock.lot"]
        domain = Domain("crm_tr_partner_id", "!=", False)
        count = Lot.search_count(domain)
        pager = portal_pager(url="/my/assets", total=count, page=page, step=PAGE_STEP)
        lots = Lot.search(domain, order="name, id", limit=PAGE_STEP, offset=pager["offset"])
        values = self._prepare_portal_layout_values()
        values.update({"lots": lots.sudo(), "page_name": "crm_tr_assets", "pager": pager})
        return request.render("crm_tr_service.portal_my_crm_tr_assets", values)

    # ------------------------------------------------------------------ help articles

    @http.route(["/my/articles"], type="http", auth="user", website=True)
    def portal_my_crm_tr_articles(self, search=None, **kw):
        Article = request.env["crm_tr.service.article"]
        if search and search.strip():
            articles = Article._crm_tr_portal_search(search.strip(), limit=50)
        else:
            articles = Article.sudo().search(
                [("is_published", "=", True), ("company_id", "in", [False, request.env.company.id])],
                order="sequence, name, id",
                limit=50,
            )
        values = self._prepare_portal_layout_values()
        values.update({"articles": articles, "search": search or "", "page_name": "crm_tr_articles"})
        return request.render("crm_tr_service.portal_my_crm_tr_articles", values)

    @http.route(["/my/articles/<int:article_id>"], type="http", auth="user", website=True)
    def portal_my_crm_tr_article(self, article_id, **kw):
        article = (
            request.env["crm_tr.service.article"]
            .sudo()
            .search(
                [
                    ("id", "=", article_id),
                    ("is_published", "=", True),
                    ("company_id", "in", [False, request.env.company.id]),
                ]
            )
        )
        if not article:
            return request.redirect("/my/articles")
        values = self._prepare_portal_layout_values()
        values.update({"article": article, "page_name": "crm_tr_article"})
        return request.render("crm_tr_service.portal_my_crm_tr_article", values)
