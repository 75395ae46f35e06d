from . import crm_tr_report_customer_revenue
from . import crm_tr_report_cross_sell
