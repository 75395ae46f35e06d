from . import crm_tr_loyalty_earn_rule
