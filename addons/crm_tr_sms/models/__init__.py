from . import crm_tr_iys_consent
from . import res_partner
