from . import crm_tr_service_case
from . import res_partner
