from . import crm_tr_report_xlsx
from . import crm_tr_report_export
