from . import test_sales_visit
from . import test_ui_rep
