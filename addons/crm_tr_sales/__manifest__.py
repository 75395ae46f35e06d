{
    "name": "CRM TR: Sales",
    "summary": "Customer 360, classification, sales visits with costing and territories for Turkish SMEs",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "crm_tr",
    "website": "https://github.com/crm-tr/crm_tr",
    "license": "LGPL-3",
    "depends": ["crm_tr_sms", "crm", "sale_management", "account", "l10n_tr", "fleet", "hr", "hr_hourly_cost"],
    "data": [
        "security/crm_tr_sales_security.xml",
        "security/ir.model.access.csv",
        "security/crm_tr_sales_rules.xml",
        "data/ir_sequence_data.xml",
        "views/crm_tr_sales_visit_views.xml",
        "views/res_partner_views.xml",
        "views/crm_tr_sales_menus.xml",
    ],
    "demo": [
        "demo/crm_tr_sales_demo.xml",
        "demo/crm_tr_sales_visit_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_tr_sales/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
