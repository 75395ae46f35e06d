from . import crm_tr_visit_route_sheet
