from . import crm_tr_service_case
from . import hr_employee
from . import hr_employee_public
from . import res_partner
from . import stock_lot
