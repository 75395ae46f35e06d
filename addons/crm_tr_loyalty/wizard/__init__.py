from . import crm_tr_loyalty_redeem_wizard
