from . import crm_tr_report_customer_revenue
from . import crm_tr_report_customer_profitability
from . import crm_tr_report_customer_rfm
from . import crm_tr_report_quotation_acceptance
from . import crm_tr_report_pipeline
