{
    "name": "CRM TR: Loyalty on Invoices",
    "summary": "Loyalty points earned on posted invoices, with changing product values, tiers and raffles",
    "version": "19.0.1.0.0",
    "category": "Sales/Loyalty",
    "author": "crm_tr",
    "website": "https://github.com/crm-tr/crm_tr",
    "license": "LGPL-3",
    "depends": ["crm_tr_sms", "crm_tr_sales", "loyalty", "sale_loyalty", "account", "stock", "portal"],
    "data": [
        "security/crm_tr_loyalty_security.xml",
        "security/ir.model.access.csv",
        "security/crm_tr_loyalty_rules.xml",
        "data/ir_cron_data.xml",
        "data/crm_tr_loyalty_data.xml",
        "views/crm_tr_loyalty_earn_rule_views.xml",
        "views/crm_tr_loyalty_accrual_views.xml",
        "views/crm_tr_loyalty_boost_views.xml",
        "views/crm_tr_loyalty_raffle_views.xml",
        "views/loyalty_views.xml",
        "views/portal_templates.xml",
        "views/crm_tr_loyalty_menus.xml",
    ],
    "demo": [
        "demo/crm_tr_loyalty_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_tr_loyalty/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
