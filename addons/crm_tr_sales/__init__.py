from . import models
from . import report
from . import wizard
from . import demo


def _crm_tr_post_init(env):
    """Invoices posted before the addon was installed get their cost of sale now: the sales
    order's cost where they came from one, otherwise the product's cost of today (the best
    figure left for them)."""
    moves = env["account.move"].search([("state", "=", "posted"), ("move_type", "in", ("out_invoice", "out_refund"))])
    moves._crm_tr_freeze_costs()
