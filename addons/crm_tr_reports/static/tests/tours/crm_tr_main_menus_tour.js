import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * Every menu item of the crm_tr addons, as [app, section, item, the title it shows in
 * Turkish, a field of its first record's form to check or null]. The test
 * (tests/test_main_menus_tour.py) fails when a crm_tr menu of the database is missing here.
 */
export const CRM_TR_MENUS = [
    ["mass_mailing_sms.mass_mailing_sms_menu_root", "crm_tr_sms.menu_crm_tr_sms_consent_root", "crm_tr_sms.menu_crm_tr_iys_consent", "İYS İzinleri", "recipient"],
    ["mass_mailing_sms.mass_mailing_sms_menu_root", "crm_tr_sms.menu_crm_tr_sms_consent_root", "crm_tr_sms.menu_crm_tr_kvkk_consent", "KVKK Kayıtları", null],
    ["mass_mailing_sms.mass_mailing_sms_menu_root", "crm_tr_sms.menu_crm_tr_sms_consent_root", "crm_tr_sms.menu_crm_tr_sms_exclusion", "Hariç Tutulan Alıcılar", null],
    ["crm.crm_menu_root", "crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_visit", "Ziyaretler", "vehicle_id"],
    ["crm.crm_menu_root", "crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_visit_planning", "Ziyaret Planlama", null],
    ["crm.crm_menu_root", "crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_visit_schedule", "Ziyaretleri Planla", "dialog"],
    ["crm.crm_menu_root", "crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_referrals", "Tavsiyeler", null],
    ["crm.crm_menu_root", "crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_customer_stat", "Müşteri 360", "customer_class"],
    ["crm.crm_menu_root", "crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_neglected", "İhmal Edilen Müşteriler", null],
    ["crm.crm_menu_root", "crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_rebuy_forecast", "Yeniden Alım Tahmini", "predicted_date"],
    ["crm.crm_menu_root", "crm.crm_menu_sales", "crm_tr_sales.menu_crm_tr_sales_target", "Satış Hedefleri", null],
    ["crm.crm_menu_root", "crm.crm_menu_report", "crm_tr_sales.menu_crm_tr_sales_target_analysis", "Hedef Gerçekleşme", null],
    ["crm.crm_menu_root", "crm.crm_menu_report", "crm_tr_sales.menu_crm_tr_pareto", "Pareto", null],
    ["crm.crm_menu_root", "crm.crm_menu_report", "crm_tr_sales.menu_crm_tr_win_loss_report", "Kazanç/Kayıp Analizi", null],
    ["crm.crm_menu_root", "crm.crm_menu_report", "crm_tr_sales.menu_crm_tr_quotation_analysis", "Teklif Analizi", null],
    ["crm.crm_menu_root", "crm.crm_menu_report", "crm_tr_sales.menu_crm_tr_rep_activity_report", "Temsilci Aktivitesi", null],
    ["crm.crm_menu_root", "crm.crm_menu_config", "crm_tr_sales.menu_crm_tr_competitor", "Rakipler", "name"],
    ["crm.crm_menu_root", "crm.crm_menu_config", "crm_tr_sales.menu_crm_tr_territory", "Satış Bölgeleri", "name"],
    ["crm.crm_menu_root", "crm.crm_menu_config", "crm_tr_sales.menu_crm_tr_region", "Coğrafi Bölgeler", "name"],
    ["crm.crm_menu_root", "crm.crm_menu_report", "crm_tr_sales.menu_crm_tr_sales_by_region", "Bölgelere Göre Satışlar", null],
    ["crm_tr_service.menu_crm_tr_service_root", null, "crm_tr_service.menu_crm_tr_service_my_day", "Günüm", null],
    ["crm_tr_service.menu_crm_tr_service_root", null, "crm_tr_service.menu_crm_tr_service_my_cases", "Kayıtlarım", null],
    ["crm_tr_service.menu_crm_tr_service_root", null, "crm_tr_service.menu_crm_tr_service_visits", "Servis Ziyaretleri", null],
    ["crm.crm_menu_root", "crm.crm_menu_report", "crm_tr_reports.menu_crm_tr_reports_crm", "Müşteri Cirosu", null],
    ["account.menu_finance", "account.menu_finance_reports", "crm_tr_reports.menu_crm_tr_reports_account", "Müşteri Cirosu", null],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_cases", "crm_tr_service.menu_crm_tr_service_case", "Servis Kayıtları", null],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_cases", "crm_tr_service.menu_crm_tr_service_installed_base", "Seri Numaraları", "product_id"],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_reporting", "crm_tr_reports.menu_crm_tr_reports_service", "Müşteri Cirosu", null],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_config", "crm_tr_service.menu_crm_tr_service_technicians", "Teknisyenler", null],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_reporting", "crm_tr_service.menu_crm_tr_service_satisfaction", "Memnuniyet", null],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_config", "crm_tr_service.menu_crm_tr_service_survey_campaigns", "Anket Kampanyaları", "name"],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_config", "crm_tr_service.menu_crm_tr_service_teams", "Servis Ekipleri", "user_id"],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_config", "crm_tr_service.menu_crm_tr_service_stages", "Aşamalar", null],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_config", "crm_tr_service.menu_crm_tr_service_case_categories", "Kayıt Kategorileri", null],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_config", "crm_tr_service.menu_crm_tr_service_slas", "SLA Politikaları", "team_id"],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_cases", "crm_tr_service.menu_crm_tr_service_contracts", "Sözleşmeler", "partner_id"],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_knowledge", "crm_tr_service.menu_crm_tr_service_article", "Makaleler", null],
    ["crm_tr_service.menu_crm_tr_service_root", "crm_tr_service.menu_crm_tr_service_config", "crm_tr_service.menu_crm_tr_service_article_category", "Bilgi Bankası Kategorileri", "name"],
    ["sale.sale_menu_root", "crm_tr_loyalty.menu_crm_tr_loyalty_root", "crm_tr_loyalty.menu_crm_tr_loyalty_earn_rule", "Fatura Kazanım Kuralları", "points"],
    ["sale.sale_menu_root", "crm_tr_loyalty.menu_crm_tr_loyalty_root", "crm_tr_loyalty.menu_crm_tr_loyalty_boost", "Puan Artırımları", null],
    ["sale.sale_menu_root", "crm_tr_loyalty.menu_crm_tr_loyalty_root", "crm_tr_loyalty.menu_crm_tr_loyalty_accrual", "Puan Defteri", null],
    ["sale.sale_menu_root", "crm_tr_loyalty.menu_crm_tr_loyalty_root", "crm_tr_loyalty.menu_crm_tr_loyalty_cards", "Sadakat Kartları", "partner_id"],
    ["sale.sale_menu_root", "crm_tr_loyalty.menu_crm_tr_loyalty_root", "crm_tr_loyalty.menu_crm_tr_loyalty_raffle", "Çekilişler", null],
    ["sale.sale_menu_root", "crm_tr_loyalty.menu_crm_tr_loyalty_root", "crm_tr_loyalty.menu_crm_tr_loyalty_program", "İndirim ve Sadakat", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_customers", "crm_tr_reports.menu_crm_tr_reports_customer_revenue", "Müşteri Cirosu", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_products", "crm_tr_reports.menu_crm_tr_reports_product_analysis", "Ürün Analizi", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_service_section", "crm_tr_reports.menu_crm_tr_reports_case_analysis", "Servis Kaydı Analizi", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_service_section", "crm_tr_reports.menu_crm_tr_reports_technician_performance", "Teknisyen Performansı", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_service_section", "crm_tr_reports.menu_crm_tr_reports_contract_profitability", "Sözleşme Kârlılığı", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_customers", "crm_tr_reports.menu_crm_tr_reports_customer_profitability", "Müşteri Kârlılığı", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_customers", "crm_tr_reports.menu_crm_tr_reports_customer_rfm", "RFM Analizi", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_sales", "crm_tr_reports.menu_crm_tr_reports_quotation_acceptance", "Teklif Kabul Analizi", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_sales", "crm_tr_reports.menu_crm_tr_reports_pipeline", "Olasılığa Göre Fırsatlar", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_marketing", "crm_tr_reports.menu_crm_tr_marketing_letter", "Pazarlama Mektupları", "name"],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_marketing", "crm_tr_reports.menu_crm_tr_reports_sms", "Belgelerden Gönderilen SMS", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_accounting", "crm_tr_reports.menu_crm_tr_reports_excel_exports", "Excel Dışa Aktarımları", null],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_accounting", "crm_tr_reports.menu_crm_tr_reports_accountant_export", "Muhasebeci Dışa Aktarımı", "dialog"],
    ["crm_tr_reports.menu_crm_tr_reports_root", "crm_tr_reports.menu_crm_tr_reports_products", "crm_tr_reports.menu_crm_tr_reports_cross_sell", "Birlikte Alınanlar", null],
];

/**
 * section null: the item sits in the app's top bar. formField "dialog": the item opens a
 * dialog (a wizard), checked by its title and closed.
 */
function openMenuItem([app, section, item, title, formField]) {
    const steps = [
        stepUtils.showAppsMenuItem(),
        {
            trigger: `.o_app[data-menu-xmlid='${app}']`,
            content: `open the app ${app}`,
            run: "click",
        },
    ];
    if (section) {
        steps.push(
            {
                trigger: `.o_menu_sections [data-menu-xmlid='${section}']`,
                content: `open the menu section ${section}`,
                run: "click",
            },
            {
                trigger: `.o-dropdown--menu [data-menu-xmlid='${item}']`,
                content: `open the menu ${item}`,
                run: "click",
            }
        );
    } else {
        steps.push({
            trigger: `.o_menu_sections [data-menu-xmlid='${item}']`,
            content: `open the menu ${item}`,
            run: "click",
        });
    }
    if (formField === "dialog") {
        steps.push(
            {
                trigger: `.modal .modal-title:contains('${title}')`,
                content: `${item} opens the dialog “${title}”`,
            },
            {
                trigger: ".modal .btn-close",
                content: "close it",
                run: "click",
            },
            {
                trigger: "body:not(:has(.modal))",
            }
        );
        return steps;
    }
    steps.push(
        {
            trigger: `.o_breadcrumb .active:contains('${title}'), .o_breadcrumb .o_last_breadcrumb_item:contains('${title}')`,
            content: `${item} shows “${title}”`,
        },
        {
            trigger: ".o_action_manager .o_view_controller:not(.o_view_sample_data) .o_content",
            content: `${item} loaded its view`,
        }
    );
    if (formField) {
        steps.push(
            {
                trigger: ".o_list_view .o_data_row:first-child .o_data_cell:not(.o_list_record_selector)",
                content: "open the first record",
                run: "click",
            },
            {
                trigger: `.o_form_view .o_field_widget[name='${formField}']`,
                content: `the form shows ${formField}`,
            }
        );
    }
    return steps;
}

registry.category("web_tour.tours").add("crm_tr_main_menus_tour", {
    url: "/odoo",
    steps: () => [
        ...CRM_TR_MENUS.flatMap(openMenuItem),
        // The figures behind the menus: the demo invoices earned points and revenue.
        ...openMenuItem(CRM_TR_MENUS.find((menu) => menu[2] === "crm_tr_loyalty.menu_crm_tr_loyalty_accrual")),
        {
            trigger: ".o_list_view .o_data_row",
            content: "the demo invoices earned points",
        },
        ...openMenuItem(CRM_TR_MENUS.find((menu) => menu[2] === "crm_tr_reports.menu_crm_tr_reports_crm")),
        {
            trigger: ".o_pivot .o_pivot_cell_value",
            content: "the revenue analysis shows figures",
        },
    ],
});
