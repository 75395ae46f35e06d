from . import crm_tr_visit_route_sheet_wizard
from . import crm_tr_visit_schedule_wizard
from . import crm_tr_rebuy_backtest_wizard
