"""Benchmark: queueing an SMS campaign (crm_tr_sms) for 10,000 and 100,000 recipients.

    python3 tests/bench/bench_sms_enqueue.py -c ODOO_CONF -d DB [--sizes 10000 100000]

DB must have crm_tr_sms installed (the test command's database, kept with CRM_TR_KEEP_DB=1).
For each size it creates that many contacts with distinct Turkish mobile numbers (half of
them with an İYS approval, a few landlines, refusals and blacklisted numbers), queues a
commercial campaign exactly as the mailing cron does (one committed transaction per batch
of 5,000) and prints recipients/second and the longest transaction. Everything it created
is deleted afterwards.
"""

import argparse
import random
import sys
import time

import odoo
from odoo.modules.registry import Registry
from odoo.tools import SQL, split_every


def make_contacts(env, company, size, tag):
    rnd = random.Random(size)
    prefixes = ["532", "533", "535", "542", "543", "544", "505", "506", "507", "553", "555"]
    rows = []
    for index in range(size):
        if index % 50 == 0:
            phone = f"0212 {index % 900 + 100:03d} {index % 100:02d} {index % 97:02d}"  # landline
        else:
            phone = f"+90{prefixes[index % len(prefixes)]}{index:07d}"
        rows.append((f"{tag} {index}", phone, index % 10 == 0))
    ids = []
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
    consents = []
    for pid, (_name, phone, _is_company) in zip(ids, rows, strict=True):
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
    blacklisted = [phone for _name, phone, _c in rows[7::200] if phone.startswith("+90")]
    env["phone.blacklist"].sudo()._add(blacklisted)
    return ids, len(consents)


def run(env, size):
    company = env["res.company"].search([], limit=1)
    tag = f"BENCH{size}-{int(time.time())}"
    started = time.perf_counter()
    ids, consent_count = make_contacts(env, company, size, tag)
    env.cr.commit()
    setup = time.perf_counter() - started
    mailing = env["mailing.mailing"].create(
        {
            "mailing_type": "sms",
            "sms_subject": tag,
            "mailing_model_id": env["ir.model"]._get("res.partner").id,
            "mailing_domain": repr([("name", "=like", f"{tag} %")]),
            "body_plaintext": "Kış bakım kampanyası: klimanızın bakımı %20 indirimli.",
            "crm_tr_message_type": "commercial",
            "crm_tr_company_id": company.id,
        }
    )
    env.cr.commit()
    # What the mailing cron does: remaining recipients, then one transaction per batch.
    from odoo.addons.crm_tr_sms.models.mailing_mailing import ENQUEUE_BATCH

    started = time.perf_counter()
    remaining = mailing._crm_tr_remaining_ids()
    seen = mailing._crm_tr_seen_numbers()
    longest = time.perf_counter() - started
    for chunk in split_every(ENQUEUE_BATCH, remaining):
        batch_started = time.perf_counter()
        mailing._crm_tr_enqueue_batch(list(chunk), seen)
        env.cr.commit()
        longest = max(longest, time.perf_counter() - batch_started)
    elapsed = time.perf_counter() - started
    queued = env["sms.sms"].search_count([("mailing_id", "=", mailing.id)])
    excluded = env["crm_tr.sms.exclusion"].search_count([("mailing_id", "=", mailing.id)])
    traces = env["mailing.trace"].search_count([("mass_mailing_id", "=", mailing.id)])
    assert traces == size, (traces, size)
    assert queued + excluded == size, (queued, excluded, size)
    # Clean up.
    env.execute_query(
        SQL(
            "DELETE FROM sms_tracker WHERE mailing_trace_id IN "
            "(SELECT id FROM mailing_trace WHERE mass_mailing_id = %s)",
            mailing.id,
        )
    )
    env.execute_query(SQL("DELETE FROM sms_sms WHERE mailing_id = %s", mailing.id))
    mailing.unlink()
    env.execute_query(SQL("DELETE FROM crm_tr_iys_consent WHERE partner_id = ANY(%s)", ids))
    env.execute_query(SQL("DELETE FROM res_partner WHERE id = ANY(%s)", ids))
    env.cr.commit()
    return {
        "size": size,
        "setup_s": setup,
        "consents": consent_count,
        "queued": queued,
        "excluded": excluded,
        "seconds": elapsed,
        "per_second": size / elapsed,
        "longest_transaction_s": longest,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--no-http", "--log-level=warn"])
    results = []
    with Registry(args.database).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        for size in args.sizes:
            result = run(env, size)
            results.append(result)
            sys.stdout.write(
                f"{size:>7} recipients: {result['seconds']:.2f} s, {result['per_second']:.0f} recipients/s, "
                f"longest transaction {result['longest_transaction_s']:.2f} s "
                f"({result['queued']} queued, {result['excluded']} excluded)\n"
            )
    if len(results) >= 2:
        ratio = results[-1]["seconds"] / results[0]["seconds"]
        sys.stdout.write(
            f"{results[-1]['size']} vs {results[0]['size']}: {ratio:.2f}x the time "
            f"for {results[-1]['size'] / results[0]['size']:.0f}x the recipients\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
