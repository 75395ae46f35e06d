{
    "name": "CRM TR: Reports",
    "summary": "SQL-fast customer, product and service analysis with Excel exports",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "crm_tr",
    "website": "https://github.com/crm-tr/crm_tr",
    "license": "LGPL-3",
    "depends": ["crm_tr_sms", "crm_tr_sales", "crm_tr_service", "crm_tr_loyalty"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_tr_reports_rules.xml",
        "report/crm_tr_report_customer_revenue_views.xml",
        "views/crm_tr_reports_menus.xml",
        "views/crm_tr_reports_app_menus.xml",
        "data/crm_tr_cross_sell_cron.xml",
        "report/crm_tr_report_cross_sell_views.xml",
        "views/res_partner_cross_sell_views.xml",
        "views/res_config_settings_cross_sell_views.xml",
    ],
    "demo": [
        "demo/crm_tr_reports_demo.xml",
        "demo/crm_tr_cross_sell_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_tr_reports/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
