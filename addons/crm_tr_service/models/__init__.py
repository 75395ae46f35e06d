from . import crm_tr_service_case
from . import hr_employee
from . import res_partner
from . import stock_lot
