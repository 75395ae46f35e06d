from . import test_earn_rule
from . import test_invoice_points
