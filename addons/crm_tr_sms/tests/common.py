from odoo import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user


class CrmTrTwoCompanyMixin:
    """Two companies of one database and the users the crm_tr tests act as.

    Company A (Ege Klima) and company B (Trakya Klima) are new companies, so their
    working schedules are Odoo's own (Monday to Friday, 08:00-12:00 and 13:00-17:00),
    in Turkey time, with the Turkish public holidays (crm_tr_sms). Users of this
    addon's roles are created here; the addons above create theirs with `_crm_tr_user`:

        from odoo.addons.crm_tr_sms.tests.common import CrmTrTwoCompanyCase

        class TestVisit(CrmTrTwoCompanyCase):  # CrmTrTwoCompanyHttpCase for HttpCase
            @classmethod
            def setUpClass(cls):
                super().setUpClass()
                cls.rep = cls._crm_tr_user("rep_a", "sales_team.group_sale_salesman")
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env["res.company"].create({"name": "Ege Klima A.Ş."})
        cls.company_b = cls.env["res.company"].create({"name": "Trakya Klima Ltd. Şti."})
        # An employee with no crm_tr role, a consent clerk and a campaign manager of A,
        # and a consent clerk of B.
        cls.employee_a = cls._crm_tr_user("crm_tr_employee_a", "base.group_user")
        cls.sms_user_a = cls._crm_tr_user("crm_tr_sms_user_a", "crm_tr_sms.group_sms_user")
        cls.sms_manager_a = cls._crm_tr_user("crm_tr_sms_manager_a", "crm_tr_sms.group_sms_manager")
        cls.sms_user_b = cls._crm_tr_user("crm_tr_sms_user_b", "crm_tr_sms.group_sms_user", company=cls.company_b)

    @classmethod
    def _crm_tr_user(cls, login, groups, company=None, companies=None, **values):
        """A user working in `company` (default: company A) and allowed in `companies`
        (default: that company only); `groups` as new_test_user takes them (comma-separated
        XML ids)."""
        company = company or cls.company_a
        companies = companies or company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(companies.ids)],
            **values,
        )


class CrmTrTwoCompanyCase(CrmTrTwoCompanyMixin, TransactionCase):
    pass


class CrmTrTwoCompanyHttpCase(CrmTrTwoCompanyMixin, HttpCase):
    pass
