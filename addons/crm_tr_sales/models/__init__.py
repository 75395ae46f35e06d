from . import crm_tr_sales_visit
from . import res_partner
