"""Export and check the addons' translation templates and Turkish translations.

    python3 scripts/i18n.py update -c ODOO_CONF -d DB   # write i18n/<addon>.pot, merge new terms into tr.po
    python3 scripts/i18n.py check  -c ODOO_CONF -d DB   # fail when a .pot is stale or tr.po leaves a term

The database must have the addons installed with demo data (the test command's database).
"""

import argparse
import io
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ["crm_tr_sms", "crm_tr_sales", "crm_tr_service", "crm_tr_loyalty", "crm_tr_reports"]


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _entries(po):
    """What a template says: each term with its plural and where it comes from."""
    return {
        _key(e): (e.msgid_plural, tuple(sorted(e.occurrences)), tuple(sorted((e.comment or "").splitlines())))
        for e in po
        if not e.obsolete
    }


def export_pots(config_file, database):
    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools.translate import trans_export

    odoo.tools.config.parse_config(["-c", config_file, "-d", database, "--no-http", "--log-level=warn"])
    pots = {}
    with Registry(database).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        for addon in ADDONS:
            buffer = io.BytesIO()
            trans_export(None, [addon], buffer, "po", env)
            pots[addon] = buffer.getvalue().decode()
    return pots


def _untranslated(po):
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            missing.append(entry.msgid)
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            missing.append(entry.msgid)
    return missing


def check(pots):
    problems = []
    for addon, text in pots.items():
        i18n = ROOT / "addons" / addon / "i18n"
        pot_path, tr_path = i18n / f"{addon}.pot", i18n / "tr.po"
        fresh = polib.pofile(text)
        if not pot_path.exists():
            problems.append(f"{addon}: i18n/{addon}.pot is missing (run: make i18n)")
            continue
        stored = _entries(polib.pofile(str(pot_path)))
        current = _entries(fresh)
        if stored != current:
            added = sorted(k[1] for k in current.keys() - stored.keys())
            removed = sorted(k[1] for k in stored.keys() - current.keys())
            changed = sorted(k[1] for k in current.keys() & stored.keys() if current[k] != stored[k])
            detail = "; ".join(
                f"{label}: {', '.join(repr(m[:40]) for m in terms[:5])}{' ...' if len(terms) > 5 else ''}"
                for label, terms in (("new", added), ("gone", removed), ("moved", changed))
                if terms
            )
            problems.append(f"{addon}: i18n/{addon}.pot is stale against the code ({detail}); run: make i18n")
        if not tr_path.exists():
            problems.append(f"{addon}: i18n/tr.po is missing")
            continue
        translated = polib.pofile(str(tr_path))
        have = {_key(e) for e in translated if not e.obsolete}
        lacking = [k[1] for k in current if k not in have]
        if lacking:
            problems.append(f"{addon}: tr.po lacks {len(lacking)} term(s), e.g. {lacking[:3]!r}")
        empty = _untranslated(translated)
        if empty:
            problems.append(f"{addon}: tr.po leaves {len(empty)} term(s) untranslated or fuzzy, e.g. {empty[:3]!r}")
    return problems


def update(pots):
    for addon, text in pots.items():
        i18n = ROOT / "addons" / addon / "i18n"
        i18n.mkdir(exist_ok=True)
        pot_path, tr_path = i18n / f"{addon}.pot", i18n / "tr.po"
        pot_path.write_text(text)
        template = polib.pofile(text)
        if tr_path.exists():
            po = polib.pofile(str(tr_path))
            po.merge(template)
            for entry in po.obsolete_entries():
                po.remove(entry)
        else:
            po = polib.pofile(text)
            for entry in po:
                entry.msgstr = ""
        po.metadata.update(
            {
                "Project-Id-Version": "Odoo Server 19.0",
                "Language": "tr",
                "Language-Team": "Turkish",
                "MIME-Version": "1.0",
                "Content-Type": "text/plain; charset=UTF-8",
                "Content-Transfer-Encoding": "8bit",
                "Plural-Forms": "nplurals=2; plural=(n != 1);",
            }
        )
        po.save(str(tr_path))
        print(f"{addon}: {len(template)} terms, {len(_untranslated(po))} to translate in tr.po")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["check", "update"])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    args = parser.parse_args()
    pots = export_pots(args.config, args.database)
    if args.action == "update":
        update(pots)
        return 0
    problems = check(pots)
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print("ok: every .pot is up to date and every tr.po complete")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
