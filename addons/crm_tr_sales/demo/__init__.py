# Demo data generators, called by <function> elements of the demo XML files only.
from . import res_company
from . import crm_tr_visit
from . import crm_tr_rep_activity
from . import crm_tr_sales_target
from . import crm_tr_rebuy
