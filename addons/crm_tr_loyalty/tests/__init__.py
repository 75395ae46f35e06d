from . import test_earn_rule
from . import test_invoice_points
from . import test_redemption
from . import test_expiry_tiers
from . import test_boost_raffle
from . import test_property
from . import test_ui
