"""Writes addons/crm_tr_reports/data/files/crm_tr_dashboard.json, the managers' dashboard
(an Odoo spreadsheet): run it after changing the figures below, then update crm_tr_reports.

    python3 scripts/build_crm_tr_dashboard.py
"""

import json
from pathlib import Path

TARGET = Path(__file__).parent.parent / "addons/crm_tr_reports/data/files/crm_tr_dashboard.json"
SHEET = "crm_tr_dashboard"
COMPANY_FILTER = "0c7b1d9e-2f1a-4c55-9a51-6d2f3c1e0a01"
PERIOD_FILTER = "5e0f4b8a-3d6c-4c3e-8f8e-4b1a2c3d0e02"

# Data sources: (id, model, domain, rows (group by), measures, company chain, period chain)
PIVOTS = [
    ("1", "crm_tr.report.customer.revenue", [], [], ["revenue", "margin"], "company_id", "date", "Revenue"),
    (
        "2",
        "crm_tr.customer.stat",
        [["customer_class", "!=", False]],
        ["customer_class"],
        ["__count"],
        "company_id",
        None,
        "Customers by class",
    ),
    (
        "3",
        "crm.lead",
        [["type", "=", "opportunity"], ["probability", "<", 100]],
        [],
        ["__count", "expected_revenue"],
        "company_id",
        None,
        "Pipeline",
    ),
    (
        "4",
        "crm_tr.visit",
        [["state", "=", "done"]],
        [],
        ["__count", "total_cost"],
        "company_id",
        "planned_start",
        "Visits",
    ),
    (
        "5",
        "crm_tr.service.case",
        [["state", "not in", ["done", "cancelled"]]],
        ["sla_status"],
        ["__count"],
        "company_id",
        None,
        "Open cases",
    ),
    (
        "6",
        "crm_tr.service.contract",
        [["state", "=", "active"]],
        [],
        ["__count"],
        "company_id",
        None,
        "Active contracts",
    ),
    (
        "7",
        "loyalty.card",
        [["program_type", "=", "loyalty"], ["points", ">", 0]],
        [],
        ["__count", "points"],
        "company_id",
        None,
        "Loyalty points",
    ),
    (
        "8",
        "mailing.trace",
        [["trace_type", "=", "sms"], ["trace_status", "in", ["pending", "sent", "open", "reply"]]],
        [],
        ["__count"],
        None,
        "sent_datetime",
        "SMS sent (campaigns)",
    ),
    # SMS sent from documents (a case's stage, a contract's reminder, a survey link, a
    # chatter): Odoo's SMS notifications, one row each in crm_tr.report.sms with the
    # message's company and date (no per-message access check of mail.message)
    (
        "9",
        "crm_tr.report.sms",
        [["sent", "=", True]],
        [],
        ["__count"],
        "company_id",
        ("date", "datetime"),
        "SMS sent (notifications)",
    ),
]

# The key figures: (label, formula, format)
MONEY = "#,##0.00"
COUNT = "#,##0"
KPIS = [
    ("Revenue (untaxed)", '=PIVOT.VALUE(1,"revenue")', MONEY),
    ("Gross margin", '=PIVOT.VALUE(1,"margin")', MONEY),
    ("Class A customers", '=PIVOT.VALUE(2,"__count","customer_class","a")', COUNT),
    ("Class B customers", '=PIVOT.VALUE(2,"__count","customer_class","b")', COUNT),
    ("Class C customers", '=PIVOT.VALUE(2,"__count","customer_class","c")', COUNT),
    ("Open opportunities", '=PIVOT.VALUE(3,"__count")', COUNT),
    ("Pipeline (expected revenue)", '=PIVOT.VALUE(3,"expected_revenue")', MONEY),
    ("Visits done", '=PIVOT.VALUE(4,"__count")', COUNT),
    ("Visit costs", '=PIVOT.VALUE(4,"total_cost")', MONEY),
    ("Open service cases", '=PIVOT.VALUE(5,"__count")', COUNT),
    ("Cases past their SLA deadline", '=PIVOT.VALUE(5,"__count","sla_status","overdue")', COUNT),
    ("Active service contracts", '=PIVOT.VALUE(6,"__count")', COUNT),
    ("Loyalty points outstanding", '=PIVOT.VALUE(7,"points")', COUNT),
    ("SMS sent (campaigns)", '=PIVOT.VALUE(8,"__count")', COUNT),
    ("SMS sent (notifications)", '=PIVOT.VALUE(9,"__count")', COUNT),
]
EXPIRING_ROWS = 10


def pivot(spec):
    pid, model, domain, rows, measures, company_chain, period_chain, name = spec
    matching = {}
    if company_chain:
        matching[COMPANY_FILTER] = {"chain": company_chain, "type": "many2one"}
    if period_chain:
        # a (chain, type) pair, or a chain: "date" is a date field, others datetime fields
        chain, kind = period_chain if isinstance(period_chain, tuple) else (period_chain, None)
        matching[PERIOD_FILTER] = {
            "chain": chain,
            "type": kind or ("datetime" if chain != "date" else "date"),
            "offset": 0,
        }
    return {
        "type": "ODOO",
        "id": pid,
        "formulaId": pid,
        "name": name,
        "model": model,
        "domain": domain,
        "context": {},
        "measures": [{"id": measure, "fieldName": measure} for measure in measures],
        "rows": [{"fieldName": row} for row in rows],
        "columns": [],
        "sortedColumn": None,
        "fieldMatching": matching,
    }


def build():
    cells = {
        "A1": '=_t("CRM TR: key figures")',
        "A2": '=_t("Period and company: the filters above. Customers, pipeline, cases, contracts and points: today.")',
        "A3": '=_t("Key figure")',
        "B3": '=_t("Value")',
    }
    styles = {"A1": 1, "A3": 2, "B3": 2}
    formats = {}
    for index, (label, formula, number_format) in enumerate(KPIS, start=4):
        cells[f"A{index}"] = f'=_t("{label}")'
        cells[f"B{index}"] = formula
        formats[f"B{index}"] = 1 if number_format == MONEY else 2
    start = 4 + len(KPIS) + 1
    cells[f"A{start}"] = '=_t("Service contracts expiring first")'
    styles[f"A{start}"] = 1
    header = start + 1
    for column, field in zip("ABC", ("partner_id", "name", "date_end"), strict=True):
        cells[f"{column}{header}"] = f'=ODOO.LIST.HEADER(1,"{field}")'
        styles[f"{column}{header}"] = 2
        for row in range(1, EXPIRING_ROWS + 1):
            cells[f"{column}{header + row}"] = f'=ODOO.LIST(1,{row},"{field}")'
    data = {
        "version": "18.5.10",
        "sheets": [
            {
                "id": SHEET,
                "name": "Dashboard",
                "colNumber": 4,
                "rowNumber": header + EXPIRING_ROWS + 2,
                "rows": {},
                "cols": {"0": {"size": 330}, "1": {"size": 220}, "2": {"size": 140}, "3": {"size": 60}},
                "merges": [],
                "cells": cells,
                "styles": styles,
                "formats": formats,
                "borders": {},
                "conditionalFormats": [],
                "dataValidationRules": [],
                "figures": [],
                "tables": [],
                "areGridLinesVisible": False,
                "isVisible": True,
                "headerGroups": {"ROW": [], "COL": []},
                "comments": {},
            }
        ],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
            "2": {"bold": True, "fontSize": 11, "textColor": "#434343"},
        },
        "formats": {"1": MONEY, "2": COUNT},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 1,
            }
        },
        "pivots": {spec[0]: pivot(spec) for spec in PIVOTS},
        "pivotNextId": len(PIVOTS) + 1,
        "customTableStyles": {},
        "globalFilters": [
            {"id": PERIOD_FILTER, "type": "date", "label": "Period", "defaultValue": "this_month"},
            {
                "id": COMPANY_FILTER,
                "type": "relation",
                "label": "Company",
                "modelName": "res.company",
                "defaultValueDisplayNames": [],
            },
        ],
        "lists": {
            "1": {
                "id": "1",
                "name": "Contracts expiring first",
                "model": "crm_tr.service.contract",
                "columns": ["partner_id", "name", "date_end"],
                "domain": [["state", "=", "active"]],
                "context": {},
                "orderBy": [{"name": "date_end", "asc": True}],
                "fieldMatching": {COMPANY_FILTER: {"chain": "company_id", "type": "many2one"}},
            }
        },
        "listNextId": 2,
        "chartOdooMenusReferences": {},
    }
    TARGET.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    build()
