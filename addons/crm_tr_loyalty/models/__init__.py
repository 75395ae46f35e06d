from . import crm_tr_loyalty_earn_rule
from . import crm_tr_loyalty_accrual
from . import account_move
from . import loyalty_program
