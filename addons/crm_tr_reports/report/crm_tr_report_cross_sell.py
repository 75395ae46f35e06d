from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class CrmTrReportCrossSell(models.Model):
    """Products bought together: one row per ordered pair of products (A → B) of a company.

    A basket is one posted customer invoice. A product is in the basket when the quantity
    invoiced, less the quantity of the same product on the posted credit notes that reverse
    that invoice, is above zero: a fully refunded invoice is no basket, a refunded line leaves
    its basket. Credit notes that reverse no invoice change no basket.

    With N baskets, n(A) the baskets holding A and n(A, B) those holding both:
    support = n(A, B) (and n(A, B) / N in %), confidence(A → B) = n(A, B) / n(A) (in %),
    lift = confidence / (n(B) / N).

    The pairs are a self-join of the invoice lines, far too slow to compute for every screen
    over a million lines: they are stored, refreshed per company by `_refresh_pairs` (one
    INSERT ... SELECT) every night and on demand."""

    _name = "crm_tr.report.cross.sell"
    _description = "Products Bought Together"
    _order = "company_id, confidence desc, lift desc, id"
    _rec_name = "suggested_product_id"
    # A table of our own, created in init() rather than by the ORM: rebuilt wholesale by
    # _refresh_pairs, it needs no foreign keys (their triggers took half of the refresh's time
    # on 250,000 rows, bench_reports.py). Its companies and products cannot go away while it
    # references them: they are those of posted invoice lines, which restrict their deletion.
    _auto = False

    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True)
    product_id = fields.Many2one("product.product", string="Product", required=True, readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    suggested_product_id = fields.Many2one(
        "product.product",
        string="Bought With",
        required=True,
        readonly=True,
        help="Product B of the pair A → B.",
    )
    suggested_categ_id = fields.Many2one("product.category", string="Category Bought With", readonly=True)
    basket_count = fields.Integer(
        string="Invoices", readonly=True, aggregator="max", help="Invoices (baskets) of the company analysed."
    )
    product_basket_count = fields.Integer(
        string="Invoices with the Product", readonly=True, aggregator="max", help="Invoices holding product A."
    )
    suggested_basket_count = fields.Integer(
        string="Invoices with the Other Product", readonly=True, aggregator="max", help="Invoices holding product B."
    )
    support_count = fields.Integer(string="Bought Together", readonly=True, help="Invoices holding both products.")
    support = fields.Float(
        string="Support (%)",
        readonly=True,
        aggregator="max",
        help="Share of the invoices holding both products.",
    )
    confidence = fields.Float(
        string="Confidence (%)",
        readonly=True,
        aggregator="max",
        help="Of the invoices holding the product, the share that also hold the other product.",
    )
    lift = fields.Float(
        readonly=True,
        aggregator="max",
        help="Confidence divided by the share of all invoices holding the other product: above 1, "
        "buying the product makes the other more likely.",
    )
    refreshed_at = fields.Datetime(string="Computed On", readonly=True)

    def init(self):
        self.env.cr.execute(
            SQL(
                """
            CREATE TABLE IF NOT EXISTS crm_tr_report_cross_sell (
                id SERIAL PRIMARY KEY,
                company_id INTEGER NOT NULL,
                product_id INTEGER NOT NULL,
                categ_id INTEGER,
                suggested_product_id INTEGER NOT NULL,
                suggested_categ_id INTEGER,
                basket_count INTEGER,
                product_basket_count INTEGER,
                suggested_basket_count INTEGER,
                support_count INTEGER,
                support DOUBLE PRECISION,
                confidence DOUBLE PRECISION,
                lift DOUBLE PRECISION,
                refreshed_at TIMESTAMP WITHOUT TIME ZONE
            );
            -- the company rule and the suggestions (the company's pairs from a product)
            CREATE INDEX IF NOT EXISTS crm_tr_report_cross_sell_company_product_index
                ON crm_tr_report_cross_sell (company_id, product_id);
            """
            )
        )

    # -- refresh ---------------------------------------------------------------------------

    def _date_from(self, company):
        months = company.crm_tr_cross_sell_months
        if months <= 0:
            return None
        return fields.Date.context_today(self.with_company(company)) - relativedelta(months=months)

    def _items_sql(self, company, date_from):
        """The baskets' contents: (basket, product) once per product left after the refunds."""
        period = SQL("move.invoice_date >= %s", date_from) if date_from else SQL("TRUE")
        return SQL(
            """
            sold AS (
                SELECT DISTINCT line.move_id AS basket, line.product_id
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE move.company_id = %(company)s
                   AND move.state = 'posted'
                   AND move.move_type = 'out_invoice'
                   AND line.display_type = 'product'
                   AND line.product_id IS NOT NULL
                   AND %(period)s
            ),
            refunded AS (
                SELECT refund.reversed_entry_id AS move_id, line.product_id, SUM(line.quantity) AS quantity
                  FROM account_move refund
                  JOIN account_move_line line ON line.move_id = refund.id
                 WHERE refund.company_id = %(company)s
                   AND refund.state = 'posted'
                   AND refund.move_type = 'out_refund'
                   AND refund.reversed_entry_id IS NOT NULL
                   AND line.display_type = 'product'
                   AND line.product_id IS NOT NULL
              GROUP BY refund.reversed_entry_id, line.product_id
            ),
            returned AS (
                -- the products whose credit notes cover what their invoice sold (few rows)
                SELECT refunded.move_id, refunded.product_id
                  FROM refunded
                  JOIN account_move_line line
                    ON line.move_id = refunded.move_id AND line.product_id = refunded.product_id
                   AND line.display_type = 'product'
              GROUP BY refunded.move_id, refunded.product_id, refunded.quantity
                HAVING SUM(line.quantity) <= refunded.quantity
            ),
            items AS MATERIALIZED (
                SELECT sold.basket, sold.product_id
                  FROM sold
                 WHERE NOT EXISTS (
                        SELECT 1 FROM returned
                         WHERE returned.move_id = sold.basket AND returned.product_id = sold.product_id)
            )
            """,
            company=company.id,
            period=period,
        )

    def _pairs_select(self, company, now):
        """The rows of the company's pairs, in the column order of `_refresh_pairs`' INSERT."""
        return SQL(
            """
            WITH %(items)s,
            product_baskets AS (
                SELECT product_id, COUNT(*) AS baskets FROM items GROUP BY product_id
            ),
            total AS (
                SELECT COUNT(DISTINCT basket) AS baskets FROM items
            ),
            unordered AS (
                -- each pair once (A < B), the half of the self-join's rows, then both ways
                SELECT a.product_id AS first_id, b.product_id AS second_id, COUNT(*) AS support_count
                  FROM items a
                  JOIN items b ON b.basket = a.basket AND b.product_id > a.product_id
              GROUP BY a.product_id, b.product_id
                HAVING COUNT(*) >= %(min_support)s
            ),
            pairs AS (
                SELECT first_id AS product_id, second_id AS suggested_product_id, support_count FROM unordered
                 UNION ALL
                SELECT second_id, first_id, support_count FROM unordered
            )
            SELECT %(company)s, pairs.product_id, template_a.categ_id,
                   pairs.suggested_product_id, template_b.categ_id,
                   total.baskets, pa.baskets, pb.baskets, pairs.support_count,
                   100.0 * pairs.support_count / total.baskets,
                   100.0 * pairs.support_count / pa.baskets,
                   pairs.support_count::float * total.baskets / (pa.baskets * pb.baskets),
                   %(now)s
              FROM pairs
             CROSS JOIN total
              JOIN product_baskets pa ON pa.product_id = pairs.product_id
              JOIN product_baskets pb ON pb.product_id = pairs.suggested_product_id
              JOIN product_product product_a ON product_a.id = pairs.product_id
              JOIN product_template template_a ON template_a.id = product_a.product_tmpl_id
              JOIN product_product product_b ON product_b.id = pairs.suggested_product_id
              JOIN product_template template_b ON template_b.id = product_b.product_tmpl_id
            """,
            items=self._items_sql(company, self._date_from(company)),
            min_support=max(company.crm_tr_cross_sell_min_support, 1),
            company=company.id,
            now=now,
        )

    def _refresh_pairs(self, company):
        """Recompute the pairs of `company` in one statement (after removing its old ones).

        Only pairs bought together in at least the company's minimum number of invoices are
        kept. Raw SQL: the rows are statistics of the whole company, whoever asks."""
        self.env.flush_all()
        now = fields.Datetime.now()
        self.env.cr.execute(SQL("DELETE FROM crm_tr_report_cross_sell WHERE company_id = %s", company.id))
        # The baskets and the pairs are hashed in memory: at a million lines, PostgreSQL's
        # default work_mem (4 MB) sends them to disk and doubles the time (bench_reports.py).
        self.env.cr.execute(SQL("SELECT current_setting('work_mem'), current_setting('jit')"))
        work_mem, jit = self.env.cr.fetchone()
        self.env.cr.execute(SQL("SELECT set_config('work_mem', '256MB', true), set_config('jit', 'off', true)"))
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_tr_report_cross_sell (
                    company_id, product_id, categ_id, suggested_product_id, suggested_categ_id,
                    basket_count, product_basket_count, suggested_basket_count, support_count,
                    support, confidence, lift, refreshed_at)
                %s
                """,
                self._pairs_select(company, now),
            )
        )
        count = self.env.cr.rowcount
        # fresh statistics for the suggestions' joins (3x faster on a big customer, bench_reports.py)
        self.env.cr.execute(SQL("ANALYZE crm_tr_report_cross_sell"))
        self.env.cr.execute(SQL("SELECT set_config('work_mem', %s, true), set_config('jit', %s, true)", work_mem, jit))
        self.invalidate_model()
        return count

    @api.model
    def _refresh_all(self):
        """Every company's pairs, in this transaction (demo data, tests)."""
        return {company: self._refresh_pairs(company) for company in self.env["res.company"].sudo().search([])}

    @api.model
    def _cron_refresh_pairs(self):
        companies = self.env["res.company"].sudo().search([])
        for done, company in enumerate(companies, start=1):
            self._refresh_pairs(company)
            self.env["ir.cron"]._commit_progress(1, remaining=len(companies) - done)

    @api.model
    def action_refresh(self):
        """The list's button: recompute the pairs of the companies selected now."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales administrators can recompute the products bought together."))
        for company in self.env.companies:
            self._refresh_pairs(company)
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    # -- suggestions -----------------------------------------------------------------------

    def _suggestion_rows(self, partners, company, limit=10):
        """{commercial partner id: [pair ids]}: for each product the customer has not bought
        yet, the best pair (highest confidence, then lift) leading to it from a product they
        bought on a posted invoice of `company`; only pairs with a lift above 1; at most
        `limit` products per customer, best first."""
        commercial = partners.commercial_partner_id
        if not commercial:
            return {}
        self.env["account.move.line"].flush_model(
            ["move_id", "partner_id", "company_id", "parent_state", "product_id", "display_type"]
        )
        self.env["account.move"].flush_model(["move_type"])
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH bought AS (
                    -- the lines' partner is the commercial one, and indexed (the move's is not)
                    SELECT DISTINCT line.partner_id, line.product_id
                      FROM account_move_line line
                      JOIN account_move move ON move.id = line.move_id
                     WHERE line.partner_id IN %(partners)s
                       AND line.company_id = %(company)s
                       AND line.parent_state = 'posted'
                       AND line.display_type = 'product'
                       AND line.product_id IS NOT NULL
                       AND move.move_type = 'out_invoice'
                ),
                best AS (
                    SELECT DISTINCT ON (bought.partner_id, pair.suggested_product_id)
                           bought.partner_id, pair.id, pair.confidence, pair.lift, pair.suggested_product_id
                      FROM bought
                     CROSS JOIN LATERAL (
                            -- through the (company, product) index, product by product
                            SELECT candidate.id, candidate.confidence, candidate.lift, candidate.suggested_product_id
                              FROM crm_tr_report_cross_sell candidate
                             WHERE candidate.company_id = %(company)s
                               AND candidate.product_id = bought.product_id
                               AND candidate.lift > 1
                           ) pair
                      JOIN product_product product ON product.id = pair.suggested_product_id AND product.active
                     WHERE NOT EXISTS (
                            SELECT 1 FROM bought mine
                             WHERE mine.partner_id = bought.partner_id
                               AND mine.product_id = pair.suggested_product_id)
                  ORDER BY bought.partner_id, pair.suggested_product_id, pair.confidence DESC, pair.lift DESC, pair.id
                ),
                ranked AS (
                    SELECT partner_id, id, row_number() OVER (
                               PARTITION BY partner_id ORDER BY confidence DESC, lift DESC, suggested_product_id
                           ) AS rank
                      FROM best
                )
                SELECT partner_id, array_agg(id ORDER BY rank) FROM ranked WHERE rank <= %(limit)s GROUP BY partner_id
                """,
                partners=tuple(commercial.ids),
                company=company.id,
                limit=limit,
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    @api.readonly
    def get_suggestions(self, partner_id, limit=10):
        """The suggested products of a customer in the current company, for screens and
        exports: [{product_id, because_of_id, confidence, lift, support_count}], best first."""
        partner = self.env["res.partner"].browse(partner_id)
        partner.check_access("read")
        ids = self._suggestion_rows(partner, self.env.company, limit).get(partner.commercial_partner_id.id, [])
        return [
            {
                "product_id": pair.suggested_product_id.id,
                "because_of_id": pair.product_id.id,
                "confidence": pair.confidence,
                "lift": pair.lift,
                "support_count": pair.support_count,
            }
            for pair in self.browse(ids)
        ]
