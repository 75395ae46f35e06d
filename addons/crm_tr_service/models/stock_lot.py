from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class StockLot(models.Model):
    _inherit = "stock.lot"

    crm_tr_service_case_ids = fields.One2many("crm_tr.service.case", "lot_id", string="Service Cases")
    crm_tr_service_case_count = fields.Integer(
        string="Service Case Count", compute="_compute_crm_tr_service_case_count"
    )
    # Installed base: who owns the unit, where it is installed and its warranty. Filled when a
    # delivery to a customer is validated (stock_move_installed_base.py), editable by hand.
    crm_tr_partner_id = fields.Many2one(
        "res.partner",
        string="Owner",
        index="btree_not_null",
        tracking=True,
        help="The customer company the unit was delivered to (a commercial partner).",
    )
    crm_tr_install_partner_id = fields.Many2one(
        "res.partner",
        string="Installation Address",
        index="btree_not_null",
        tracking=True,
        domain="[('commercial_partner_id', '=', crm_tr_partner_id)]",
        help="Where the unit is installed: the owner or one of its addresses (the delivery address).",
    )
    crm_tr_delivery_date = fields.Date(string="Delivery Date", tracking=True, copy=False)
    crm_tr_warranty_end = fields.Date(
        string="Warranty End",
        compute="_compute_crm_tr_warranty_end",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        help="Delivery date plus the product's warranty length; can be changed by hand.",
    )
    crm_tr_under_warranty = fields.Boolean(
        string="Under Warranty",
        compute="_compute_crm_tr_under_warranty",
        search="_search_crm_tr_under_warranty",
    )
    crm_tr_brand_id = fields.Many2one(
        "product.category",
        string="Brand",
        compute="_compute_crm_tr_brand_model",
        store=True,
        index="btree_not_null",
        help="Second level of the product's category path (Family / Brand / Model).",
    )
    crm_tr_model_id = fields.Many2one(
        "product.category",
        string="Model",
        compute="_compute_crm_tr_brand_model",
        store=True,
        index="btree_not_null",
        help="Third level of the product's category path (Family / Brand / Model).",
    )
    crm_tr_open_case_count = fields.Integer(string="Open Cases", compute="_compute_crm_tr_service_history")
    crm_tr_visit_ids = fields.One2many(
        "crm_tr.visit", "lot_id", string="Service Visits", domain=[("visit_type", "=", "service")]
    )
    crm_tr_last_service_date = fields.Datetime(
        string="Last Service", compute="_compute_crm_tr_service_history", help="End of the last service visit done."
    )

    def _compute_crm_tr_service_case_count(self):
        counts = dict(
            self.env["crm_tr.service.case"]._read_group([("lot_id", "in", self.ids)], ["lot_id"], ["__count"])
        )
        for lot in self:
            lot.crm_tr_service_case_count = counts.get(lot, 0)

    @api.depends("crm_tr_delivery_date", "product_id")
    def _compute_crm_tr_warranty_end(self):
        # The warranty is granted at delivery: a later change of the product's warranty length
        # does not rewrite the units delivered before it.
        for lot in self:
            months = lot.product_id.crm_tr_warranty_months
            if lot.crm_tr_delivery_date and months > 0:
                lot.crm_tr_warranty_end = lot.crm_tr_delivery_date + relativedelta(months=months)
            else:
                lot.crm_tr_warranty_end = False

    @api.depends("crm_tr_warranty_end")
    @api.depends_context("tz")
    def _compute_crm_tr_under_warranty(self):
        today = fields.Date.context_today(self)
        for lot in self:
            lot.crm_tr_under_warranty = bool(lot.crm_tr_warranty_end) and lot.crm_tr_warranty_end >= today

    def _search_crm_tr_under_warranty(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        running = Domain("crm_tr_warranty_end", ">=", today)
        if True in value and False in value:
            return Domain.TRUE
        if True in value:
            return running
        return ~running | Domain("crm_tr_warranty_end", "=", False)

    @api.depends("product_id.categ_id.parent_path")
    def _compute_crm_tr_brand_model(self):
        # parent_path is "1/7/12/": the category ids from the root down.
        for lot in self:
            path = [int(part) for part in (lot.product_id.categ_id.parent_path or "").split("/") if part]
            Category = self.env["product.category"]
            lot.crm_tr_brand_id = Category.browse(path[1]) if len(path) > 1 else False
            lot.crm_tr_model_id = Category.browse(path[2]) if len(path) > 2 else False

    def _compute_crm_tr_service_history(self):
        open_cases = dict(
            self.env["crm_tr.service.case"]._read_group(
                [("lot_id", "in", self.ids), ("date_closed", "=", False)], ["lot_id"], ["__count"]
            )
        )
        last_visits = dict(
            self.env["crm_tr.visit"]._read_group(
                [("lot_id", "in", self.ids), ("visit_type", "=", "service"), ("state", "=", "done")],
                ["lot_id"],
                ["actual_end:max"],
            )
        )
        for lot in self:
            lot.crm_tr_open_case_count = open_cases.get(lot, 0)
            lot.crm_tr_last_service_date = last_visits.get(lot, False)

    @api.constrains("crm_tr_partner_id", "crm_tr_install_partner_id")
    def _check_crm_tr_owner(self):
        for lot in self:
            owner = lot.crm_tr_partner_id
            if owner and owner != owner.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The owner of %(lot)s must be a customer company or an individual, "
                        "not the contact %(contact)s.",
                        lot=lot.display_name,
                        contact=owner.display_name,
                    )
                )
            address = lot.crm_tr_install_partner_id
            if address and address.commercial_partner_id != owner:
                raise ValidationError(
                    self.env._(
                        "The installation address %(address)s of %(lot)s is not an address of its owner.",
                        address=address.display_name,
                        lot=lot.display_name,
                    )
                )

    def action_crm_tr_service_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_tr_service.crm_tr_service_case_action")
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {"default_lot_id": self.id, "default_product_id": self.product_id.id}
        return action
