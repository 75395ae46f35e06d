import io
import itertools
import logging

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

REPORT_PREFIX = "crm_tr.report."
BATCH_SIZE = 5000
NAME_CACHE_SIZE = 50000
# Names of the SQL cursors the list exports stream their rows through (unique per process).
CURSOR_NUMBERS = itertools.count(1)
CHART_ROWS = 20
DEFAULT_BACKGROUND_ROWS = 100000
NUMERIC_TYPES = ("monetary", "float", "integer")
DATE_FORMATS = {
    "day": "dd.mm.yyyy",
    "week": "dd.mm.yyyy",
    "month": "mm.yyyy",
    "quarter": "mm.yyyy",
    "year": "yyyy",
}
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CrmTrReportXlsx(models.AbstractModel):
    """Formatted Excel workbooks of any crm_tr report (models named crm_tr.report.*).

    Rows are read through the ORM as the user who asks (access rights and record rules
    apply), in batches, so a large export stays within memory when xlsxwriter writes in
    constant_memory mode."""

    _name = "crm_tr.report.xlsx"
    _description = "Formatted Excel Export of a Report"

    # ------------------------------------------------------------------
    # Checks and figures the web client asks for
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_report(self, res_model):
        """The report model, checked: a crm_tr report the user may read."""
        if not isinstance(res_model, str) or not res_model.startswith(REPORT_PREFIX) or res_model not in self.env:
            raise UserError(self.env._("Only crm_tr reports can be exported to a formatted workbook."))
        Report = self.env[res_model]
        if Report._abstract or Report._transient:
            raise UserError(self.env._("Only crm_tr reports can be exported to a formatted workbook."))
        Report.check_access("read")
        return Report

    @api.model
    def _crm_tr_background_rows(self):
        value = self.env["ir.config_parameter"].sudo().get_param("crm_tr_reports.xlsx_background_rows")
        try:
            return int(value) if value else DEFAULT_BACKGROUND_ROWS
        except ValueError:
            return DEFAULT_BACKGROUND_ROWS

    @api.model
    @api.readonly
    def get_export_mode(self, res_model, domain, groupby=None):
        """'direct' when the workbook is built in the request, 'background' when it has
        more rows than the threshold and goes to the export queue. A grouped export has a
        row per group: the groups are counted."""
        Report = self._crm_tr_report(res_model)
        groupby = [spec for spec in (groupby or []) if spec.split(":")[0] in Report._fields]
        if groupby:
            count = self._crm_tr_group_count(Report, Domain(domain or []), groupby)
        else:
            count = Report.search_count(Domain(domain or []))
        threshold = self._crm_tr_background_rows()
        return {"mode": "background" if count > threshold else "direct", "count": count}

    def _crm_tr_group_count(self, Report, domain, groupby):
        """How many groups `_read_group(domain, groupby)` would return, counted by
        PostgreSQL: the same query (access rules, GROUP BY terms) under a COUNT(*)."""
        query = Report._search(domain)
        if query.is_empty():
            return 0
        terms = [Report._read_group_groupby(Report._table, spec, query) for spec in groupby]
        query.groupby = SQL(", ").join(terms)
        [(count,)] = self.env.execute_query(SQL("SELECT COUNT(*) FROM (%s) AS crm_tr_groups", query.select(*terms)))
        return count

    # ------------------------------------------------------------------
    # Columns
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_columns(self, Report, field_names, groupby):
        """[(key, label, type, interval, field name)]: the groupbys first when grouped,
        then the fields (only the measures when grouped). Labels in the user's language."""
        field_names = [name.split(":")[0] for name in (field_names or [])]
        groupby = list(groupby or [])
        names = {name.split(":")[0] for name in groupby} | set(field_names)
        # fields_get leaves out the fields the user's groups may not read.
        info = Report.fields_get(list(names), ["string", "type", "selection"])
        columns = []
        for spec in groupby:
            name, _sep, interval = spec.partition(":")
            if name not in info:
                continue
            field = info[name]
            if field["type"] in ("date", "datetime"):
                interval = interval or "month"
            columns.append((spec, field["string"], field["type"], interval or None, name))
        for name in field_names:
            if name not in info or name == "id":
                continue
            field = info[name]
            if groupby and field["type"] not in NUMERIC_TYPES:
                continue
            if not groupby or name not in {column[4] for column in columns}:
                columns.append((name, field["string"], field["type"], None, name))
        if not columns:
            raise UserError(self.env._("Choose at least one column to export."))
        return columns, info

    @api.model
    def _crm_tr_aggregate(self, Report, name):
        field = Report._fields[name]
        return field.aggregator or "sum"

    # ------------------------------------------------------------------
    # Rows
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_rows(self, Report, domain, columns, groupby):
        """Yield the rows of values (Python values: str, float, date...) batch by batch."""
        if groupby:
            measures = [column for column in columns if column[0] not in groupby]
            aggregates = [f"{column[4]}:{self._crm_tr_aggregate(Report, column[4])}" for column in measures]
            groups = Report._read_group(domain, groupby, aggregates, order=", ".join(groupby))
            for group in groups:
                yield [self._crm_tr_value(value, column) for value, column in zip(group, columns, strict=True)]
            return
        names = [column[4] for column in columns]
        # The rows in the report's order, through _search: access rights and record rules apply.
        query = Report._search(domain, order=Report._order)
        if not all(Report._fields[name].store and Report._fields[name].column_type for name in names):
            yield from self._crm_tr_rows_orm(Report, query.get_result_ids(), columns)
            return
        # Performance (tests/bench/bench_reports.py, 1,000,000 rows): read() and its
        # per-record conversions cost more than writing the cells, and the ids of every row
        # held in memory (with the list psycopg fetches them into) 120 MB; the rows are
        # streamed through an SQL cursor instead (as account's hash integrity check does),
        # one FETCH and the batch's linked records' names at a time.
        many2ones = {
            index: Report._fields[column[4]].comodel_name
            for index, column in enumerate(columns)
            if column[2] == "many2one"
        }
        numeric = [index for index, column in enumerate(columns) if column[2] in ("monetary", "float")]
        empty = [0 if column[2] in NUMERIC_TYPES else "" for column in columns]
        names_by_model = {}
        cursor = SQL.identifier(f"crm_tr_xlsx_rows_{next(CURSOR_NUMBERS)}")
        select = query.select(*(Report._field_to_sql(Report._table, name, query) for name in names))
        self.env.execute_query(SQL("DECLARE %s NO SCROLL CURSOR FOR %s", cursor, select))
        while rows := self.env.execute_query(SQL("FETCH %s FROM %s", BATCH_SIZE, cursor)):
            for index, comodel in many2ones.items():
                self._crm_tr_fetch_names(comodel, {row[index] for row in rows}, names_by_model)
            for row in rows:
                # As _crm_tr_value: 0 for an empty number, "" for an empty text or a false boolean.
                values = [empty[index] if value is None or value is False else value for index, value in enumerate(row)]
                for index in numeric:
                    values[index] = float(values[index])
                for index, comodel in many2ones.items():
                    if values[index]:
                        values[index] = names_by_model[comodel].get(values[index], "")
                yield values
        self.env.execute_query(SQL("CLOSE %s", cursor))

    @api.model
    def _crm_tr_fetch_names(self, comodel, record_ids, names_by_model):
        """Fill names_by_model[comodel] with the display names of record_ids not known yet,
        as read() gives them (as superuser: the report's row decides what may be seen)."""
        known = names_by_model.setdefault(comodel, {})
        missing = [record_id for record_id in record_ids if record_id and record_id not in known]
        if not missing:
            return
        if len(known) + len(missing) > NAME_CACHE_SIZE:
            known.clear()
        records = self.env[comodel].sudo().browse(missing)
        known.update((record.id, record.display_name or "") for record in records.exists())
        # Drop them from the cache: memory stays flat over 100,000s of rows.
        records.invalidate_recordset()

    @api.model
    def _crm_tr_rows_orm(self, Report, ids, columns):
        """The rows through read(), for reports with fields that are not columns."""
        names = [column[4] for column in columns]
        for batch in split_every(BATCH_SIZE, ids):
            records = Report.browse(batch)
            for values in records.read(names, load="_classic_read"):
                yield [self._crm_tr_value(values[column[4]], column) for column in columns]
            # Drop the batch from the cache: memory stays flat over 100,000s of rows.
            records.invalidate_recordset()

    @api.model
    def _crm_tr_value(self, value, column):
        """A cell's value: a record's name, 0 for an empty number, "" for an empty text."""
        if isinstance(value, models.BaseModel):
            return value.display_name or ""
        if isinstance(value, tuple):  # (id, display_name) of read()
            return value[1]
        if value is False or value is None:
            return 0 if column[2] in NUMERIC_TYPES else ""
        return value

    # ------------------------------------------------------------------
    # Workbook
    # ------------------------------------------------------------------

    @api.model
    def _crm_tr_formats(self, workbook):
        symbol = self.env.company.currency_id.symbol or ""
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "meta": workbook.add_format({"italic": True, "font_color": "#555555"}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1, "text_wrap": True}
            ),
            "monetary": workbook.add_format({"num_format": f'#,##0.00 "{symbol}"'}),
            "float": workbook.add_format({"num_format": "#,##0.00"}),
            "integer": workbook.add_format({"num_format": "#,##0"}),
            "datetime": workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"}),
            "text": None,
            **{f"date_{key}": workbook.add_format({"num_format": fmt}) for key, fmt in DATE_FORMATS.items()},
        }

    @api.model
    def _crm_tr_cell_format(self, formats, column):
        ftype, interval = column[2], column[3]
        if ftype == "date" or (ftype == "datetime" and interval):
            return formats[f"date_{interval or 'day'}"]
        return formats.get(ftype)

    @api.model
    def _crm_tr_selection_labels(self, info, columns):
        return {
            column[0]: dict(info[column[4]].get("selection") or []) for column in columns if column[2] == "selection"
        }

    @api.model
    def _crm_tr_title(self, Report):
        return self.env["ir.model"]._get(Report._name).name or Report._description

    @api.model
    def _crm_tr_write_workbook(self, output, res_model, domain, field_names, groupby=None, *, constant_memory=False):
        """Write the workbook to output (a file object or a path); return the row count."""
        Report = self._crm_tr_report(res_model)
        domain = Domain(domain or [])
        groupby = [spec for spec in (groupby or []) if spec.split(":")[0] in Report._fields]
        columns, info = self._crm_tr_columns(Report, field_names, groupby)
        groupby = [column[0] for column in columns if column[0] in groupby]
        selections = self._crm_tr_selection_labels(info, columns)
        workbook = xlsxwriter.Workbook(output, {"constant_memory": constant_memory, "in_memory": not constant_memory})
        try:
            formats = self._crm_tr_formats(workbook)
            sheet = workbook.add_worksheet(self.env._("Data")[:31])
            title = self._crm_tr_title(Report)
            sheet.write(0, 0, title, formats["title"])
            companies = ", ".join(self.env.companies.mapped("name"))
            today = fields.Date.context_today(self).strftime("%d.%m.%Y")
            sheet.write(
                1,
                0,
                self.env._(
                    "Companies: %(companies)s — Currency: %(currency)s — Date: %(date)s",
                    companies=companies,
                    currency=self.env.company.currency_id.name,
                    date=today,
                ),
                formats["meta"],
            )
            header_row = 3
            for col, column in enumerate(columns):
                width = 16 if column[2] in (*NUMERIC_TYPES, "date", "datetime") else 28
                sheet.set_column(col, col, max(width, min(len(column[1]) + 4, 50)))
                sheet.write(header_row, col, column[1], formats["header"])
            row = header_row
            # Per column once, not per cell: (selection labels, format, is a datetime, the
            # typed write: write() finds the type of every cell, and reads a text starting
            # with "=" as a formula, which a customer's name must never become).
            typed_writes = {
                **dict.fromkeys(NUMERIC_TYPES, sheet.write_number),
                **dict.fromkeys(("char", "text", "selection", "many2one"), sheet.write_string),
                "date": sheet.write_datetime,
            }
            cells = [
                (
                    selections.get(column[0]),
                    self._crm_tr_cell_format(formats, column),
                    column[2] == "datetime" and not column[3],
                    typed_writes.get(column[2], sheet.write),
                )
                for column in columns
            ]
            for values in self._crm_tr_rows(Report, domain, columns, groupby):
                row += 1
                for col, (raw, (labels, cell_format, is_datetime, write)) in enumerate(zip(values, cells, strict=True)):
                    value = labels.get(raw, raw) if labels is not None else raw
                    if value == "" or value is None:
                        continue
                    if is_datetime:
                        # Shown in the user's time zone, as in the web client.
                        value = fields.Datetime.context_timestamp(self, value).replace(tzinfo=None)
                    write(row, col, value, cell_format)
            count = row - header_row
            sheet.freeze_panes(header_row + 1, 0)
            sheet.autofilter(header_row, 0, max(row, header_row), len(columns) - 1)
            self._crm_tr_chart_sheet(
                workbook, formats, Report, domain=domain, columns=columns, groupby=groupby, selections=selections
            )
        finally:
            workbook.close()
        return count

    @api.model
    def _crm_tr_chart_sheet(self, workbook, formats, Report, *, domain, columns, groupby, selections):
        """The second sheet: the first measure by the first grouping (or the first
        descriptive column), top 20, as a bar chart."""
        measure = next((c for c in columns if c[2] in NUMERIC_TYPES and c[0] not in groupby), None)
        category = next((c for c in columns if c[0] in groupby), None) or next(
            (c for c in columns if c[2] in ("many2one", "selection", "char", "date", "datetime")), None
        )
        sheet = workbook.add_worksheet(self.env._("Chart")[:31])
        if not measure or not category:
            sheet.write(0, 0, self.env._("No measure to chart."))
            return
        spec = category[0]
        if category[2] in ("date", "datetime") and ":" not in spec:
            spec = f"{spec}:month"
        aggregate = f"{measure[4]}:{self._crm_tr_aggregate(Report, measure[4])}"
        groups = Report._read_group(domain, [spec], [aggregate], order=f"{aggregate} desc", limit=CHART_ROWS)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 1, 18)
        sheet.write(0, 0, category[1], formats["header"])
        sheet.write(0, 1, measure[1], formats["header"])
        column = (spec, category[1], category[2], spec.partition(":")[2] or None, category[4])
        for row, (key, value) in enumerate(groups, start=1):
            label = self._crm_tr_value(key, column)
            if category[0] in selections:
                label = selections[category[0]].get(label, label)
            if hasattr(label, "strftime"):
                label = label.strftime("%m.%Y" if column[3] in ("month", "quarter") else "%d.%m.%Y")
            sheet.write(row, 0, label or self.env._("None"))
            sheet.write(row, 1, value or 0, formats.get(measure[2]))
        if not groups:
            return
        chart = workbook.add_chart({"type": "bar"})
        name = sheet.get_name()
        chart.add_series(
            {
                "name": measure[1],
                "categories": [name, 1, 0, len(groups), 0],
                "values": [name, 1, 1, len(groups), 1],
            }
        )
        chart.set_title({"name": f"{measure[1]} / {category[1]}"})
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 720, "height": 480})
        sheet.insert_chart(0, 3, chart)

    @api.model
    @api.readonly
    def build_xlsx(self, res_model, domain, field_names, groupby=None):
        """The workbook as bytes, built in the request (below the background threshold)."""
        output = io.BytesIO()
        self._crm_tr_write_workbook(output, res_model, domain, field_names, groupby)
        return output.getvalue()

    @api.model
    def _crm_tr_filename(self, res_model):
        Report = self._crm_tr_report(res_model)
        today = fields.Date.context_today(self).strftime("%Y-%m-%d")
        return f"{self._crm_tr_title(Report)} {today}.xlsx"

    @api.model
    def queue_export(self, res_model, domain, field_names, groupby=None):
        """Queue a large export for the cron; the user is told where it will arrive."""
        self._crm_tr_report(res_model)
        export = self.env["crm_tr.report.export"]._crm_tr_queue(res_model, domain, field_names, groupby)
        return {
            "export_id": export.id,
            "message": self.env._("The export will arrive in your inbox."),
        }
