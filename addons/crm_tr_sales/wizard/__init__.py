from . import crm_tr_visit_route_sheet_wizard
from . import crm_tr_visit_schedule_wizard
from . import crm_tr_neglect_planner
from . import crm_lead_lost
from . import crm_tr_territory_assign_wizard
from . import crm_tr_sales_target_generate
from . import crm_tr_rebuy_backtest_wizard
