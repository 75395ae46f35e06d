from . import crm_tr_report_customer_revenue
