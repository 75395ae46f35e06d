{
    "name": "CRM TR: Service",
    "summary": "Installed base on serial numbers, service cases and technicians for Turkish SMEs",
    "version": "19.0.1.0.0",
    "category": "Services",
    "author": "crm_tr",
    "website": "https://github.com/crm-tr/crm_tr",
    "license": "LGPL-3",
    "depends": ["crm_tr_sales", "crm_tr_sms", "stock", "survey", "portal", "rating"],
    "data": [
        "security/crm_tr_service_security.xml",
        "security/ir.model.access.csv",
        "security/crm_tr_service_rules.xml",
        "data/ir_sequence_data.xml",
        "views/crm_tr_service_case_views.xml",
        "views/res_partner_views.xml",
        "views/hr_employee_views.xml",
        "views/stock_lot_views.xml",
        "views/crm_tr_service_menus.xml",
    ],
    "demo": [
        "demo/crm_tr_service_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_tr_service/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": True,
}
