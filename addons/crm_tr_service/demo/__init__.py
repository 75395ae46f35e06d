# Demo data generators, called by <function> elements of the demo XML files only.
from . import crm_tr_visit
from . import stock_lot
from . import crm_tr_service_case
