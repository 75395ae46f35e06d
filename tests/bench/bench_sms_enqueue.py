"""Benchmark: queueing an SMS campaign (crm_tr_sms) for 10,000 and 100,000 recipients.

    python3 tests/bench/bench_sms_enqueue.py -c ODOO_CONF -d DB [--sizes 10000 100000]
        [--variants partner partner+link list ...] [--rounds N] [--old FILE] [--hooks]

DB must have crm_tr_sms installed (the test command's database, kept with CRM_TR_KEEP_DB=1).
It creates recipients with distinct Turkish mobile numbers for the largest size (half of them
with an İYS approval, a few landlines, refusals and blacklisted numbers; the smaller sizes
take the first ones), queues commercial campaigns exactly as the mailing cron does (remaining
recipients, then one committed transaction per batch of 5,000) and prints recipients/second
and the longest transaction. Everything it created is deleted afterwards (deleting 100,000
contacts takes minutes: PostgreSQL checks every foreign key to res_partner for each row).

--variants, queued in each round on the same recipients (alternating their order):
  partner       contacts, one text for all (the reference, always run)
  +link         a URL in the text: one link.tracker, each SMS its own /s/<sms id>
  +rendered     a personal text ({{ object.name }}): every SMS differs
  list          the same numbers as mailing-list contacts of one list, 1% unsubscribed
                from it (their approvals are those recorded for contacts with the numbers)
  old           contacts with the engine of an older mailing_mailing.py given by --old
                (e.g. `git show REV:addons/crm_tr_sms/models/mailing_mailing.py > /tmp/old.py`),
                run in the same process: the ratio to trust when the machine is shared
--rounds N reports medians and, for each variant, its time over the partner run's of the
same round.
--hooks times Odoo's own hooks against the ones the engine uses instead, on the same data:
mass_mailing's _get_remaining_recipients against ours (before and after queueing),
mass_mailing_sms's _get_seen_list_sms against _crm_tr_seen_numbers, and for a list
mass_mailing_sms's _get_opt_out_list_sms against _crm_tr_opted_out.
"""

import argparse
import importlib.util
import random
import statistics
import sys
import time
import types

import psycopg2
import psycopg2.sql

import odoo
import odoo.sql_db
from odoo.modules.registry import Registry
from odoo.tools import SQL, split_every

PREFIXES = ["532", "533", "535", "542", "543", "544", "505", "506", "507", "553", "555"]


def make_numbers(size):
    rows = []
    for index in range(size):
        if index % 50 == 0:
            phone = f"0212 {index % 900 + 100:03d} {index % 100:02d} {index % 97:02d}"  # landline
        else:
            phone = f"+90{PREFIXES[index % len(PREFIXES)]}{index:07d}"
        rows.append(phone)
    return rows


def insert_partners(env, tag, phones, companies):
    ids = []
    rows = [(f"{tag} {index}", phone, companies[index]) for index, phone in enumerate(phones)]
    for chunk in split_every(10000, rows):
        ids += [
            row[0]
            for row in env.execute_query(
                SQL(
                    """INSERT INTO res_partner (name, complete_name, phone, is_company, active, type, autopost_bills)
                       SELECT v.name, v.name, v.phone, v.is_company, TRUE, 'contact', 'ask'
                         FROM (VALUES %s) AS v(name, phone, is_company) RETURNING id""",
                    SQL(", ").join(SQL("(%s, %s, %s)", *row) for row in chunk),
                )
            )
        ]
    env.execute_query(SQL("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", ids))
    return ids


def make_audience(env, company, sizes, tag, with_lists):
    """Recipients for the largest size, the smaller sizes taking the first ones: contacts,
    and with_lists one mailing list per size of mailing-list contacts with the same numbers.
    Returns ({size: {audience: mailing values}}, cleanup function, consent count)."""
    size = max(sizes)
    rnd = random.Random(size)
    phones = make_numbers(size)
    partner_ids = insert_partners(env, tag, phones, [index % 10 == 0 for index in range(size)])
    consents = []
    for pid, phone in zip(partner_ids, phones, strict=True):
        if phone.startswith("+90") and rnd.random() < 0.5:
            status = "RET" if rnd.random() < 0.05 else "ONAY"
            consents.append((pid, phone, status))
    for chunk in split_every(10000, consents):
        env.execute_query(
            SQL(
                """INSERT INTO crm_tr_iys_consent (partner_id, company_id, channel, recipient_type, status, source,
                                                   consent_date, recipient, active, iys_state)
                   SELECT v.partner_id, %s, 'MESAJ', 'BIREYSEL', v.status, 'HS_WEB', now() - interval '30 days',
                          v.recipient, TRUE, 'sent'
                     FROM (VALUES %s) AS v(partner_id, recipient, status)""",
                company.id,
                SQL(", ").join(SQL("(%s, %s, %s)", *row) for row in chunk),
            )
        )
    blacklisted = [phone for phone in phones[7::200] if phone.startswith("+90")]
    env["phone.blacklist"].sudo()._add(blacklisted)
    partner_model = env["ir.model"]._get("res.partner").id
    audiences = {
        count: {
            "partner": {
                "mailing_model_id": partner_model,
                "mailing_domain": repr(
                    [("id", ">=", partner_ids[0]), ("id", "<=", partner_ids[count - 1]), ("name", "=like", f"{tag} %")]
                ),
            }
        }
        for count in sizes
    }
    contact_ids, lists = [], env["mailing.list"]
    if with_lists:
        for chunk in split_every(10000, list(enumerate(phones))):
            contact_ids += [
                row[0]
                for row in env.execute_query(
                    SQL(
                        """INSERT INTO mailing_contact (name, mobile)
                           SELECT v.name, v.mobile FROM (VALUES %s) AS v(name, mobile) RETURNING id""",
                        SQL(", ").join(SQL("(%s, %s)", f"{tag} {index}", phone) for index, phone in chunk),
                    )
                )
            ]
        list_model = env["ir.model"]._get("mailing.list").id
        for count in sizes:
            mailing_list = env["mailing.list"].create({"name": f"{tag} {count}"})
            lists |= mailing_list
            # 1% unsubscribed from the list.
            for chunk in split_every(10000, list(enumerate(contact_ids[:count]))):
                env.execute_query(
                    SQL(
                        """INSERT INTO mailing_subscription (contact_id, list_id, opt_out)
                           SELECT v.contact_id, %s, v.opt_out FROM (VALUES %s) AS v(contact_id, opt_out)""",
                        mailing_list.id,
                        SQL(", ").join(SQL("(%s, %s)", contact_id, index % 100 == 3) for index, contact_id in chunk),
                    )
                )
            audiences[count]["list"] = {"mailing_model_id": list_model, "contact_list_ids": mailing_list.ids}
        env.invalidate_all()

    def cleanup():
        if contact_ids:
            env.execute_query(SQL("DELETE FROM mailing_contact WHERE id = ANY(%s)", contact_ids))
            lists.unlink()
        env.execute_query(SQL("DELETE FROM crm_tr_iys_consent WHERE partner_id = ANY(%s)", partner_ids))
        env.cr.commit()
        # PostgreSQL checks every foreign key to res_partner for each deleted contact (about
        # a minute for 100,000). sms_sms.partner_id has no index: its check reads the whole
        # table, dead rows of the deleted campaigns included, unless they are vacuumed first
        # (without this, a quarter of an hour).
        vacuum(env.cr.dbname, ["sms_sms"])
        env.execute_query(SQL("DELETE FROM res_partner WHERE id = ANY(%s)", partner_ids))

    return audiences, cleanup, len(consents)


def vacuum(dbname, tables):
    """VACUUM needs its own connection outside any transaction."""
    _dsn, info = odoo.sql_db.connection_info_for(dbname)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            for table in tables:
                cr.execute(psycopg2.sql.SQL("VACUUM {}").format(psycopg2.sql.Identifier(table)))
    finally:
        connection.close()


def load_old_engine(path):
    """The campaign engine of an older mailing_mailing.py, to run on the current records:
    its _crm_tr_* functions bound to a stand-in that passes everything else to the mailing."""
    spec = importlib.util.spec_from_file_location("odoo.addons.crm_tr_sms.models._bench_old_mailing_mailing", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    functions = {
        name: value
        for name, value in vars(module.MailingMailing).items()
        if name.startswith("_crm_tr") and isinstance(value, types.FunctionType)
    }

    class OldEngine:
        def __init__(self, mailing):
            self._mailing = mailing

        def __getattr__(self, name):
            if name in functions:
                return types.MethodType(functions[name], self)
            return getattr(self._mailing, name)

    return OldEngine


def queue(env, mailing, engine):
    """What the mailing cron does: remaining recipients, then one transaction per batch.
    Returns (seconds, longest transaction)."""
    from odoo.addons.crm_tr_sms.models.mailing_mailing import ENQUEUE_BATCH

    started = time.perf_counter()
    if engine == "new":
        remaining = mailing._get_remaining_recipients()
        state = mailing._crm_tr_enqueue_state()
    else:
        old = engine(mailing)
        remaining = old._crm_tr_remaining_ids()
        state = old._crm_tr_seen_numbers()
        mailing = old
    longest = time.perf_counter() - started
    for chunk in split_every(ENQUEUE_BATCH, remaining):
        batch_started = time.perf_counter()
        mailing._crm_tr_enqueue_batch(list(chunk), state)
        env.cr.commit()
        longest = max(longest, time.perf_counter() - batch_started)
    return time.perf_counter() - started, longest


def drop_mailing(env, mailing):
    env.execute_query(
        SQL(
            """DELETE FROM sms_tracker
                WHERE mailing_trace_id IN (SELECT id FROM mailing_trace WHERE mass_mailing_id = %s)""",
            mailing.id,
        )
    )
    env.execute_query(SQL("DELETE FROM sms_sms WHERE mailing_id = %s", mailing.id))
    env.execute_query(SQL("DELETE FROM link_tracker WHERE mass_mailing_id = %s", mailing.id))
    mailing.unlink()
    env.cr.commit()
    # Each round starts from tables without the dead rows of the previous one.
    vacuum(env.cr.dbname, ["sms_sms", "mailing_trace", "sms_tracker", "crm_tr_sms_exclusion"])


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def hooks(env, mailing, size):
    """Odoo's hooks against the engine's, on the campaign's data (see the module docstring)."""
    from odoo.addons.mass_mailing.models.mailing import MailingMailing as OdooMailing

    lines = []
    env.invalidate_all()
    odoo_s, odoo_ids = timed(lambda: OdooMailing._get_remaining_recipients(mailing))
    ours_s, our_ids = timed(mailing._crm_tr_remaining_ids)
    assert sorted(odoo_ids) == our_ids, "both hooks find the same recipients"
    lines.append(f"_get_remaining_recipients, nothing queued yet: Odoo {odoo_s:.3f} s, ours {ours_s:.3f} s")
    if mailing.mailing_model_real == "mailing.contact":
        env.invalidate_all()
        odoo_s, optouts = timed(mailing._get_opt_out_list_sms)
        ours_s, our_optouts = timed(mailing._crm_tr_opted_out)
        assert set(optouts) == our_optouts, "both find the same opt-outs"
        lines.append(f"opt-outs ({len(optouts)}): Odoo's _get_opt_out_list_sms {odoo_s:.3f} s, ours {ours_s:.3f} s")
    queue(env, mailing, "new")
    env.invalidate_all()
    odoo_s, _ids = timed(lambda: OdooMailing._get_remaining_recipients(mailing))
    ours_s, _ids = timed(mailing._crm_tr_remaining_ids)
    lines.append(f"_get_remaining_recipients, all {size} queued: Odoo {odoo_s:.3f} s, ours {ours_s:.3f} s")
    env.invalidate_all()
    odoo_s, _seen = timed(mailing._get_seen_list_sms)
    ours_s, _seen = timed(mailing._crm_tr_seen_numbers)
    lines.append(f"seen numbers, all queued: Odoo's _get_seen_list_sms {odoo_s:.3f} s, ours {ours_s:.3f} s")
    return lines


VARIANTS = ["partner", "partner+link", "partner+rendered", "partner+rendered+link", "list", "list+link", "old"]


def body_of(variant):
    body = "Kış bakım kampanyası: klimanızın bakımı %20 indirimli."
    if "rendered" in variant:
        body = "Sayın {{ object.name }}, " + body
    if "link" in variant:
        body += " Ayrıntılar: https://www.egeklima.com.tr/kis-kampanyasi?kod=KIS20"
    return body


def run(env, size, audience, args, context):
    company, tag, old_engine = context
    result = {"size": size, "rounds": []}

    def new_mailing(variant, label):
        return env["mailing.mailing"].create(
            {
                "mailing_type": "sms",
                "sms_subject": f"{tag} {size} {variant} {label}",
                "body_plaintext": body_of(variant),
                "crm_tr_message_type": "commercial",
                "crm_tr_company_id": company.id,
                **audience["list" if variant.startswith("list") else "partner"],
            }
        )

    if args.hooks:
        result["hooks"] = []
        for kind in audience:
            mailing = new_mailing(kind, "hooks")
            env.cr.commit()
            result["hooks"] += [f"{kind}: {line}" for line in hooks(env, mailing, size)]
            drop_mailing(env, mailing)
    for round_index in range(args.rounds):
        for variant in args.variants if round_index % 2 == 0 else args.variants[::-1]:
            mailing = new_mailing(variant, round_index)
            env.cr.commit()
            seconds, longest = queue(env, mailing, old_engine if variant == "old" else "new")
            queued = env["sms.sms"].search_count([("mailing_id", "=", mailing.id)])
            excluded = env["crm_tr.sms.exclusion"].search_count([("mailing_id", "=", mailing.id)])
            traces = env["mailing.trace"].search_count([("mass_mailing_id", "=", mailing.id)])
            trackers = env["link.tracker"].search_count([("mass_mailing_id", "=", mailing.id)])
            assert traces == size, (traces, size)
            assert queued + excluded == size, (queued, excluded, size)
            assert trackers == (1 if "link" in variant else 0), trackers
            result["rounds"].append(
                {"variant": variant, "seconds": seconds, "longest": longest, "queued": queued, "excluded": excluded}
            )
            drop_mailing(env, mailing)
    return result


def report(result):
    size = result["size"]
    out = []
    by_variant = {}
    for round_ in result["rounds"]:
        by_variant.setdefault(round_["variant"], []).append(round_)
    for variant, rounds in by_variant.items():
        seconds = statistics.median(r["seconds"] for r in rounds)
        longest = max(r["longest"] for r in rounds)
        per_round = ", ".join(f"{size / r['seconds']:.0f}" for r in rounds)
        out.append(
            f"{size:>7} recipients, {variant}: {seconds:.2f} s, {size / seconds:.0f} recipients/s "
            f"(median of {len(rounds)}: {per_round}), longest transaction {longest:.2f} s "
            f"({rounds[0]['queued']} queued, {rounds[0]['excluded']} excluded)"
        )
    for variant, rounds in by_variant.items():
        if variant == "partner" or "partner" not in by_variant:
            continue
        ratios = [other["seconds"] / new["seconds"] for new, other in zip(by_variant["partner"], rounds, strict=True)]
        out.append(
            f"{size:>7} recipients: time of {variant} / partner, median {statistics.median(ratios):.3f} "
            f"(per round {', '.join(f'{ratio:.3f}' for ratio in ratios)})"
        )
    out += [f"{size:>7} recipients, {line}" for line in result.get("hooks", [])]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=VARIANTS,
        default=["partner"],
        help="campaigns to queue in each round: contacts or a mailing list, with a link, with a "
        "personal text; 'old' = contacts with the engine of --old",
    )
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--old", metavar="FILE", help="an older mailing_mailing.py to compare with")
    parser.add_argument("--hooks", action="store_true", help="time Odoo's hooks against the engine's")
    args = parser.parse_args()
    if ("old" in args.variants) != bool(args.old):
        parser.error("the 'old' variant and --old FILE go together")
    if "partner" not in args.variants:
        args.variants.insert(0, "partner")  # the reference of every ratio
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    results = []
    with Registry(args.database).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        old_engine = load_old_engine(args.old) if args.old else None
        company = env["res.company"].search([], limit=1)
        tag = f"BENCH-{int(time.time())}"
        started = time.perf_counter()
        with_lists = any(variant.startswith("list") for variant in args.variants)
        audiences, cleanup, consents = make_audience(env, company, args.sizes, tag, with_lists)
        env.cr.commit()
        sys.stdout.write(
            f"setup: {max(args.sizes)} recipients, {consents} consents, in {time.perf_counter() - started:.1f} s\n"
        )
        try:
            for size in sorted(args.sizes):
                result = run(env, size, audiences[size], args, (company, tag, old_engine))
                results.append(result)
                sys.stdout.write("\n".join(report(result)) + "\n")
                sys.stdout.flush()
        finally:
            env.cr.rollback()
            cleanup()
            env.cr.commit()
    if len(results) >= 2:

        def seconds(result):
            return statistics.median(r["seconds"] for r in result["rounds"] if r["variant"] == "partner")

        ratio = seconds(results[-1]) / seconds(results[0])
        sys.stdout.write(
            f"{results[-1]['size']} vs {results[0]['size']} (partner): {ratio:.2f}x the time "
            f"for {results[-1]['size'] / results[0]['size']:.0f}x the recipients\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
