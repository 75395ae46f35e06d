from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date, formatLang

# A customer needs this many purchases of a product (two intervals) before it is predicted.
MIN_PURCHASES = 3
# The window never narrows below ± this many days: invoices are not dated to the day a
# customer decides to buy.
WINDOW_FLOOR_DAYS = 3
# The median absolute deviation times this is a robust standard deviation (for normally
# distributed intervals): the window is about one standard deviation either side.
MAD_TO_SIGMA = 1.4826

STATUSES = [
    ("overdue", "Overdue"),
    ("due_soon", "Due Soon"),
    ("later", "Later"),
]


class CrmTrRebuyPrediction(models.Model):
    """When a customer is likely to buy a product again, from the posted customer invoices
    of a company. Rebuilt per company by a daily cron (and on demand), in one SQL statement:
    the rows are derived data, nobody edits them."""

    _name = "crm_tr.rebuy.prediction"
    _description = "Re-buy Prediction"
    _order = "predicted_date, confidence desc, id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", string="Product", required=True, readonly=True, ondelete="cascade")
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True, index="btree_not_null")
    purchase_count = fields.Integer(
        string="Purchases",
        readonly=True,
        aggregator="sum",
        help="Days on which the customer bought the product (posted invoices net of credit notes: a fully "
        "refunded purchase does not count).",
    )
    first_purchase_date = fields.Date(string="First Purchase", readonly=True)
    last_purchase_date = fields.Date(string="Last Purchase", readonly=True)
    interval_days = fields.Float(
        string="Usual Interval (days)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="The median number of days between two purchases: one unusually long or short gap does not move it.",
    )
    interval_mad_days = fields.Float(
        string="Dispersion (days)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="The median absolute deviation of the intervals from the usual interval: 0 for a customer who "
        "buys like clockwork.",
    )
    quantity = fields.Float(
        string="Usual Quantity",
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="The median quantity per purchase, in the product's unit.",
    )
    predicted_date = fields.Date(
        string="Predicted Date", readonly=True, index=True, help="The last purchase plus the usual interval."
    )
    window_days = fields.Integer(
        string="Window (± days)",
        readonly=True,
        aggregator="avg",
        help="The next purchase is expected within this many days of the predicted date: 1.4826 × the "
        "dispersion (a robust standard deviation), rounded up, and at least 3 days.",
    )
    predicted_date_from = fields.Date(string="Expected From", readonly=True)
    predicted_date_to = fields.Date(string="Expected To", readonly=True)
    confidence = fields.Integer(
        string="Confidence (%)",
        readonly=True,
        aggregator="avg",
        help="100 × k/(k+2) × (1 − dispersion/usual interval), k the number of intervals (purchases − 1): "
        "more purchases and a more regular rhythm give more confidence; 3 purchases at most 50%.",
    )
    status = fields.Selection(
        STATUSES,
        string="Status",
        readonly=True,
        index=True,
        help="Overdue: the predicted date has passed. Due soon: within the company's 'due soon' days from the "
        "last rebuild. Later: after that.",
    )
    computed_date = fields.Date(string="Computed On", readonly=True)

    _crm_tr_rebuy_unique = models.UniqueIndex("(company_id, partner_id, product_id)")

    @api.depends("partner_id", "product_id")
    def _compute_display_name(self):
        for prediction in self:
            prediction.display_name = f"{prediction.partner_id.display_name} – {prediction.product_id.display_name}"

    # ------------------------------------------------------------------
    # The prediction, in SQL
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_purchase_days_query(self, company, before=None, partner_ids=None):
        """One row per company, customer (commercial partner), product and purchase day: the
        quantity bought that day in the product's unit, net of the credit notes that reverse
        those invoices (a refund counts on the day of the invoice it reverses, or its own
        day without one). Days with nothing left (fully refunded) are not purchases.
        `before`: only documents dated before it (what was known then)."""
        conditions = [
            SQL("m.company_id = %s", company.id),
            SQL("m.state = 'posted'"),
            SQL("m.move_type IN ('out_invoice', 'out_refund')"),
            SQL("l.display_type = 'product'"),
            SQL("l.product_id IS NOT NULL"),
        ]
        if before:
            conditions.append(SQL("m.invoice_date < %s", before))
        if partner_ids is not None:
            conditions.append(SQL("m.commercial_partner_id = ANY(%s)", list(partner_ids)))
        return SQL(
            """
            SELECT m.company_id,
                   m.commercial_partner_id AS partner_id,
                   l.product_id,
                   COALESCE(reversed.invoice_date, m.invoice_date) AS purchase_date,
                   SUM(
                       CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END
                       * l.quantity * COALESCE(line_uom.factor, 1) / COALESCE(product_uom.factor, 1)
                   ) AS quantity
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
         LEFT JOIN account_move reversed ON reversed.id = m.reversed_entry_id AND m.move_type = 'out_refund'
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN uom_uom line_uom ON line_uom.id = l.product_uom_id
         LEFT JOIN uom_uom product_uom ON product_uom.id = pt.uom_id
             WHERE %s
          GROUP BY 1, 2, 3, 4
            HAVING SUM(
                       CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END
                       * l.quantity * COALESCE(line_uom.factor, 1) / COALESCE(product_uom.factor, 1)
                   ) > 0
            """,
            SQL(" AND ").join(conditions),
        )

    @api.model
    def _crm_tr_prediction_query(self, company, today, before=None, partner_ids=None):
        """The predictions of `company` as one SELECT: medians with percentile_cont, the
        intervals with LAG, all customers and products at once (raw SQL: a Python loop over
        invoice lines does not scale to 20,000 customers). Columns as the table's."""
        due_days = company.crm_tr_rebuy_due_days
        return SQL(
            """
            WITH days AS (%(days)s),
            gaps AS (
                SELECT days.*,
                       purchase_date - LAG(purchase_date) OVER (
                           PARTITION BY partner_id, product_id ORDER BY purchase_date
                       ) AS gap
                  FROM days
            ),
            stats AS (
                SELECT company_id, partner_id, product_id,
                       COUNT(*) AS purchase_count,
                       MIN(purchase_date) AS first_purchase_date,
                       MAX(purchase_date) AS last_purchase_date,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS interval_days,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY quantity) AS quantity
                  FROM gaps
              GROUP BY company_id, partner_id, product_id
                HAVING COUNT(*) >= %(min_purchases)s
            ),
            dispersion AS (
                SELECT gaps.partner_id, gaps.product_id,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY ABS(gaps.gap - stats.interval_days)) AS mad
                  FROM gaps
                  JOIN stats ON stats.partner_id = gaps.partner_id AND stats.product_id = gaps.product_id
                 WHERE gaps.gap IS NOT NULL
              GROUP BY gaps.partner_id, gaps.product_id
            ),
            predicted AS (
                SELECT stats.*,
                       dispersion.mad AS interval_mad_days,
                       stats.last_purchase_date + ROUND(stats.interval_days::numeric)::int AS predicted_date,
                       GREATEST(%(floor)s, CEIL(%(sigma)s * dispersion.mad))::int AS window_days,
                       ROUND(
                           100.0 * (stats.purchase_count - 1) / (stats.purchase_count + 1)
                           * GREATEST(0, 1 - dispersion.mad / stats.interval_days)
                       )::int AS confidence
                  FROM stats
                  JOIN dispersion ON dispersion.partner_id = stats.partner_id
                                 AND dispersion.product_id = stats.product_id
            )
            SELECT predicted.company_id, predicted.partner_id, predicted.product_id,
                   partner.user_id, predicted.purchase_count,
                   predicted.first_purchase_date, predicted.last_purchase_date,
                   predicted.interval_days, predicted.interval_mad_days, predicted.quantity,
                   predicted.predicted_date, predicted.window_days,
                   predicted.predicted_date - predicted.window_days AS predicted_date_from,
                   predicted.predicted_date + predicted.window_days AS predicted_date_to,
                   predicted.confidence,
                   CASE WHEN predicted.predicted_date < %(today)s THEN 'overdue'
                        WHEN predicted.predicted_date <= %(due_until)s THEN 'due_soon'
                        ELSE 'later' END AS status,
                   %(today)s::date AS computed_date
              FROM predicted
              JOIN res_partner partner ON partner.id = predicted.partner_id
            """,
            days=self._crm_tr_purchase_days_query(company, before=before, partner_ids=partner_ids),
            min_purchases=MIN_PURCHASES,
            floor=WINDOW_FLOOR_DAYS,
            sigma=MAD_TO_SIGMA,
            today=today,
            due_until=today + timedelta(days=due_days),
        )

    _COLUMNS = (
        "company_id",
        "partner_id",
        "product_id",
        "user_id",
        "purchase_count",
        "first_purchase_date",
        "last_purchase_date",
        "interval_days",
        "interval_mad_days",
        "quantity",
        "predicted_date",
        "window_days",
        "predicted_date_from",
        "predicted_date_to",
        "confidence",
        "status",
        "computed_date",
    )

    @api.model
    def _crm_tr_rebuild(self, company, partners=None, today=None):
        """Replace the predictions of `company` (of `partners`' commercial partners only, when
        given) by those of its invoices today, in one statement: the rows still predicted
        are updated in place (their ids stay, so an open list keeps working), new ones
        inserted, the others deleted. Returns the number of predictions."""
        company = company.sudo()
        today = today or fields.Date.context_today(self.with_company(company))
        partner_ids = None
        if partners is not None:
            partner_ids = partners.sudo().commercial_partner_id.ids
            if not partner_ids:
                return 0
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env["res.partner"].flush_model(["user_id", "commercial_partner_id"])
        columns = SQL(", ").join(SQL.identifier(column) for column in self._COLUMNS)
        updates = SQL(", ").join(
            SQL("%s = EXCLUDED.%s", SQL.identifier(column), SQL.identifier(column)) for column in self._COLUMNS[3:]
        )
        scope = SQL("company_id = %s", company.id)
        if partner_ids is not None:
            scope = SQL("%s AND partner_id = ANY(%s)", scope, partner_ids)
        rows = self.env.execute_query(
            SQL(
                """
                WITH computed AS (%(query)s),
                upserted AS (
                    INSERT INTO crm_tr_rebuy_prediction (%(columns)s, create_uid, create_date, write_uid, write_date)
                    SELECT %(columns)s, %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                      FROM computed
                    ON CONFLICT (company_id, partner_id, product_id) DO UPDATE
                       SET %(updates)s, write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                    RETURNING id
                ),
                deleted AS (
                    DELETE FROM crm_tr_rebuy_prediction
                     WHERE %(scope)s AND id NOT IN (SELECT id FROM upserted)
                )
                SELECT COUNT(*) FROM upserted
                """,
                query=self._crm_tr_prediction_query(company, today, partner_ids=partner_ids),
                columns=columns,
                updates=updates,
                uid=self.env.uid,
                scope=scope,
            )
        )
        self.invalidate_model()
        return rows[0][0]

    @api.model
    def _cron_crm_tr_rebuild_rebuy(self):
        """Every company's predictions, one committed transaction per company."""
        companies = self.env["res.company"].sudo().search([])
        self.env["ir.cron"]._commit_progress(remaining=len(companies))
        for company in companies:
            self.sudo()._crm_tr_rebuild(company)
            if not self.env["ir.cron"]._commit_progress(1):
                break

    @api.model
    def _crm_tr_refresh_status(self, companies):
        """The status after a change of the 'due soon' days, without recomputing the rest."""
        for company in companies:
            today = fields.Date.context_today(self.with_company(company))
            self.env.execute_query(
                SQL(
                    """
                    UPDATE crm_tr_rebuy_prediction
                       SET status = CASE WHEN predicted_date < %(today)s THEN 'overdue'
                                         WHEN predicted_date <= %(due_until)s THEN 'due_soon'
                                         ELSE 'later' END,
                           computed_date = %(today)s
                     WHERE company_id = %(company)s
                    """,
                    today=today,
                    due_until=today + timedelta(days=company.crm_tr_rebuy_due_days),
                    company=company.id,
                )
            )
        self.invalidate_model(["status", "computed_date"])

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_crm_tr_rebuild(self):
        """Refresh button of the list: the customer's predictions when opened from a customer,
        else those of the companies selected in the company switcher."""
        partner_id = self.env.context.get("crm_tr_rebuy_partner_id")
        partners = self.env["res.partner"].browse(partner_id) if partner_id else None
        for company in self.env.companies:
            self.sudo()._crm_tr_rebuild(company, partners=partners)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_crm_tr_create_quotation(self):
        """One draft quotation per customer and company with the usual quantities of the
        selected products, the customer's salesperson as the order's; opened after."""
        if not self:
            raise UserError(self.env._("Select the predictions to quote."))
        orders = self.env["sale.order"]
        groups = {}
        for prediction in self:
            groups.setdefault((prediction.company_id, prediction.partner_id), self.browse())
            groups[prediction.company_id, prediction.partner_id] |= prediction
        vals_list = []
        for (company, partner), predictions in groups.items():
            vals_list.append(
                {
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "user_id": (predictions.user_id[:1] or self.env.user).id,
                    "order_line": [
                        fields.Command.create(
                            {
                                "product_id": prediction.product_id.id,
                                "product_uom_qty": prediction.quantity,
                                "product_uom_id": prediction.product_id.uom_id.id,
                            }
                        )
                        for prediction in predictions
                    ],
                }
            )
        for vals in vals_list:
            company = self.env["res.company"].browse(vals["company_id"])
            orders |= self.env["sale.order"].with_company(company).create(vals)
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations")
        if len(orders) == 1:
            action.update({"res_id": orders.id, "views": [(False, "form")], "view_mode": "form"})
        else:
            action.update({"domain": [("id", "in", orders.ids)], "views": [(False, "list"), (False, "form")]})
        action["context"] = {}
        return action

    def action_crm_tr_schedule_activity(self):
        """A to-do for the customer's salesperson on the customer, due on the predicted date
        (today when it has passed). Idempotent: no second activity while one for the same
        customer and product is open."""
        if not self:
            raise UserError(self.env._("Select the predictions to schedule."))
        Activity = self.env["mail.activity"]
        partners = self.partner_id
        open_activities = Activity.sudo().search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("crm_tr_rebuy_product_id", "in", self.product_id.ids),
            ]
        )
        existing = {(activity.res_id, activity.crm_tr_rebuy_product_id.id) for activity in open_activities}
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for prediction in self:
            key = (prediction.partner_id.id, prediction.product_id.id)
            if key in existing:
                continue
            existing.add(key)
            user = prediction.user_id or self.env.user
            vals_list.append(
                {
                    "res_model_id": model,
                    "res_id": prediction.partner_id.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "date_deadline": max(prediction.predicted_date, fields.Date.context_today(self)),
                    "summary": prediction.with_context(lang=user.lang)._crm_tr_activity_summary(),
                    "note": prediction.with_context(lang=user.lang)._crm_tr_activity_note(),
                    "crm_tr_rebuy_product_id": prediction.product_id.id,
                }
            )
        activities = Activity.create(vals_list)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if activities else "info",
                "message": self.env._(
                    "%(created)s activities scheduled, %(skipped)s already open.",
                    created=len(activities),
                    skipped=len(self) - len(activities),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _crm_tr_activity_summary(self):
        self.ensure_one()
        return self.env._("Re-buy: %(product)s", product=self.product_id.display_name)

    def _crm_tr_activity_note(self):
        self.ensure_one()
        env = self.env
        return env._(
            "Usually buys %(quantity)s %(unit)s every %(days)s days; last purchase on %(last)s. Next purchase "
            "expected on %(date)s ± %(window)s days (confidence %(confidence)s%%).",
            quantity=formatLang(env, self.quantity, digits=2).rstrip("0").rstrip(",."),
            unit=self.product_uom_id.name,
            days=formatLang(env, self.interval_days, digits=1).rstrip("0").rstrip(",."),
            last=format_date(env, self.last_purchase_date),
            date=format_date(env, self.predicted_date),
            window=self.window_days,
            confidence=self.confidence,
        )

    # ------------------------------------------------------------------
    # Backtest
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_backtest(self, company, cutoff_date, horizon_days):
        """Predict from the invoices dated before `cutoff_date` and compare with what was
        bought after it. The predictions evaluated are those whose predicted date falls
        before the horizon's end (cutoff + horizon_days; those already overdue at the cutoff
        included); each one's actual next purchase is the customer's first purchase of the
        product on or after the cutoff, looked for until the horizon's end plus its window:
        a hit within ± the window, early before it, late after it, missing if none.
        Returns a dict of counts, the hit rate (%) and the median error in days."""
        company = company.sudo()
        cutoff_date = fields.Date.to_date(cutoff_date)
        if not horizon_days or horizon_days <= 0:
            raise UserError(self.env._("The backtest's horizon must be a positive number of days."))
        horizon_end = cutoff_date + timedelta(days=horizon_days)
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH predictions AS (%(predictions)s),
                actual AS (
                    SELECT predictions.partner_id, predictions.product_id,
                           predictions.predicted_date, predictions.window_days,
                           MIN(days.purchase_date) AS next_date
                      FROM predictions
                 LEFT JOIN (%(days)s) days
                        ON days.partner_id = predictions.partner_id
                       AND days.product_id = predictions.product_id
                       AND days.purchase_date >= %(cutoff)s
                       AND days.purchase_date < %(horizon_end)s::date + predictions.window_days
                     WHERE predictions.predicted_date < %(horizon_end)s
                  GROUP BY 1, 2, 3, 4
                )
                SELECT COUNT(*) AS evaluated,
                       COUNT(*) FILTER (WHERE ABS(next_date - predicted_date) <= window_days) AS hit,
                       COUNT(*) FILTER (WHERE next_date < predicted_date - window_days) AS early,
                       COUNT(*) FILTER (WHERE next_date > predicted_date + window_days) AS late,
                       COUNT(*) FILTER (WHERE next_date IS NULL) AS missing,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY ABS(next_date - predicted_date)) AS median_error,
                       (SELECT COUNT(*) FROM predictions) AS predicted
                  FROM actual
                """,
                predictions=self._crm_tr_prediction_query(company, cutoff_date, before=cutoff_date),
                days=self._crm_tr_purchase_days_query(company),
                cutoff=cutoff_date,
                horizon_end=horizon_end,
            )
        )
        result = rows[0]
        result["beyond_horizon"] = result["predicted"] - result["evaluated"]
        result["hit_rate"] = round(100.0 * result["hit"] / result["evaluated"], 1) if result["evaluated"] else 0.0
        return result
