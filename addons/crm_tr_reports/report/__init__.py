from . import crm_tr_report_customer_revenue
from . import crm_tr_report_product
from . import crm_tr_report_service_case
from . import crm_tr_report_technician
from . import crm_tr_report_service_contract
