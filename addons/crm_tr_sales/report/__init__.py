from . import crm_tr_visit_route_sheet
from . import account_invoice_report_territory
