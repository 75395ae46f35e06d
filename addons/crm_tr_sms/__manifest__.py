{
    "name": "CRM TR: SMS and Consent",
    "summary": "Turkish SMS gateways, İYS/KVKK consent and SMS campaigns for Odoo",
    "version": "19.0.1.0.0",
    "category": "Marketing/SMS Marketing",
    "author": "crm_tr",
    "website": "https://github.com/crm-tr/crm_tr",
    "license": "LGPL-3",
    "depends": ["sms", "phone_validation", "mass_mailing_sms"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/crm_tr_sms_security.xml",
        "security/ir.model.access.csv",
        "security/crm_tr_sms_rules.xml",
        "data/ir_cron_data.xml",
        "views/crm_tr_iys_consent_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/sms_template_views.xml",
        "views/crm_tr_sms_exclusion_views.xml",
        "views/crm_tr_kvkk_consent_views.xml",
        "views/crm_tr_sms_menus.xml",
    ],
    "demo": [
        "demo/crm_tr_demo_companies.xml",
        "demo/crm_tr_demo_partners.xml",
        "demo/crm_tr_iys_consent_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_tr_sms/static/src/sms_widget/*",
        ],
        "web.assets_tests": [
            "crm_tr_sms/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
