from . import test_customer_revenue
from . import test_main_menus_tour
from . import test_demo_language
from . import test_product_service_reports
from . import test_customer_profitability
from . import test_customer_rfm
from . import test_quotation_acceptance
from . import test_pipeline
