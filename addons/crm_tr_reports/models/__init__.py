from . import crm_tr_marketing_letter
from . import crm_tr_marketing_letter_recipient
from . import res_currency
from . import crm_tr_report_xlsx
from . import crm_tr_report_export
from . import res_company_cross_sell
from . import res_config_settings_cross_sell
from . import res_partner_cross_sell
