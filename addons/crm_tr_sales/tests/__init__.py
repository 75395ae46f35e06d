from . import test_sales_visit
