from . import test_customer_revenue
from . import test_main_menus_tour
from . import test_demo_language
from . import test_cross_sell
