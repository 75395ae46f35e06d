"""Benchmark data: a copy of a database filled with three years of a Turkish company's sales.

    python3 tests/bench/benchdata.py -c ODOO_CONF --source crm_tr_h5 --target crm_tr_bench
                                     [--scale 0.01] [--seed 20261202]
                                     [--company ID] [--second-company ID]

The source must have the suite installed (crm_tr_sales and the rest) and nobody connected to
it. The target is DROPPED, copied from the source (CREATE DATABASE ... TEMPLATE) and filled;
it is kept for the benchmarks that run on it. At --scale 1 the main company (the admin
user's, unless --company) gets:

- 10 sales reps (users with an employee, an hourly cost and a vehicle), two sales teams;
- 20,000 customers (commercial partners, 30% companies with 1 to 3 contacts, Turkish names,
  provinces weighted to the big cities, 1% archived, a salesperson each, a few hundred
  referral chains) with a Pareto-like size: few customers buy most;
- 500 products in 8 categories (sold by both companies, with a cost in both);
- 200,000 posted customer invoices (5% credit notes) over the last three years with about
  1,000,000 product lines, a 20% VAT line and one receivable line each; about a third of
  the invoices are regular re-purchases (a customer buying one product every 30, 60 or 90
  days, give or take a few days), the rest are drawn by customer size;
- 30,000 opportunities (30% won, 30% lost, archived with a reason, the rest open);
- 40,000 quotations and orders (1 to 4 lines, with the cost for the margin), half of them
  from opportunities;
- 50,000 visits (one rep each, in his vehicle, never overlapping: past ones done with their
  actual times and costs, future ones planned), with their bookings and labour lines;
- 100,000 done calls and meetings in the chatter of customers and opportunities.

The second company (--second-company; by default crm_tr_sms's Ankara company when it is
there) gets a few hundred of each, so that company filters have something to filter.

Rows are written set-wise with INSERT ... SELECT FROM generate_series (raw SQL on purpose:
the ORM would take hours for a million invoice lines), deterministic for a given seed: each
random draw is an md5 hash of the seed, the row's key and a salt. Users, employees,
vehicles, teams, categories and products go through the ORM (a few hundred records).
Afterwards the script reads generated records back through the ORM, posts one new invoice
(rolled back), and fails loudly if something does not add up. It prints the time per table,
the row counts, the total time and the database's size.

What is not generated: payments (every invoice is open, amount_residual = total), stock
moves and pickings of the orders, links between orders and invoices (the orders' invoiced
quantities are set as if invoiced), the invoices' PDF and mail followers.
"""

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta

import benchdb
from psycopg2 import sql

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

DAYS = 3 * 365  # the history generated, up to today
FULL = {  # main company at scale 1
    "customers": 20_000,
    "invoices": 200_000,
    "lines": 1_000_000,
    "opportunities": 30_000,
    "quotations": 40_000,
    "visits": 50_000,
    "activities": 100_000,
    "reps": 10,
}
SECOND = {  # the second company at scale 1: a few hundred rows each
    "customers": 300,
    "invoices": 600,
    "lines": 3_000,
    "opportunities": 300,
    "quotations": 300,
    "visits": 300,
    "activities": 600,
    "reps": 2,
}
MINIMUM = {"customers": 20, "invoices": 40, "lines": 200, "opportunities": 20, "quotations": 20}
N_PRODUCTS = 500
REFUND_SHARE = 0.05
REGULAR_SHARE = 0.3  # of the invoices: regular re-purchases of one product
TABLES = [
    "res_partner",
    "product_template",
    "product_product",
    "account_move",
    "account_move_line",
    "account_move_line_account_tax_rel",
    "crm_lead",
    "sale_order",
    "sale_order_line",
    "account_tax_sale_order_line_rel",
    "crm_tr_visit",
    "crm_tr_visit_hr_employee_rel",
    "crm_tr_visit_booking",
    "crm_tr_visit_labour",
    "mail_message",
]

FIRST_NAMES = [
    "Ahmet",
    "Mehmet",
    "Mustafa",
    "Ali",
    "Hüseyin",
    "Hasan",
    "İbrahim",
    "Murat",
    "Emre",
    "Burak",
    "Can",
    "Cem",
    "Deniz",
    "Elif",
    "Ayşe",
    "Fatma",
    "Zeynep",
    "Emine",
    "Hatice",
    "Merve",
    "Selin",
    "Derya",
    "Gökhan",
    "Serkan",
    "Oğuz",
    "Tolga",
    "Kemal",
    "Selim",
    "Özlem",
    "Gül",
    "Büşra",
    "Ebru",
    "Yasin",
    "Onur",
    "Barış",
    "Eda",
    "Pınar",
    "Sevgi",
    "Tuba",
    "Ufuk",
    "Şeyma",
    "İrem",
    "Çağlar",
    "Ümit",
    "Gizem",
    "Nur",
    "Hakan",
    "Volkan",
    "Sinan",
    "Esra",
]
LAST_NAMES = [
    "Yılmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Çelik",
    "Yıldız",
    "Yıldırım",
    "Öztürk",
    "Aydın",
    "Özdemir",
    "Arslan",
    "Doğan",
    "Kılıç",
    "Aslan",
    "Çetin",
    "Kara",
    "Koç",
    "Kurt",
    "Özkan",
    "Şimşek",
    "Polat",
    "Korkmaz",
    "Özer",
    "Erdem",
    "Güneş",
    "Aksoy",
    "Tekin",
    "Acar",
    "Bulut",
    "Keskin",
    "Ünal",
    "Avcı",
    "Uçar",
    "Bozkurt",
    "Çakır",
    "Erdoğan",
    "Karaca",
    "Turan",
    "Güler",
    "Işık",
    "Ateş",
    "Sarı",
    "Başaran",
    "Gündoğdu",
    "Tunç",
    "Özgür",
    "Akbulut",
    "Duman",
]
COMPANY_WORDS = [
    "Anadolu",
    "Marmara",
    "Ege",
    "Akdeniz",
    "Karadeniz",
    "Başkent",
    "Boğaziçi",
    "Toros",
    "Yıldız",
    "Doğu",
    "Güney",
    "Kuzey",
    "Atlas",
    "Zirve",
    "Akın",
    "Birlik",
    "Güven",
    "Tekno",
    "Mavi",
    "Yeşil",
    "Altın",
    "Kartal",
    "Çınar",
    "Ufuk",
    "Sistem",
    "Ekol",
    "Pera",
    "Galata",
    "Kapadokya",
    "Fırat",
    "Dicle",
    "Uludağ",
    "Erciyes",
    "Palandöken",
    "Kaçkar",
    "Asya",
    "Avrasya",
    "Lale",
    "Sedef",
    "Nil",
]
SECTORS = [
    "Tekstil",
    "İnşaat",
    "Gıda",
    "Otomotiv",
    "Turizm",
    "Lojistik",
    "Mobilya",
    "Plastik",
    "Kimya",
    "Enerji",
    "Makine",
    "Tarım",
    "Sağlık",
    "Eğitim",
    "Otelcilik",
    "Gıda Pazarlama",
    "Ambalaj",
    "Elektrik",
    "Metal",
    "Yapı",
]
SUFFIXES = ["A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş.", "Tic. Ltd. Şti."]
FUNCTIONS = ["Satın Alma Müdürü", "Genel Müdür", "Muhasebe", "Teknik Müdür", "İşletme Müdürü", "Satın Alma Uzmanı"]
# Share of the customers per province (plate code); the other provinces share what is left.
PROVINCE_WEIGHTS = {
    "34": 22,
    "06": 8,
    "35": 6,
    "16": 4,
    "07": 3.5,
    "41": 3,
    "42": 3,
    "01": 2.5,
    "27": 2.5,
    "33": 2,
    "38": 1.5,
    "55": 1.5,
    "26": 1.5,
    "21": 1.2,
    "61": 1.2,
}
OPPORTUNITY_TITLES = [
    "Klima yenileme projesi",
    "VRF sistem teklifi",
    "Yıllık bakım sözleşmesi",
    "Kombi değişimi",
    "Isı pompası projesi",
    "Ofis klimalandırma",
    "Havalandırma sistemi",
    "Yedek parça anlaşması",
    "Otel klima projesi",
    "Fabrika soğutma sistemi",
]
VISIT_PURPOSES = [
    "Müşteri ziyareti",
    "Teklif sunumu",
    "Keşif",
    "Tahsilat görüşmesi",
    "Yeni ürün tanıtımı",
    "Şikayet görüşmesi",
    "Sözleşme yenileme",
]
VISIT_OUTCOMES = [
    "<p>Görüşme olumlu geçti, teklif istendi.</p>",
    "<p>Müşteri bütçe onayını bekliyor.</p>",
    "<p>Yeni ürünler tanıtıldı, numune bırakıldı.</p>",
    "<p>Sipariş alındı.</p>",
    "<p>Şikayet dinlendi, servis kaydı açılacak.</p>",
]
ACTIVITY_NOTES = [
    "<p>Telefonla görüşüldü, fiyat listesi gönderilecek.</p>",
    "<p>Toplantı yapıldı, ihtiyaçlar konuşuldu.</p>",
    "<p>Teklif hakkında bilgi verildi.</p>",
    "<p>Ödeme planı konuşuldu.</p>",
    "<p>Bakım tarihi teyit edildi.</p>",
]
# Product families: category, kind (goods/service), names, price range, bought regularly.
FAMILIES = [
    ("Split Klima", "consu", ["Split Klima {n} BTU"], (18_000, 65_000), False),
    ("Salon Tipi Klima", "consu", ["Salon Tipi Klima {n} BTU", "Kaset Tipi Klima {n} BTU"], (45_000, 180_000), False),
    ("Kombi ve Kazan", "consu", ["Yoğuşmalı Kombi {n} kW", "Duvar Tipi Kazan {n} kW"], (25_000, 95_000), False),
    ("Isı Pompası", "consu", ["Isı Pompası {n} kW", "Hibrit Isı Pompası {n} kW"], (90_000, 320_000), False),
    ("Yedek Parça", "consu", ["Kompresör {n}", "Fan Motoru {n}", "Elektronik Kart {n}"], (900, 14_000), False),
    ("Sarf Malzeme", "consu", ["Klima Filtresi {n}", "R32 Gaz Tüpü {n} kg", "Bakır Boru {n} m"], (150, 3_500), True),
    ("Aksesuar", "consu", ["Uzaktan Kumanda {n}", "Duvar Askı Aparatı {n}", "Termostat {n}"], (250, 4_500), True),
    ("Servis Hizmetleri", "service", ["Periyodik Bakım {n}", "Montaj Hizmeti {n}", "Gaz Dolumu {n}"], (800, 6e3), True),
]
BRANDS = ["Arçelik", "Vestel", "Baymak", "Demirdöküm", "Daikin", "Mitsubishi", "Bosch", "Viessmann", "ECA", "Airfel"]


ARRAY_TYPES = {"varchar": SQL("varchar[]"), "int": SQL("int[]")}


def pick(values, key, salt, cast="varchar"):
    """SQL: one element of the list `values` drawn with pg_temp.rnd(key, salt); `key` is an SQL
    expression (the row's key), `cast` the elements' type (a key of ARRAY_TYPES)."""
    return SQL(
        "(%(values)s::%(type)s)[1 + floor(pg_temp.rnd(%(key)s, %(salt)s) * cardinality(%(values)s::%(type)s))::int]",
        values=list(values),
        type=ARRAY_TYPES[cast],
        key=key,
        salt=salt,
    )


def scaled(base, scale):
    counts = {key: max(round(value * scale), MINIMUM.get(key, 1)) for key, value in base.items()}
    counts["reps"] = base["reps"]
    counts["lines"] = max(counts["lines"], counts["invoices"])
    return counts


class Generator:
    def __init__(self, env, seed, scale, company, second_company):
        self.env = env
        self.cr = env.cr
        self.seed = seed
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = date.today()
        self.start = self.today - timedelta(days=DAYS)
        self.companies = [(company, scaled(FULL, scale))]
        if second_company:
            self.companies.append((second_company, scaled(SECOND, scale)))
        self.timings = {}

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def sql(self, label, query, params=None):
        """Run one set-wise statement, time it under `label` and return its row count."""
        started = time.monotonic()
        if isinstance(query, SQL):
            self.cr.execute(query)
        else:
            self.cr.execute(query, params or {})
        elapsed = time.monotonic() - started
        self.timings[label] = self.timings.get(label, 0.0) + elapsed
        return self.cr.rowcount

    def commit(self):
        self.cr.commit()
        self.env.invalidate_all()

    def setup_functions(self):
        # pg_temp.rnd(key, salt): a uniform draw in [0, 1) that depends only on the seed, the
        # row's key and the salt, so a run is the same whatever the plan PostgreSQL picks.
        # Only immutable operations (explicit ::text casts), so PostgreSQL inlines it: 3x faster.
        self.cr.execute(
            """
            CREATE OR REPLACE FUNCTION pg_temp.rnd(k bigint, salt integer) RETURNS double precision
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
            $$ SELECT ('x' || substr(md5(%(seed)s || ':' || k::text || ':' || salt::text), 1, 13))
                      ::bit(52)::bigint::float8 / 4503599627370496.0::float8 $$
            """,
            {"seed": str(self.seed)},
        )

    # ------------------------------------------------------------------
    # small things through the ORM
    # ------------------------------------------------------------------

    def make_products(self):
        """500 products in 8 categories, sold by every company, with a cost in each."""
        env = self.env
        started = time.monotonic()
        categories = env["product.category"].create([{"name": f"Bench {family[0]}"} for family in FAMILIES])
        taxes = env["account.tax"]
        for company, _counts in self.companies:
            taxes |= company.account_sale_tax_id
        values, costs = [], []
        for index in range(N_PRODUCTS):
            family_index = index % len(FAMILIES)
            _family, kind, names, (low, high), _regular = FAMILIES[family_index]
            brand = BRANDS[self.rng.randrange(len(BRANDS))]
            pattern = names[self.rng.randrange(len(names))]
            size = self.rng.choice([9000, 12000, 18000, 24000, 24, 28, 35, 1, 2, 3, 5, 10])
            price = round(self.rng.uniform(low, high), -1)
            costs.append(round(price * self.rng.uniform(0.55, 0.8), 2))
            values.append(
                {
                    "name": f"{brand} {pattern.format(n=size)}",
                    "default_code": f"BN-{index + 1:04d}",
                    "categ_id": categories[family_index].id,
                    "type": kind,
                    "list_price": price,
                    "sale_ok": True,
                    "purchase_ok": kind != "service",
                    "taxes_id": [Command.set(taxes.ids)],
                }
            )
        templates = env["product.template"].create(values)
        env.flush_all()
        products = templates.product_variant_id
        # standard_price is company-dependent (jsonb {company id: cost} on product_product).
        self.cr.execute(
            """
            UPDATE product_product p SET standard_price = c.cost
              FROM unnest(%(ids)s::int[], %(costs)s::numeric[]) AS c0(id, amount),
                   LATERAL (SELECT jsonb_object_agg(company::text, c0.amount) AS cost
                              FROM unnest(%(companies)s::int[]) company) c
             WHERE p.id = c0.id
            """,
            {"ids": products.ids, "costs": costs, "companies": [company.id for company, _c in self.companies]},
        )
        # Popularity follows the index (see the lines): shuffle so it is not by family.
        order = list(range(N_PRODUCTS))
        self.rng.shuffle(order)
        rows = []
        regular_index = 0
        for idx, position in enumerate(order, start=1):
            family_index = position % len(FAMILIES)
            regular = FAMILIES[family_index][4]
            regular_index += regular
            rows.append(
                (
                    idx,
                    products[position].id,
                    products[position].uom_id.id,
                    values[position]["list_price"],
                    costs[position],
                    f"[{values[position]['default_code']}] {values[position]['name']}",
                    values[position]["type"] == "service",
                    regular_index if regular else None,
                )
            )
        self.cr.execute(
            """
            CREATE TEMP TABLE bench_prod (idx int PRIMARY KEY, id int, uom_id int, price numeric, cost numeric,
                                          label varchar, is_service bool, reg_idx int)
            """
        )
        self.cr.execute(
            "INSERT INTO bench_prod SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::numeric[], "
            "%s::numeric[], %s::varchar[], %s::bool[], %s::int[])",
            [list(column) for column in zip(*rows, strict=True)],
        )
        self.cr.execute("CREATE UNIQUE INDEX ON bench_prod (reg_idx)")
        self.n_regular_products = regular_index
        self.timings["product (ORM)"] = time.monotonic() - started

    def make_reps(self, company, n_reps, tag):
        """Sales reps: a user (salesman), an employee with an hourly cost, a vehicle; two teams."""
        env = self.env
        salesman = env.ref("sales_team.group_sale_salesman")
        users = (
            env["res.users"]
            .with_context(no_reset_password=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "name": f"{FIRST_NAMES[(3 * i + tag) % len(FIRST_NAMES)]} "
                        f"{LAST_NAMES[(7 * i + tag) % len(LAST_NAMES)]}",
                        "login": f"bench.rep.{company.id}.{i + 1:02d}",
                        "email": f"bench.rep.{company.id}.{i + 1:02d}@example.com.tr",
                        "company_id": company.id,
                        "company_ids": [Command.set([company.id])],
                        "group_ids": [Command.link(salesman.id)],
                        "lang": "tr_TR" if env["res.lang"]._lang_get("tr_TR") else "en_US",
                        "tz": "Europe/Istanbul",
                    }
                    for i in range(n_reps)
                ]
            )
        )
        employees = env["hr.employee"].create(
            [
                {
                    "name": user.name,
                    "user_id": user.id,
                    "company_id": company.id,
                    "hourly_cost": 350 + 25 * (i % 6),
                    "tz": "Europe/Istanbul",
                }
                for i, user in enumerate(users)
            ]
        )
        model = env["fleet.vehicle.model"].search([], limit=1)
        vehicles = env["fleet.vehicle"]
        if model:
            vehicles = env["fleet.vehicle"].create(
                [
                    {
                        "model_id": model.id,
                        "license_plate": f"34 BN {company.id}{i + 1:03d}",
                        "company_id": company.id,
                        "driver_id": user.partner_id.id,
                        "crm_tr_cost_method": "fixed",
                        "crm_tr_fixed_per_km": 6.5 + 0.25 * (i % 4),
                    }
                    for i, user in enumerate(users)
                ]
            )
        half = max(1, n_reps // 2)
        teams = env["crm.team"].create(
            [
                {
                    "name": f"Bench {name} ({company.name})",
                    "company_id": company.id,
                    "user_id": members[0].id,
                    "member_ids": [Command.set(members.ids)],
                }
                for name, members in (("Satış 1", users[:half]), ("Satış 2", users[half:] or users[:half]))
            ]
        )
        env.flush_all()
        rows = []
        for i, (user, employee) in enumerate(zip(users, employees, strict=True)):
            vehicle = vehicles[i] if vehicles else None
            per_km = vehicle.with_company(company).crm_tr_cost_per_km if vehicle else 0.0
            team = teams[0] if i < half else teams[-1]
            vehicle_id = vehicle.id if vehicle else None
            rows.append(
                (i + 1, user.id, user.partner_id.id, employee.id, employee.hourly_cost, team.id, vehicle_id, per_km)
            )
        self.cr.execute("DROP TABLE IF EXISTS bench_rep")
        self.cr.execute(
            "CREATE TEMP TABLE bench_rep (idx int PRIMARY KEY, user_id int, partner_id int, employee_id int, "
            "hourly_cost numeric, team_id int, vehicle_id int, per_km numeric)"
        )
        self.cr.execute(
            "INSERT INTO bench_rep SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[], "
            "%s::numeric[], %s::int[], %s::int[], %s::numeric[])",
            [list(column) for column in zip(*rows, strict=True)],
        )
        return len(rows)

    # ------------------------------------------------------------------
    # one company's volume, set-wise
    # ------------------------------------------------------------------

    def generate_company(self, company, counts, tag):
        env = self.env
        started = time.monotonic()
        n_reps = self.make_reps(company, counts["reps"], tag)
        self.timings["users, employees, vehicles, teams (ORM)"] = self.timings.get(
            "users, employees, vehicles, teams (ORM)", 0.0
        ) + (time.monotonic() - started)
        journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], order="sequence, id", limit=1
        )
        tax = company.account_sale_tax_id
        if not journal or not tax or not journal.default_account_id:
            raise SystemExit(f"{company.name}: needs a sales journal with an income account and a default sales tax")
        receivable = env["res.partner"].with_company(company).new({}).property_account_receivable_id
        tax_line = {
            document: tax.repartition_line_ids.filtered(
                lambda line, document=document: line.document_type == document and line.repartition_type == "tax"
            )[:1]
            for document in ("invoice", "refund")
        }
        pricelist = env["product.pricelist"].search(
            [("company_id", "in", (company.id, False)), ("currency_id", "=", company.currency_id.id)], limit=1
        )
        p = {
            "company": company.id,
            "tag": tag * 1_000_000_000,  # salts the keys so each company draws differently
            "currency": company.currency_id.id,
            "start": self.start,
            "today": self.today,
            "days": DAYS,
            "n_reps": n_reps,
            "uid": self.env.uid,
            "tr": env.ref("base.tr").id,
            "lang": "tr_TR" if env["res.lang"]._lang_get("tr_TR") else "en_US",
            "journal": journal.id,
            "income": journal.default_account_id.id,
            "receivable": receivable.id,
            "tax": tax.id,
            "tax_rate": tax.amount / 100.0,
            "tax_group": tax.tax_group_id.id,
            "tax_name": tax.name,
            "tax_rep_invoice": tax_line["invoice"].id,
            "tax_rep_refund": tax_line["refund"].id,
            "tax_account_invoice": tax_line["invoice"].account_id.id,
            "tax_account_refund": tax_line["refund"].account_id.id,
            "pricelist": pricelist.id or None,
            "n_products": N_PRODUCTS,
            "n_regular_products": self.n_regular_products,
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "words": COMPANY_WORDS,
            "sectors": SECTORS,
            "suffixes": SUFFIXES,
            "functions": FUNCTIONS,
            **{f"n_{key}": value for key, value in counts.items()},
        }
        self.customers(p)
        self.invoices(p, journal)
        self.opportunities(p)
        self.quotations(p)
        self.visits(p)
        self.activities(p)

    def customers(self, p):
        cr = self.cr
        # Provinces, weighted to the big cities: a cumulative table the draws look up.
        cr.execute(
            "SELECT id, code, name FROM res_country_state WHERE country_id = %(tr)s ORDER BY code", {"tr": p["tr"]}
        )
        states = cr.fetchall()
        weights = [PROVINCE_WEIGHTS.get(code, 0.5) for _id, code, _name in states]
        total, cumulative = sum(weights), 0.0
        rows = []
        for (state_id, _code, name), weight in zip(states, weights, strict=True):
            cumulative += weight / total
            rows.append((state_id, name, cumulative))
        rows[-1] = (*rows[-1][:2], 1.0)
        cr.execute("DROP TABLE IF EXISTS bench_state")
        cr.execute("CREATE TEMP TABLE bench_state (state_id int, name varchar, hi float8)")
        cr.execute(
            "INSERT INTO bench_state SELECT * FROM unnest(%s::int[], %s::varchar[], %s::float8[])",
            [list(column) for column in zip(*rows, strict=True)],
        )
        cr.execute("CREATE INDEX ON bench_state (hi)")
        # The customers: their id from the sequence, a size (Pareto, alpha 1.6, capped), a rep.
        cr.execute("DROP TABLE IF EXISTS bench_cust")
        self.sql(
            "res_partner (customers)",
            """
            CREATE TEMP TABLE bench_cust AS
            SELECT g AS idx, nextval('res_partner_id_seq')::int AS id,
                   pg_temp.rnd(%(tag)s + g, 1) < 0.3 AS is_company,
                   least(power(1 - pg_temp.rnd(%(tag)s + g, 2) * 0.9995, -1 / 1.6), 200.0) AS weight,
                   1 + floor(pg_temp.rnd(%(tag)s + g, 3) * %(n_reps)s)::int AS rep_idx,
                   (SELECT s.state_id FROM bench_state s WHERE s.hi >= pg_temp.rnd(%(tag)s + g, 4)
                     ORDER BY s.hi LIMIT 1) AS state_id,
                   pg_temp.rnd(%(tag)s + g, 5) >= 0.01 AS active
              FROM generate_series(1, %(n_customers)s) g
            """,
            p,
        )
        key = SQL("%s + c.idx", p["tag"])
        cr.execute(
            SQL(
                """
            ALTER TABLE bench_cust ADD COLUMN name varchar, ADD COLUMN whi float8, ADD COLUMN qty_factor float8;
            UPDATE bench_cust c SET
                   name = CASE WHEN c.is_company THEN
                          %(words)s || ' ' || %(sectors)s
                          || ' ' || %(suffixes)s
                          ELSE %(first)s || ' ' || %(last)s
                          END,
                   whi = w.cum / w.total,
                   qty_factor = 1 + ln(c.weight)
              FROM (SELECT idx, sum(weight) OVER (ORDER BY idx) AS cum, sum(weight) OVER () AS total
                      FROM bench_cust) w
             WHERE w.idx = c.idx;
            CREATE UNIQUE INDEX ON bench_cust (idx);
            CREATE INDEX ON bench_cust (whi);
            ANALYZE bench_cust;
                """,
                words=pick(p["words"], key, 6),
                sectors=pick(p["sectors"], key, 7),
                suffixes=pick(p["suffixes"], key, 8),
                first=pick(p["first"], key, 6),
                last=pick(p["last"], key, 7),
            )
        )
        self.sql(
            "res_partner (customers)",
            """
            INSERT INTO res_partner (id, name, complete_name, commercial_company_name, is_company, type, active,
                   company_id, lang, tz, country_id, state_id, city, user_id, customer_rank, supplier_rank,
                   commercial_partner_id, partner_share, employee, autopost_bills, email, email_normalized, phone,
                   phone_sanitized, street, create_date, write_date, create_uid, write_uid)
            SELECT c.id, c.name, c.name, CASE WHEN c.is_company THEN c.name END, c.is_company, 'contact', c.active,
                   %(company)s, %(lang)s, 'Europe/Istanbul', %(tr)s, c.state_id, s.name, r.user_id, 1, 0,
                   c.id, true, false, 'ask',
                   'musteri' || c.id || '@example.com.tr', 'musteri' || c.id || '@example.com.tr',
                   '+90 5' || lpad((c.id %% 1000000000)::text, 9, '0'),
                   '+905' || lpad((c.id %% 1000000000)::text, 9, '0'),
                   'Atatürk Cad. No:' || (1 + c.idx %% 200),
                   %(start)s::timestamp - make_interval(days => (pg_temp.rnd(%(tag)s + c.idx, 9) * 365)::int),
                   now(), %(uid)s, %(uid)s
              FROM bench_cust c
              JOIN bench_rep r ON r.idx = c.rep_idx
              LEFT JOIN bench_state s ON s.state_id = c.state_id
            """,
            p,
        )
        key = SQL("%s + c.idx * 4 + k", p["tag"])
        self.sql(
            "res_partner (contacts)",
            SQL(
                """
            INSERT INTO res_partner (name, complete_name, commercial_company_name, is_company, type, active,
                   parent_id, company_id, lang, tz, country_id, state_id, city, user_id, customer_rank, supplier_rank,
                   commercial_partner_id, partner_share, employee, autopost_bills, function, email, email_normalized,
                   create_date, write_date, create_uid, write_uid)
            SELECT n.name, c.name || ', ' || n.name, c.name, false, 'contact', c.active,
                   c.id, %(company)s, %(lang)s, 'Europe/Istanbul', %(tr)s, c.state_id, s.name, r.user_id, 0, 0,
                   c.id, true, false, 'ask',
                   %(pick_function)s,
                   'kisi' || c.id || '.' || k || '@example.com.tr', 'kisi' || c.id || '.' || k || '@example.com.tr',
                   %(start)s::timestamp, now(), %(uid)s, %(uid)s
              FROM bench_cust c
              JOIN bench_rep r ON r.idx = c.rep_idx
              LEFT JOIN bench_state s ON s.state_id = c.state_id
             CROSS JOIN LATERAL generate_series(1, 1 + floor(pg_temp.rnd(%(tag)s + c.idx, 10) * 3)::int) k
             CROSS JOIN LATERAL (SELECT
                   %(pick_first)s || ' ' || %(pick_last)s AS name) n
             WHERE c.is_company
                """,
                **p,
                pick_function=pick(p["functions"], key, 12),
                pick_first=pick(p["first"], key, 11),
                pick_last=pick(p["last"], key, 13),
            ),
        )
        # Referrals: about 1.5% of the customers were referred by a customer of a lower index
        # (so no circle), a third of them by the previous referred one: chains.
        self.sql(
            "res_partner (referrals)",
            """
            UPDATE res_partner p SET crm_tr_referred_by_id = x.referrer
              FROM (SELECT c.id, c.idx,
                           CASE WHEN pg_temp.rnd(%(tag)s + c.idx, 15) < 0.35
                                     AND lag(c.id) OVER (ORDER BY c.idx) IS NOT NULL
                                THEN lag(c.id) OVER (ORDER BY c.idx)
                                ELSE (SELECT r.id FROM bench_cust r
                                       WHERE r.idx = 1 + floor(pg_temp.rnd(%(tag)s + c.idx, 16) * (c.idx - 1))::int)
                           END AS referrer
                      FROM bench_cust c
                     WHERE c.idx > 1 AND pg_temp.rnd(%(tag)s + c.idx, 14) < 0.015) x
             WHERE p.id = x.id
            """,
            p,
        )
        self.commit()

    def invoices(self, p, journal):
        cr = self.cr
        # Regular re-purchases: (customer, product) pairs bought every 30, 60 or 90 days,
        # give or take 4 days, from a random phase; big customers get more pairs.
        avg_events = DAYS / 60.0
        p["n_pairs"] = max(1, int(p["n_invoices"] * REGULAR_SHARE / avg_events))
        cr.execute("DROP TABLE IF EXISTS bench_pair, bench_inv, bench_line")
        self.sql(
            "account_move (plan)",
            """
            CREATE TEMP TABLE bench_pair AS
            SELECT g AS pair,
                   (SELECT c.idx FROM bench_cust c WHERE c.whi >= pg_temp.rnd(%(tag)s + g, 20)
                     ORDER BY c.whi LIMIT 1) AS cust_idx,
                   (SELECT b.idx FROM bench_prod b
                     WHERE b.reg_idx = 1 + floor(pg_temp.rnd(%(tag)s + g, 21) * %(n_regular_products)s)::int)
                       AS prod_idx,
                   (ARRAY[30, 60, 90])[1 + floor(pg_temp.rnd(%(tag)s + g, 22) * 3)::int] AS period
              FROM generate_series(1, %(n_pairs)s) g
            """,
            p,
        )
        self.sql(
            "account_move (plan)",
            """
            CREATE TEMP TABLE bench_inv AS
            WITH events AS (
                SELECT e.cust_idx, e.prod_idx, e.day, 'out_invoice'::varchar AS move_type
                  FROM (SELECT pr.cust_idx, pr.prod_idx,
                               floor(pg_temp.rnd(%(tag)s + pr.pair, 23) * pr.period)::int + k * pr.period
                                 + floor(pg_temp.rnd(%(tag)s + pr.pair * 64 + k, 24) * 9)::int - 4 AS day
                          FROM bench_pair pr
                         CROSS JOIN LATERAL generate_series(0, %(days)s / pr.period) k) e
                 WHERE e.day BETWEEN 0 AND %(days)s - 1
            ), regular AS (SELECT count(*) AS n FROM events
            ), others AS (
                SELECT (SELECT c.idx FROM bench_cust c WHERE c.whi >= pg_temp.rnd(%(tag)s + g, 25)
                         ORDER BY c.whi LIMIT 1) AS cust_idx,
                       NULL::int AS prod_idx,
                       floor(pg_temp.rnd(%(tag)s + g, 26) * %(days)s)::int AS day,
                       CASE WHEN pg_temp.rnd(%(tag)s + g, 27) < %(refund_share)s THEN 'out_refund'
                            ELSE 'out_invoice' END::varchar AS move_type
                  FROM regular, generate_series(1, greatest(%(n_invoices)s - regular.n, 0)) g
            )
            SELECT nextval('account_move_id_seq')::int AS id, x.*,
                   (%(start)s::date + x.day) AS date
              FROM (SELECT * FROM events UNION ALL SELECT * FROM others) x
            """,
            {**p, "refund_share": REFUND_SHARE / (1 - REGULAR_SHARE)},
        )
        # Lines per invoice: 1 to 10 (mean about 5.2) on invoices, 1 or 2 on credit notes,
        # scaled so that the total is about the lines asked for.
        cr.execute("SELECT count(*) FROM bench_inv")
        n_inv = cr.fetchone()[0]
        p["line_span"] = max(1.0, 2 * p["n_lines"] / max(n_inv, 1) - 0.65)
        self.sql(
            "account_move (plan)",
            """
            ALTER TABLE bench_inv ADD COLUMN n_lines int, ADD COLUMN sign int, ADD COLUMN partner_id int,
                  ADD COLUMN partner_name varchar, ADD COLUMN user_id int, ADD COLUMN team_id int,
                  ADD COLUMN qty_factor float8, ADD COLUMN name varchar, ADD COLUMN prefix varchar,
                  ADD COLUMN number int;
            UPDATE bench_inv i SET
                   n_lines = 1 + floor(pg_temp.rnd(%(tag)s + i.id, 30)
                                       * CASE WHEN i.move_type = 'out_refund' THEN 2 ELSE %(line_span)s END)::int,
                   sign = CASE WHEN i.move_type = 'out_refund' THEN 1 ELSE -1 END,
                   partner_id = c.id, partner_name = c.name, user_id = r.user_id, team_id = r.team_id,
                   qty_factor = c.qty_factor
              FROM bench_cust c JOIN bench_rep r ON r.idx = c.rep_idx
             WHERE c.idx = i.cust_idx
            """,
            p,
        )
        # Names: Odoo's sequence (sequence.mixin) per journal, year and type, after what the
        # source already has, in date order.
        cr.execute("SELECT DISTINCT move_type, extract(year FROM date)::int FROM bench_inv")
        prefixes = []
        Move = self.env["account.move"]
        for move_type, year in cr.fetchall():
            starting = Move.new(
                {"journal_id": journal.id, "move_type": move_type, "date": date(year, 6, 1)}
            )._get_starting_sequence()
            prefix = starting.rsplit("/", 1)[0] + "/"
            cr.execute(
                "SELECT coalesce(max(sequence_number), 0) FROM account_move "
                "WHERE journal_id = %s AND sequence_prefix = %s",
                [journal.id, prefix],
            )
            prefixes.append((move_type, year, prefix, cr.fetchone()[0], len(starting) - len(prefix)))
        cr.execute("DROP TABLE IF EXISTS bench_prefix")
        cr.execute(
            "CREATE TEMP TABLE bench_prefix (move_type varchar, year int, prefix varchar, last int, padding int)"
        )
        cr.execute(
            "INSERT INTO bench_prefix "
            "SELECT * FROM unnest(%s::varchar[], %s::int[], %s::varchar[], %s::int[], %s::int[])",
            [list(column) for column in zip(*prefixes, strict=True)],
        )
        self.sql(
            "account_move (plan)",
            """
            UPDATE bench_inv i SET prefix = x.prefix, number = x.number,
                   name = x.prefix || lpad(x.number::text, greatest(x.padding, length(x.number::text)), '0')
              FROM (SELECT i2.id, f.prefix, f.padding,
                           f.last + row_number() OVER (PARTITION BY i2.move_type, extract(year FROM i2.date)
                                                       ORDER BY i2.date, i2.id) AS number
                      FROM bench_inv i2
                      JOIN bench_prefix f ON f.move_type = i2.move_type AND f.year = extract(year FROM i2.date)) x
             WHERE x.id = i.id;
            CREATE UNIQUE INDEX ON bench_inv (id);
            ANALYZE bench_inv;
            """,
            p,
        )
        # The product lines: the regular product first on a re-purchase, then products drawn
        # by popularity (a few products sell most); quantities grow with the customer's size.
        self.sql(
            "account_move_line (plan)",
            """
            CREATE TEMP TABLE bench_line AS
            SELECT nextval('account_move_line_id_seq')::int AS id, x.move_id, x.seq, x.sign, b.id AS product_id,
                   b.uom_id, b.label, b.price, x.qty,
                   x.discount,
                   round(x.qty * b.price * (1 - x.discount / 100.0), 2) AS subtotal,
                   round(-x.sign * x.qty * b.cost * (0.95 + pg_temp.rnd(%(tag)s + x.key, 34) * 0.1)::numeric, 2) AS cost
              FROM (SELECT i.id AS move_id, s AS seq, i.sign, i.id::bigint * 16 + s AS key,
                           CASE WHEN s = 1 AND i.prod_idx IS NOT NULL THEN i.prod_idx
                                ELSE 1 + floor(power(pg_temp.rnd(%(tag)s + i.id::bigint * 16 + s, 31), 2)
                                               * %(n_products)s)::int END AS prod_idx,
                           CASE WHEN i.move_type = 'out_refund' THEN 1
                                ELSE 1 + floor(power(pg_temp.rnd(%(tag)s + i.id::bigint * 16 + s, 32), 3)
                                               * 4 * i.qty_factor)::int END AS qty,
                           CASE WHEN pg_temp.rnd(%(tag)s + i.id::bigint * 16 + s, 33) < 0.1 THEN 10
                                WHEN pg_temp.rnd(%(tag)s + i.id::bigint * 16 + s, 33) < 0.25 THEN 5
                                ELSE 0 END AS discount
                      FROM bench_inv i CROSS JOIN LATERAL generate_series(1, i.n_lines) s) x
              JOIN bench_prod b ON b.idx = x.prod_idx
            """,
            p,
        )
        cr.execute(
            """
            ALTER TABLE bench_line ADD COLUMN tax numeric;
            UPDATE bench_line SET tax = round(subtotal * %(tax_rate)s, 2);
            CREATE INDEX ON bench_line (move_id);
            DROP TABLE IF EXISTS bench_total;
            CREATE TEMP TABLE bench_total AS
            SELECT move_id, sum(subtotal) AS untaxed, sum(tax) AS tax, sum(cost) AS cost
              FROM bench_line GROUP BY move_id;
            CREATE UNIQUE INDEX ON bench_total (move_id);
            ANALYZE bench_line; ANALYZE bench_total;
            """,
            p,
        )
        self.sql(
            "account_move",
            """
            INSERT INTO account_move (id, name, sequence_prefix, sequence_number, journal_id, company_id, currency_id,
                   partner_id, commercial_partner_id, partner_shipping_id, invoice_user_id, team_id, state, move_type,
                   auto_post, payment_reference, payment_state, invoice_partner_display_name, date, invoice_date,
                   invoice_date_due, invoice_currency_rate, amount_untaxed, amount_tax, amount_total, amount_residual,
                   amount_untaxed_signed, amount_untaxed_in_currency_signed, amount_tax_signed, amount_total_signed,
                   amount_total_in_currency_signed, amount_residual_signed, always_tax_exigible, checked,
                   posted_before, made_sequence_gap, is_manually_modified, is_move_sent, crm_tr_revenue, crm_tr_cost,
                   create_date, write_date, create_uid, write_uid)
            SELECT i.id, i.name, i.prefix, i.number, %(journal)s, %(company)s, %(currency)s,
                   i.partner_id, i.partner_id, i.partner_id, i.user_id, i.team_id, 'posted', i.move_type,
                   'no', i.name, 'not_paid', i.partner_name, i.date, i.date,
                   i.date + 30, 1.0, t.untaxed, t.tax, t.untaxed + t.tax, t.untaxed + t.tax,
                   -i.sign * t.untaxed, -i.sign * t.untaxed, -i.sign * t.tax, -i.sign * (t.untaxed + t.tax),
                   -i.sign * (t.untaxed + t.tax), -i.sign * (t.untaxed + t.tax), false, true,
                   true, false, false, false, -i.sign * t.untaxed, t.cost,
                   i.date + time '09:00', i.date + time '09:00', i.user_id, i.user_id
              FROM bench_inv i JOIN bench_total t ON t.move_id = i.id
            """,
            p,
        )
        common = SQL(
            """journal_id, company_id, company_currency_id, currency_id, partner_id, move_name,
                    parent_state, date, invoice_date, is_storno, reconciled, no_followup, deductible_amount,
                    create_date, write_date, create_uid, write_uid"""
        )
        common_values = SQL(
            """%(journal)s, %(company)s, %(currency)s, %(currency)s, i.partner_id, i.name,
                    'posted', i.date, i.date, false, false, false, 100,
                    i.date + time '09:00', i.date + time '09:00', i.user_id, i.user_id""",
            **p,
        )
        self.sql(
            "account_move_line (products)",
            SQL(
                """
            INSERT INTO account_move_line (id, move_id, sequence, display_type, account_id, product_id, product_uom_id,
                   name, quantity, price_unit, discount, price_subtotal, price_total, balance, debit, credit,
                   amount_currency, amount_residual, amount_residual_currency, tax_base_amount, crm_tr_cost,
                   %(common_columns)s)
            SELECT l.id, l.move_id, 10 * l.seq, 'product', %(income)s, l.product_id, l.uom_id,
                   l.label, l.qty, l.price, l.discount, l.subtotal, l.subtotal + l.tax, l.sign * l.subtotal,
                   CASE WHEN l.sign > 0 THEN l.subtotal ELSE 0 END, CASE WHEN l.sign < 0 THEN l.subtotal ELSE 0 END,
                   l.sign * l.subtotal, 0, 0, 0, l.cost,
                   %(common_rows)s
              FROM bench_line l JOIN bench_inv i ON i.id = l.move_id
                """,
                **p,
                common_columns=common,
                common_rows=common_values,
            ),
        )
        self.sql(
            "account_move_line_account_tax_rel",
            "INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id) "
            "SELECT id, %(tax)s FROM bench_line",
            p,
        )
        self.sql(
            "account_move_line (taxes)",
            SQL(
                """
            INSERT INTO account_move_line (move_id, sequence, display_type, account_id, tax_line_id, tax_group_id,
                   tax_repartition_line_id, name, quantity, price_unit, discount, price_subtotal, price_total,
                   balance, debit, credit, amount_currency, amount_residual, amount_residual_currency, tax_base_amount,
                   %(common_columns)s)
            SELECT i.id, 10000, 'tax',
                   CASE WHEN i.sign < 0 THEN %(tax_account_invoice)s ELSE %(tax_account_refund)s END,
                   %(tax)s, %(tax_group)s,
                   CASE WHEN i.sign < 0 THEN %(tax_rep_invoice)s ELSE %(tax_rep_refund)s END,
                   %(tax_name)s, 0, 0, 0, 0, 0,
                   i.sign * t.tax, CASE WHEN i.sign > 0 THEN t.tax ELSE 0 END,
                   CASE WHEN i.sign < 0 THEN t.tax ELSE 0 END,
                   i.sign * t.tax, 0, 0, i.sign * t.untaxed,
                   %(common_rows)s
              FROM bench_inv i JOIN bench_total t ON t.move_id = i.id
             WHERE t.tax <> 0
                """,
                **p,
                common_columns=common,
                common_rows=common_values,
            ),
        )
        self.sql(
            "account_move_line (receivables)",
            SQL(
                """
            INSERT INTO account_move_line (move_id, sequence, display_type, account_id, name, date_maturity,
                   quantity, price_unit, discount, price_subtotal, price_total, balance, debit, credit,
                   amount_currency, amount_residual, amount_residual_currency, discount_amount_currency,
                   discount_balance, tax_base_amount, %(common_columns)s)
            SELECT i.id, 12000, 'payment_term', %(receivable)s, i.name, i.date + 30,
                   0, 0, 0, 0, 0, -i.sign * (t.untaxed + t.tax),
                   CASE WHEN i.sign < 0 THEN t.untaxed + t.tax ELSE 0 END,
                   CASE WHEN i.sign > 0 THEN t.untaxed + t.tax ELSE 0 END,
                   -i.sign * (t.untaxed + t.tax), -i.sign * (t.untaxed + t.tax), -i.sign * (t.untaxed + t.tax), 0,
                   0, 0, %(common_rows)s
              FROM bench_inv i JOIN bench_total t ON t.move_id = i.id
                """,
                **p,
                common_columns=common,
                common_rows=common_values,
            ),
        )
        self.commit()

    def opportunities(self, p):
        cr = self.cr
        cr.execute("SELECT id FROM crm_stage WHERE NOT coalesce(is_won, false) ORDER BY sequence, id LIMIT 3")
        p["open_stages"] = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT id FROM crm_stage WHERE is_won ORDER BY sequence, id LIMIT 1")
        p["won_stage"] = cr.fetchone()[0]
        cr.execute("SELECT id FROM crm_lost_reason WHERE active ORDER BY id")
        p["lost_reasons"] = [row[0] for row in cr.fetchall()] or [None]
        p["titles"] = OPPORTUNITY_TITLES
        cr.execute("DROP TABLE IF EXISTS bench_opp")
        # Outcome: 30% won, 30% lost, the rest open (created in the last year); closed after
        # 5 to 120 days, never in the future.
        self.sql(
            "crm_lead",
            """
            CREATE TEMP TABLE bench_opp AS
            SELECT g AS idx, nextval('crm_lead_id_seq')::int AS id, x.outcome,
                   (SELECT c.idx FROM bench_cust c WHERE c.whi >= pg_temp.rnd(%(tag)s + g, 40)
                     ORDER BY c.whi LIMIT 1) AS cust_idx,
                   %(start)s::timestamp + make_interval(
                       days => CASE WHEN x.outcome = 'pending'
                                    THEN %(days)s - 365 + floor(pg_temp.rnd(%(tag)s + g, 41) * 365)::int
                                    ELSE floor(pg_temp.rnd(%(tag)s + g, 41) * (%(days)s - 5))::int END,
                       mins => 480 + floor(pg_temp.rnd(%(tag)s + g, 42) * 600)::int) AS created,
                   5 + floor(pg_temp.rnd(%(tag)s + g, 43) * 115)::int AS close_days,
                   round((20000 * least(power(1 - pg_temp.rnd(%(tag)s + g, 44) * 0.999, -1 / 1.3), 100))::numeric, -3)
                       AS revenue,
                   1 + floor(pg_temp.rnd(%(tag)s + g, 45) * 3)::int AS stage_no
              FROM generate_series(1, %(n_opportunities)s) g
             CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.rnd(%(tag)s + g, 46) < 0.3 THEN 'won'
                                             WHEN pg_temp.rnd(%(tag)s + g, 46) < 0.6 THEN 'lost'
                                             ELSE 'pending' END::varchar AS outcome) x;
            CREATE UNIQUE INDEX ON bench_opp (idx);
            """,
            p,
        )
        self.sql(
            "crm_lead",
            """
            INSERT INTO crm_lead (id, name, type, active, partner_id, partner_name, email_from, email_normalized,
                   phone, user_id, team_id, company_id, stage_id, expected_revenue, prorated_revenue,
                   probability, automated_probability, won_status, lost_reason_id, priority, country_id, state_id,
                   city, color, date_open, date_conversion, date_closed, date_last_stage_update, day_open, day_close,
                   create_date, write_date, create_uid, write_uid)
            SELECT o.id, (%(titles)s::varchar[])[1 + o.idx %% cardinality(%(titles)s::varchar[])] || ' - ' || c.name,
                   'opportunity', o.outcome <> 'lost', c.id, CASE WHEN c.is_company THEN c.name END,
                   'musteri' || c.id || '@example.com.tr', 'musteri' || c.id || '@example.com.tr',
                   '+90 5' || lpad((c.id %% 1000000000)::text, 9, '0'), r.user_id, r.team_id, %(company)s,
                   CASE WHEN o.outcome = 'won' THEN %(won_stage)s ELSE (%(open_stages)s::int[])[o.stage_no] END,
                   o.revenue,
                   CASE o.outcome WHEN 'won' THEN o.revenue WHEN 'lost' THEN 0
                        ELSE o.revenue * 20 * o.stage_no / 100 END,
                   CASE o.outcome WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE 20 * o.stage_no END,
                   CASE o.outcome WHEN 'won' THEN 100 WHEN 'lost' THEN 0 ELSE 20 * o.stage_no END,
                   o.outcome,
                   CASE WHEN o.outcome = 'lost'
                        THEN (%(lost_reasons)s::int[])[1 + o.idx %% cardinality(%(lost_reasons)s::int[])] END,
                   (o.idx %% 3)::varchar, %(tr)s, c.state_id, s.name, 0,
                   o.created, o.created, x.closed, coalesce(x.closed, o.created), 0,
                   CASE WHEN x.closed IS NOT NULL THEN o.close_days END,
                   o.created, coalesce(x.closed, o.created), r.user_id, r.user_id
              FROM bench_opp o
              JOIN bench_cust c ON c.idx = o.cust_idx
              JOIN bench_rep r ON r.idx = c.rep_idx
              LEFT JOIN bench_state s ON s.state_id = c.state_id
             CROSS JOIN LATERAL (SELECT CASE WHEN o.outcome <> 'pending'
                                             THEN least(o.created + make_interval(days => o.close_days),
                                                        %(today)s::timestamp)
                                        END AS closed) x
            """,
            p,
        )
        self.commit()

    def quotations(self, p):
        cr = self.cr
        cr.execute(
            "SELECT id, code FROM ir_sequence WHERE code = 'sale.order' AND (company_id = %s OR company_id IS NULL) "
            "ORDER BY company_id NULLS LAST LIMIT 1",
            [p["company"]],
        )
        sequence = cr.fetchone()
        seq = self.env["ir.sequence"].browse(sequence[0])
        p["so_prefix"] = seq.prefix or "S"
        p["so_padding"] = seq.padding or 5
        p["so_seq"] = f"ir_sequence_{seq.id:03d}"
        if seq.implementation != "standard":
            raise SystemExit("sale.order's sequence must be 'standard' (a PostgreSQL sequence) here")
        cr.execute("DROP TABLE IF EXISTS bench_so")
        # Half the orders come from opportunities (won: confirmed, lost: cancelled, open:
        # draft or sent), the rest are drawn by customer size and dated at random.
        self.sql(
            "sale_order",
            """
            CREATE TEMP TABLE bench_so AS
            WITH src AS (
                SELECT o.id AS opportunity_id, o.cust_idx,
                       o.created + make_interval(days => floor(o.close_days * pg_temp.rnd(%(tag)s + o.idx, 50))::int)
                           AS date_order,
                       CASE o.outcome WHEN 'won' THEN 'sale' WHEN 'lost' THEN 'cancel'
                            ELSE (ARRAY['draft', 'sent'])[1 + (o.idx %% 2)] END::varchar AS state
                  FROM bench_opp o
                 WHERE o.idx <= %(n_quotations)s / 2
                UNION ALL
                SELECT NULL, (SELECT c.idx FROM bench_cust c WHERE c.whi >= pg_temp.rnd(%(tag)s + g, 51)
                               ORDER BY c.whi LIMIT 1),
                       %(start)s::timestamp
                           + make_interval(days => floor(pg_temp.rnd(%(tag)s + g, 52) * %(days)s)::int,
                                           mins => 480 + floor(pg_temp.rnd(%(tag)s + g, 53) * 600)::int),
                       CASE WHEN pg_temp.rnd(%(tag)s + g, 54) < 0.55 THEN 'sale'
                            WHEN pg_temp.rnd(%(tag)s + g, 54) < 0.75 THEN 'cancel'
                            WHEN pg_temp.rnd(%(tag)s + g, 54) < 0.88 THEN 'sent' ELSE 'draft' END::varchar
                  FROM generate_series(1, %(n_quotations)s - least(%(n_quotations)s / 2,
                                                                    (SELECT count(*) FROM bench_opp))) g
            )
            SELECT nextval('sale_order_id_seq')::int AS id, s.*,
                   1 + floor(pg_temp.rnd(%(tag)s + row_number() OVER (), 55) * 4)::int AS n_lines
              FROM (SELECT * FROM src ORDER BY date_order) s;
            CREATE UNIQUE INDEX ON bench_so (id);
            ALTER TABLE bench_so ADD COLUMN name varchar;
            UPDATE bench_so SET name = %(so_prefix)s || lpad(nextval(%(so_seq)s)::text, %(so_padding)s, '0')
             WHERE id IN (SELECT id FROM bench_so ORDER BY date_order, id);
            """,
            p,
        )
        cr.execute("DROP TABLE IF EXISTS bench_sol")
        self.sql(
            "sale_order_line",
            """
            CREATE TEMP TABLE bench_sol AS
            SELECT nextval('sale_order_line_id_seq')::int AS id, x.order_id, x.seq, x.state, b.id AS product_id,
                   b.uom_id, b.label, b.price, b.cost, b.is_service, x.qty,
                   round(x.qty * b.price, 2) AS subtotal, round(round(x.qty * b.price, 2) * %(tax_rate)s, 2) AS tax
              FROM (SELECT so.id AS order_id, s AS seq, so.state,
                           1 + floor(power(pg_temp.rnd(%(tag)s + so.id::bigint * 8 + s, 56), 2) * %(n_products)s)::int
                               AS prod_idx,
                           1 + floor(power(pg_temp.rnd(%(tag)s + so.id::bigint * 8 + s, 57), 3) * 6)::int AS qty
                      FROM bench_so so CROSS JOIN LATERAL generate_series(1, so.n_lines) s) x
              JOIN bench_prod b ON b.idx = x.prod_idx;
            CREATE INDEX ON bench_sol (order_id);
            """,
            p,
        )
        self.sql(
            "sale_order",
            """
            INSERT INTO sale_order (id, name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                   date_order, validity_date, state, pricelist_id, currency_id, currency_rate, user_id, team_id,
                   opportunity_id, picking_policy, amount_untaxed, amount_tax, amount_total, margin, margin_percent,
                   invoice_status, require_signature, require_payment, prepayment_percent, locked,
                   create_date, write_date, create_uid, write_uid)
            SELECT so.id, so.name, %(company)s, c.id, c.id, c.id,
                   so.date_order, (so.date_order + interval '30 days')::date, so.state, %(pricelist)s,
                   %(currency)s, 1.0,
                   r.user_id, r.team_id, so.opportunity_id, 'direct', t.untaxed, t.tax, t.untaxed + t.tax,
                   t.margin, CASE WHEN t.untaxed <> 0 THEN t.margin / t.untaxed END,
                   CASE WHEN so.state = 'sale' THEN 'invoiced' ELSE 'no' END, false, false, 1.0,
                   so.state = 'sale',
                   so.date_order, so.date_order, r.user_id, r.user_id
              FROM bench_so so
              JOIN bench_cust c ON c.idx = so.cust_idx
              JOIN bench_rep r ON r.idx = c.rep_idx
              JOIN (SELECT order_id, sum(subtotal) AS untaxed, sum(tax) AS tax, sum(subtotal - qty * cost) AS margin
                      FROM bench_sol GROUP BY order_id) t ON t.order_id = so.id
            """,
            p,
        )
        self.sql(
            "sale_order_line",
            """
            INSERT INTO sale_order_line (id, order_id, sequence, company_id, currency_id, order_partner_id, salesman_id,
                   product_id, product_uom_id, name, product_uom_qty, price_unit, technical_price_unit, discount,
                   price_subtotal, price_tax, price_total, price_reduce_taxexcl, price_reduce_taxinc, purchase_price,
                   margin, margin_percent, customer_lead, state, is_downpayment, is_expense, qty_delivered_method,
                   qty_delivered, qty_invoiced, qty_to_invoice, untaxed_amount_invoiced, untaxed_amount_to_invoice,
                   invoice_status, create_date, write_date, create_uid, write_uid)
            SELECT l.id, l.order_id, 10 * l.seq, %(company)s, %(currency)s, so.partner_id, so.user_id,
                   l.product_id, l.uom_id, l.label, l.qty, l.price, l.price, 0,
                   l.subtotal, l.tax, l.subtotal + l.tax, l.price, round((l.subtotal + l.tax) / l.qty, 2), l.cost,
                   l.subtotal - l.qty * l.cost,
                   CASE WHEN l.subtotal <> 0 THEN (l.subtotal - l.qty * l.cost) / l.subtotal END,
                   0, l.state, false, false, CASE WHEN l.is_service THEN 'manual' ELSE 'stock_move' END,
                   CASE WHEN l.state = 'sale' THEN l.qty ELSE 0 END,
                   CASE WHEN l.state = 'sale' THEN l.qty ELSE 0 END, 0,
                   CASE WHEN l.state = 'sale' THEN l.subtotal ELSE 0 END, 0,
                   CASE WHEN l.state = 'sale' THEN 'invoiced' ELSE 'no' END,
                   so.date_order, so.date_order, so.user_id, so.user_id
              FROM bench_sol l JOIN sale_order so ON so.id = l.order_id
            """,
            p,
        )
        self.sql(
            "account_tax_sale_order_line_rel",
            "INSERT INTO account_tax_sale_order_line_rel (sale_order_line_id, account_tax_id) "
            "SELECT id, %(tax)s FROM bench_sol",
            p,
        )
        self.commit()

    def visits(self, p):
        cr = self.cr
        seq = self.env["ir.sequence"].search([("code", "=", "crm_tr.visit")], limit=1)
        if seq.implementation != "standard" or seq.use_date_range:
            raise SystemExit("crm_tr.visit's sequence must be 'standard' without date ranges here")
        p["visit_seq"] = f"ir_sequence_{seq.id:03d}"
        p["visit_padding"] = seq.padding
        p["purposes"] = VISIT_PURPOSES
        p["outcomes"] = VISIT_OUTCOMES
        company = self.env["res.company"].browse(p["company"])
        p["overtime"] = company.crm_tr_overtime_multiplier or 1.0
        # Each rep's visits one after the other on weekdays from the first Monday of the
        # period to 30 days ahead, slot after slot (70 minutes apart from 09:00 Istanbul,
        # 06:00 UTC): one rep never has two visits at once, so the bookings never clash.
        first_monday = self.start + timedelta(days=(7 - self.start.weekday()) % 7)
        weekdays = ((self.today + timedelta(days=30) - first_monday).days * 5) // 7
        per_rep = -(-p["n_visits"] // p["n_reps"])
        p["slots"] = max(1, -(-per_rep // weekdays))
        # The k-th visit of a rep takes slot k × capacity / per_rep: spread over the whole period.
        p["capacity"] = weekdays * p["slots"]
        p["per_rep"] = per_rep
        p["monday"] = first_monday
        p["now"] = datetime.now().replace(microsecond=0)
        cr.execute("DROP TABLE IF EXISTS bench_visit")
        self.sql(
            "crm_tr_visit",
            """
            CREATE TEMP TABLE bench_visit AS
            SELECT x.*, nextval('crm_tr_visit_id_seq')::int AS id,
                   x.planned_start + make_interval(mins => x.minutes) AS planned_end,
                   CASE WHEN x.planned_start + make_interval(mins => x.minutes) > %(now)s THEN
                             CASE WHEN pg_temp.rnd(%(tag)s + x.g, 60) < 0.1 THEN 'to_schedule' ELSE 'planned' END
                        WHEN pg_temp.rnd(%(tag)s + x.g, 60) < 0.05 THEN 'cancelled'
                        ELSE 'done' END::varchar AS state
              FROM (SELECT g, 1 + (g - 1) %% %(n_reps)s AS rep_idx,
                           (SELECT c.idx FROM bench_cust c WHERE c.whi >= pg_temp.rnd(%(tag)s + g, 61)
                             ORDER BY c.whi LIMIT 1) AS cust_idx,
                           %(monday)s::timestamp
                               + make_interval(days => (z.slot / %(slots)s / 5 * 7 + z.slot / %(slots)s %% 5)::int,
                                               mins => 360 + 70 * (z.slot %% %(slots)s)::int)
                               AS planned_start,
                           (ARRAY[45, 60])[1 + floor(pg_temp.rnd(%(tag)s + g, 62) * 2)::int] AS minutes,
                           floor(pg_temp.rnd(%(tag)s + g, 63) * 15)::int AS late,
                           0.8 + pg_temp.rnd(%(tag)s + g, 64) * 0.5 AS stretch,
                           (5 + floor(pg_temp.rnd(%(tag)s + g, 65) * 60))::float8 AS km,
                           CASE WHEN pg_temp.rnd(%(tag)s + g, 66) < 0.3
                                THEN round((50 + pg_temp.rnd(%(tag)s + g, 67) * 450)::numeric, 2) ELSE 0 END AS expense
                      FROM generate_series(1, %(n_visits)s) g
                     CROSS JOIN LATERAL (SELECT ((g - 1) / %(n_reps)s)::bigint * %(capacity)s / %(per_rep)s
                                                AS slot) z) x;
            ALTER TABLE bench_visit ADD COLUMN actual_start timestamp, ADD COLUMN actual_end timestamp;
            UPDATE bench_visit SET actual_start = planned_start + make_interval(mins => late),
                                   actual_end = planned_start + make_interval(mins => late + (minutes * stretch)::int)
             WHERE state = 'done';
            UPDATE bench_visit SET expense = 0 WHERE state <> 'done';  -- known once the visit is done
            CREATE UNIQUE INDEX ON bench_visit (id);
            """,
            p,
        )
        self.sql(
            "crm_tr_visit",
            """
            INSERT INTO crm_tr_visit (id, name, visit_type, purpose, state, priority, partner_id, commercial_partner_id,
                   user_id, company_id, state_id, city, vehicle_id, planned_start, planned_end, estimated_hours,
                   planned_hours, actual_start, actual_end, actual_hours, distance_km, expense_amount, labour_cost,
                   cost_per_km, travel_cost, parts_cost, total_cost, allow_overtime, crm_tr_rating_sms_sent, outcome,
                   create_date, write_date, create_uid, write_uid)
            SELECT v.id,
                   'ZYR/' || extract(year FROM v.planned_start - interval '7 days')::int || '/'
                       || lpad(nextval(%(visit_seq)s)::text, %(visit_padding)s, '0'),
                   'sales', (%(purposes)s::varchar[])[1 + v.g %% cardinality(%(purposes)s::varchar[])], v.state, '0',
                   c.id, c.id, r.user_id, %(company)s, c.state_id, s.name, r.vehicle_id,
                   CASE WHEN v.state <> 'to_schedule' THEN v.planned_start END,
                   CASE WHEN v.state <> 'to_schedule' THEN v.planned_end END,
                   v.minutes / 60.0, CASE WHEN v.state <> 'to_schedule' THEN v.minutes / 60.0 ELSE 0 END,
                   v.actual_start, v.actual_end,
                   coalesce(extract(epoch FROM v.actual_end - v.actual_start) / 3600.0, 0),
                   CASE WHEN v.state = 'done' THEN v.km ELSE 0 END, v.expense,
                   k.labour, r.per_km, k.travel, 0, k.labour + k.travel + v.expense, false, false,
                   CASE WHEN v.state = 'done'
                        THEN (%(outcomes)s::varchar[])[1 + v.g %% cardinality(%(outcomes)s::varchar[])] END,
                   v.planned_start - interval '7 days', coalesce(v.actual_end, v.planned_start - interval '7 days'),
                   r.user_id, r.user_id
              FROM bench_visit v
              JOIN bench_cust c ON c.idx = v.cust_idx
              JOIN bench_rep r ON r.idx = v.rep_idx
              LEFT JOIN bench_state s ON s.state_id = c.state_id
             CROSS JOIN LATERAL (SELECT
                   CASE WHEN v.state = 'to_schedule' THEN 0
                        ELSE round(r.hourly_cost * coalesce(extract(epoch FROM v.actual_end - v.actual_start),
                                                            v.minutes * 60) / 3600.0, 2) END AS labour,
                   CASE WHEN v.state = 'done' THEN round((v.km * r.per_km)::numeric, 2) ELSE 0 END AS travel) k
            """,
            p,
        )
        self.sql(
            "crm_tr_visit_hr_employee_rel",
            """
            INSERT INTO crm_tr_visit_hr_employee_rel (crm_tr_visit_id, hr_employee_id)
            SELECT v.id, r.employee_id FROM bench_visit v JOIN bench_rep r ON r.idx = v.rep_idx
            """,
            p,
        )
        self.sql(
            "crm_tr_visit_labour",
            """
            INSERT INTO crm_tr_visit_labour (visit_id, company_id, employee_id, normal_hours, overtime_hours,
                   weekend_hours, hourly_cost, overtime_multiplier, weekend_multiplier, cost,
                   create_date, write_date, create_uid, write_uid)
            SELECT v.id, %(company)s, r.employee_id,
                   coalesce(extract(epoch FROM v.actual_end - v.actual_start), v.minutes * 60) / 3600.0, 0, 0,
                   r.hourly_cost, %(overtime)s, co.crm_tr_weekend_multiplier, cv.labour_cost,
                   cv.create_date, cv.write_date, r.user_id, r.user_id
              FROM bench_visit v
              JOIN bench_rep r ON r.idx = v.rep_idx
              JOIN crm_tr_visit cv ON cv.id = v.id
              JOIN res_company co ON co.id = %(company)s
             WHERE v.state <> 'to_schedule'
            """,
            p,
        )
        # Bookings as _crm_tr_sync_bookings writes them: the rep and the vehicle over the
        # planned time, blocking unless cancelled, none while waiting to be scheduled.
        self.sql(
            "crm_tr_visit_booking",
            """
            INSERT INTO crm_tr_visit_booking (visit_id, company_id, resource, start, stop, blocking,
                   create_date, write_date, create_uid, write_uid)
            SELECT v.id, %(company)s, res.resource, v.planned_start, v.planned_end, v.state <> 'cancelled',
                   v.planned_start - interval '7 days', v.planned_start - interval '7 days', r.user_id, r.user_id
              FROM bench_visit v
              JOIN bench_rep r ON r.idx = v.rep_idx
             CROSS JOIN LATERAL (VALUES ('hr.employee,' || r.employee_id),
                                        ('fleet.vehicle,' || r.vehicle_id)) res(resource)
             WHERE v.state <> 'to_schedule' AND res.resource IS NOT NULL
            """,
            p,
        )
        self.commit()

    def activities(self, p):
        cr = self.cr
        p["call"] = self.env.ref("mail.mail_activity_data_call").id
        p["meeting"] = self.env.ref("mail.mail_activity_data_meeting").id
        p["subtype"] = self.env.ref("mail.mt_activities").id
        p["notes"] = ACTIVITY_NOTES
        cr.execute("SELECT count(*) FROM bench_opp")
        p["n_opp_rows"] = cr.fetchone()[0]
        # Done calls (60%) and meetings as Odoo's action_feedback leaves them: a note in the
        # chatter with the activity type; 70% on customers, 30% on opportunities.
        self.sql(
            "mail_message",
            """
            INSERT INTO mail_message (model, res_id, record_company_id, message_type, subtype_id, mail_activity_type_id,
                   author_id, body, date, is_internal, create_date, write_date, create_uid, write_uid)
            SELECT CASE WHEN x.on_lead THEN 'crm.lead' ELSE 'res.partner' END,
                   CASE WHEN x.on_lead THEN o.id ELSE c.id END,
                   %(company)s, 'notification', %(subtype)s,
                   CASE WHEN pg_temp.rnd(%(tag)s + x.g, 71) < 0.6 THEN %(call)s ELSE %(meeting)s END,
                   r.partner_id, (%(notes)s::varchar[])[1 + x.g %% cardinality(%(notes)s::varchar[])],
                   x.at, false, x.at, x.at, r.user_id, r.user_id
              FROM (SELECT g, pg_temp.rnd(%(tag)s + g, 70) < 0.3 AS on_lead,
                           %(start)s::timestamp
                               + make_interval(days => floor(pg_temp.rnd(%(tag)s + g, 72) * %(days)s)::int,
                                               mins => 360 + floor(pg_temp.rnd(%(tag)s + g, 73) * 600)::int) AS at,
                           (SELECT c.idx FROM bench_cust c WHERE c.whi >= pg_temp.rnd(%(tag)s + g, 74)
                             ORDER BY c.whi LIMIT 1) AS cust_idx,
                           1 + floor(pg_temp.rnd(%(tag)s + g, 75) * %(n_opp_rows)s)::int AS opp_idx
                      FROM generate_series(1, %(n_activities)s) g) x
              JOIN bench_cust c ON c.idx = x.cust_idx
              JOIN bench_opp o ON o.idx = x.opp_idx
              JOIN bench_rep r ON r.idx = c.rep_idx
            """,
            p,
        )
        self.commit()

    # ------------------------------------------------------------------
    # after the load
    # ------------------------------------------------------------------

    def counts(self):
        result = {}
        for table in TABLES:
            self.cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
            result[table] = self.cr.fetchone()[0]
        return result


def check(env, companies):
    """Read generated records back through the ORM and post one new invoice per company
    (rolled back): raise AssertionError with everything that is wrong."""
    problems = check_sql(env.cr)
    for company, _counts in companies:
        company_env = env(context=dict(env.context, allowed_company_ids=[company.id]))
        problems += check_invoices(company_env, company)
        problems += check_report(company_env, company)
        problems += check_records(company_env, company)
        problems += check_new_invoice(company_env, company)
    if problems:
        raise AssertionError("benchmark data is not valid:\n  " + "\n  ".join(problems))


def check_sql(cr):
    """Every move balances; every invoice's untaxed amount is the sum of its lines."""
    problems = []
    cr.execute(
        """
        SELECT count(*) FROM (SELECT move_id FROM account_move_line GROUP BY move_id
                               HAVING sum(balance) <> 0 OR sum(amount_currency) <> 0) x
        """
    )
    if unbalanced := cr.fetchone()[0]:
        problems.append(f"{unbalanced} unbalanced moves")
    cr.execute(
        """
        SELECT count(*) FROM account_move m
          JOIN (SELECT move_id, sum(price_subtotal) AS untaxed FROM account_move_line
                 WHERE display_type = 'product' GROUP BY move_id) l ON l.move_id = m.id
         WHERE m.move_type IN ('out_invoice', 'out_refund') AND m.amount_untaxed <> l.untaxed
        """
    )
    if wrong := cr.fetchone()[0]:
        problems.append(f"{wrong} invoices whose untaxed amount is not the sum of their lines")
    return problems


def check_invoices(env, company):
    """The last generated invoices: Odoo recomputes the amounts that were written."""
    problems = []
    moves = env["account.move"].search(
        [("company_id", "=", company.id), ("move_type", "in", ("out_invoice", "out_refund"))], order="id desc", limit=5
    )
    if not moves:
        problems.append(f"{company.name}: no invoices")
    for move in moves:
        move.invalidate_recordset()
        lines = move.invoice_line_ids
        stored = (move.amount_untaxed, move.amount_tax, move.amount_total, move.amount_residual)
        move._compute_amount()
        computed = (move.amount_untaxed, move.amount_tax, move.amount_total, move.amount_residual)
        if stored != computed:
            problems.append(f"{move.display_name}: stored amounts {stored} but Odoo computes {computed}")
        if not lines or any(not line.product_id or not line.account_id for line in lines):
            problems.append(f"{move.display_name}: lines without product or account")
        if move.state != "posted" or move.payment_state != "not_paid":
            problems.append(f"{move.display_name}: state {move.state}/{move.payment_state}")
    env.invalidate_all()
    return problems


def check_report(env, company):
    """account.invoice.report grouped by type gives what the lines hold."""
    report = env["account.invoice.report"]._read_group(
        [("company_id", "=", company.id)], ["move_type"], ["price_subtotal:sum", "__count"]
    )
    env.cr.execute(
        """
        SELECT m.move_type, sum(-l.balance), count(*)
          FROM account_move_line l JOIN account_move m ON m.id = l.move_id
         WHERE m.company_id = %s AND l.display_type = 'product' AND m.state = 'posted'
           AND m.move_type IN ('out_invoice', 'out_refund') GROUP BY 1
        """,
        [company.id],
    )
    got = {move_type: (subtotal, count) for move_type, subtotal, count in report}
    return [
        f"invoice report {company.name} {move_type}: {got.get(move_type)} != {amount, count}"
        for move_type, amount, count in env.cr.fetchall()
        if move_type not in got or abs(got[move_type][0] - float(amount)) > 1 or got[move_type][1] != count
    ]


def check_records(env, company):
    """Customers, opportunities, orders and visits read through the ORM; an order's totals."""
    problems = []
    partners = env["res.partner"].search([("company_id", "=", company.id), ("customer_rank", ">", 0)], limit=3)
    lead = env["crm.lead"].with_context(active_test=False).search([("company_id", "=", company.id)], limit=1)
    order = env["sale.order"].search([("company_id", "=", company.id)], limit=1)
    visit = env["crm_tr.visit"].search([("company_id", "=", company.id), ("state", "=", "done")], limit=1)
    for record in (partners, lead, order, visit):
        if not record or not all(record.mapped("display_name")):
            problems.append(f"{record._name} in {company.name}: nothing readable")
    if order:
        order.invalidate_recordset()
        stored_total = order.amount_total
        order._compute_amounts()
        if abs(order.amount_total - stored_total) > 0.01:
            problems.append(f"{order.name}: stored total {stored_total}, Odoo computes {order.amount_total}")
    env.invalidate_all()
    return problems


def check_new_invoice(env, company):
    """A new invoice through the ORM takes the number after the generated ones and freezes
    its cost (crm_tr_sales); rolled back."""
    problems = []
    cr, Move = env.cr, env["account.move"]
    cr.execute("SAVEPOINT bench_check")
    customer = env["res.partner"].search([("company_id", "=", company.id), ("customer_rank", ">", 0)], limit=1)
    product = env["product.product"].search([("default_code", "=like", "BN-%")], limit=1)
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], order="sequence, id", limit=1
    )
    starting = Move.new({"journal_id": journal.id, "move_type": "out_invoice", "date": date.today()})
    prefix = starting._get_starting_sequence().rsplit("/", 1)[0] + "/"
    cr.execute(
        "SELECT max(sequence_number) FROM account_move WHERE journal_id = %s AND sequence_prefix = %s",
        [journal.id, prefix],
    )
    last = cr.fetchone()[0] or 0
    invoice = Move.create(
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "journal_id": journal.id,
            "invoice_date": date.today(),
            "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": 2})],
        }
    )
    invoice.action_post()
    if invoice.sequence_number != last + 1:
        problems.append(f"new invoice {invoice.name}: expected number {last + 1}")
    cost = product.with_company(company).standard_price
    if invoice.invoice_line_ids.crm_tr_cost != company.currency_id.round(2 * cost):
        problems.append(f"new invoice {invoice.name}: cost {invoice.invoice_line_ids.crm_tr_cost} for 2 × {cost}")
    print(f"self-check {company.name}: new invoice {invoice.name} {invoice.amount_total} posted (rolled back)")
    cr.execute("ROLLBACK TO SAVEPOINT bench_check")
    env.invalidate_all()
    return problems


def generate(source_db, target_db, scale=1.0, seed=20261202, *, company_id=None, second_company_id=None):
    """Copy source_db to target_db and fill the copy (see the module's docstring). Returns
    the row counts, the timings per step and the total time in seconds."""
    started = time.monotonic()
    benchdb.copy(source_db, target_db)
    print(f"copied {source_db} to {target_db} in {time.monotonic() - started:.1f} s")
    registry = Registry(target_db)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
        company = env["res.company"].browse(company_id) if company_id else env.ref("base.user_admin").company_id
        if second_company_id is None:
            second = env.ref("crm_tr_sms.company_tr_ankara", raise_if_not_found=False)
        else:
            second = env["res.company"].browse(second_company_id) if second_company_id else None
        if second == company:
            second = None
        generator = Generator(env, seed, scale, company, second)
        env = env(context=dict(env.context, allowed_company_ids=[c.id for c, _n in generator.companies]))
        generator.env = env
        generator.setup_functions()
        generator.make_products()
        generator.commit()
        for tag, (comp, counts) in enumerate(generator.companies, start=1):
            print(f"{comp.name}: {counts}")
            generator.env = env(context=dict(env.context, allowed_company_ids=[comp.id]))
            generator.generate_company(comp, counts, tag)
            generator.env = env
        cr.commit()
        for label, seconds in generator.timings.items():
            print(f"  {label:45s} {seconds:8.1f} s")
    analyzed = time.monotonic()
    benchdb.analyze(target_db, TABLES)
    print(f"  {'ANALYZE':45s} {time.monotonic() - analyzed:8.1f} s")
    generated = time.monotonic() - started
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        companies = [(env["res.company"].browse(c.id), n) for c, n in generator.companies]
        checked = time.monotonic()
        check(env, companies)
        print(f"self-check passed in {time.monotonic() - checked:.1f} s")
        generator.cr = cr
        counts = generator.counts()
        cr.rollback()
    for table, count in counts.items():
        print(f"  {table:45s} {count:>10,}")
    print(f"generated in {generated:.1f} s; database {target_db}: {benchdb.size(target_db)}")
    return counts, generator.timings, generated


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--company", type=int, help="main company id (default: the admin user's)")
    parser.add_argument(
        "--second-company", type=int, help="second company id, 0 for none (default: crm_tr_sms's Ankara company)"
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--no-http", "--log-level=warn"])
    generate(
        args.source, args.target, args.scale, args.seed, company_id=args.company, second_company_id=args.second_company
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
