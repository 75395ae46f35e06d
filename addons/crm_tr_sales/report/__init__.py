from . import crm_tr_visit_route_sheet
from . import crm_tr_win_loss_report
from . import crm_tr_rep_activity_report
from . import sale_report
from . import account_invoice_report_territory
from . import crm_tr_sales_target_analysis
