from . import crm_tr_accountant_export
