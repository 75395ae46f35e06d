from . import res_company_cross_sell
from . import res_config_settings_cross_sell
from . import res_partner_cross_sell
