from . import test_earn_rule
