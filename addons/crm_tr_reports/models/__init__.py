from . import crm_tr_marketing_letter
from . import crm_tr_marketing_letter_recipient
from . import res_currency
from . import crm_tr_report_xlsx
from . import crm_tr_report_export
