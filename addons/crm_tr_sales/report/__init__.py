from . import crm_tr_visit_route_sheet
from . import crm_tr_sales_target_analysis
