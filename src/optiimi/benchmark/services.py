"""Every write of companies, financials, industries and cohorts: atomic, with a report of every
bad row (nothing is written then)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from optiimi.benchmark import tol
from optiimi.benchmark.links import PROJECT
from optiimi.benchmark.models import Cohort, CohortImpact, Company, Financials, Industry
from optiimi.core import links, writes, ytunnus
from optiimi.core.formats import FormatError, InvalidRows
from optiimi.core.formats.tables import parse_amount, table_rows
from optiimi.core.writes import Actor, ImportSummary, Outcome
from optiimi.regions.models import Region

COMPANY_COLUMNS = {"business_id", "name", "tol", "municipality"}
FINANCIAL_COLUMNS = {"business_id", "year", "turnover", "personnel"}


def _write(obj: Any, values: dict[str, Any], actor: Actor) -> Outcome:
    """Save a new object, or apply `values` to a stored one and save it if they changed."""
    if obj.pk is None:
        writes.save(obj, actor=actor, validate=False)
        return Outcome.NEW
    if writes.apply(obj, values):
        writes.save(obj, actor=actor, validate=False)
        return Outcome.CHANGED
    return Outcome.UNCHANGED


@writes.service
def define_industries(*, actor: Actor) -> int:
    """Write the TOL 2008 sections and divisions the product ships with (idempotent)."""
    items = [
        {"code": s, "level": 1, "parent": None, "name_fi": fi, "name_en": en}
        | {"name_sv": tol.NAMES_SV[s]}
        for s, _a, _b, fi, en in tol.SECTIONS
    ]
    items += [
        {"code": c, "level": 2, "parent": tol.section_of(c), "name_fi": fi, "name_en": en}
        | {"name_sv": tol.NAMES_SV[c]}
        for c, fi, en in tol.DIVISIONS
    ]
    return import_industries(items, actor=actor).new


@writes.service
def import_industries(items: list[dict], *, actor: Actor) -> ImportSummary:
    report = ImportSummary()
    existing = {i.code: i for i in Industry.objects.all()}
    for item in sorted(items, key=lambda i: i["level"]):
        parent = existing.get(item["parent"]) if item["parent"] else None
        if item["parent"] and parent is None and item["level"] == 2:
            parent = existing.get(tol.section_of(item["code"]) or "")
        values = {
            "level": item["level"],
            "parent": parent,
            "name_fi": item["name_fi"],
            "name_en": item["name_en"],
            "name_sv": item.get("name_sv", ""),
        }
        obj = existing.get(item["code"]) or Industry(code=item["code"], **values)
        report.count(_write(obj, values, actor))
        existing[obj.code] = obj
    return report


@writes.service
def add_companies(companies: list[Company], *, actor: Actor) -> int:
    """Insert many new companies at once (synthetic data at scale), history kept."""
    return len(writes.bulk_create(Company, companies, actor=actor, batch_size=1000))


@writes.service
def add_financials(rows: list[Financials], *, actor: Actor) -> int:
    """Insert many new yearly financials at once (synthetic data at scale), history kept."""
    return len(writes.bulk_create(Financials, rows, actor=actor, batch_size=5000))


def _municipality(value: str, by_code: dict[str, Region], by_name: dict[str, Region]):
    return by_code.get(value.zfill(3)) or by_name.get(value.lower())


@writes.service
def import_companies(
    rows,
    *,
    actor: Actor,
    organisation: Any = None,
    allowed_ids: set[str] | None = None,
) -> ImportSummary:
    """Create or update companies. Every bad row is reported and nothing is written then.
    `allowed_ids`: business IDs an editor may update (None = any)."""
    report, errors = ImportSummary(), []
    munis = list(Region.objects.municipalities())
    by_code = {m.code: m for m in munis}
    by_name = {m.name_fi.lower(): m for m in munis}
    existing = {c.business_id: c for c in Company.objects.all()}
    seen: set[str] = set()
    todo = []
    for line, row in rows:
        place = f"line {line}"
        try:
            bid = ytunnus.normalise(row["business_id"])
        except ytunnus.InvalidBusinessId as exc:
            errors.append(FormatError(str(exc), f"{place}, business_id"))
            continue
        if bid in seen:
            errors.append(FormatError(f"{bid} appears twice", f"{place}, business_id"))
            continue
        seen.add(bid)
        code = row["tol"].replace(".", "").strip()
        section = tol.section_of(code)
        if not (code.isdigit() and 2 <= len(code) <= 5 and section):
            errors.append(FormatError(f"{row['tol']!r} is not a TOL 2008 code", f"{place}, tol"))
            continue
        muni = _municipality(row["municipality"], by_code, by_name)
        if muni is None:
            errors.append(
                FormatError(
                    f"unknown municipality {row['municipality']!r}", f"{place}, municipality"
                )
            )
            continue
        if not row["name"]:
            errors.append(FormatError("name is empty", f"{place}, name"))
            continue
        if allowed_ids is not None and bid in existing and bid not in allowed_ids:
            errors.append(
                FormatError(f"{bid} is maintained by another organisation", f"{place}, business_id")
            )
            continue
        todo.append(
            (bid, {"name": row["name"], "tol": code, "section": section, "municipality": muni})
        )
    if errors:
        raise InvalidRows(errors)
    for bid, values in todo:
        obj = existing.get(bid) or Company(business_id=bid, organisation=organisation, **values)
        report.count(_write(obj, values, actor))
    return report


# A sum of money is stored to the cent; SQLite keeps it as a double, which gives it back to the
# cent only below about 10^13: a trillion euros is far above any company's figures.
MAX_AMOUNT = Decimal(10) ** 12


def _amount(
    value: str, place: str, errors: list[FormatError], *, required: bool, non_negative: bool
) -> Decimal | None:
    if not value.strip():
        if required:
            errors.append(FormatError("missing", place))
        return None
    try:
        number = parse_amount(value)  # to the cent, so a re-import compares equal
    except ValueError as exc:
        errors.append(FormatError(str(exc), place))
        return None
    if non_negative and number < 0:
        errors.append(FormatError(f"{value} is negative", place))
        return None
    if abs(number) >= MAX_AMOUNT:
        errors.append(FormatError(f"{value} is too large (a trillion euros or more)", place))
        return None
    return number


@writes.service
def import_financials(rows, *, actor: Actor, allowed_ids: set[str] | None = None) -> ImportSummary:
    report, problems = ImportSummary(), []
    companies = {c.business_id: c for c in Company.objects.all()}
    existing = {(f.company_id, f.year): f for f in Financials.objects.all()}
    seen: set[tuple[str, int]] = set()
    todo = []
    for line, row in rows:
        place = f"line {line}"
        errors: list[FormatError] = []
        try:
            bid = ytunnus.normalise(row["business_id"])
        except ytunnus.InvalidBusinessId as exc:
            problems.append(FormatError(str(exc), f"{place}, business_id"))
            continue
        company = companies.get(bid)
        if company is None:
            problems.append(
                FormatError(f"no company {bid}; import companies first", f"{place}, business_id")
            )
            continue
        if allowed_ids is not None and bid not in allowed_ids:
            problems.append(
                FormatError(f"{bid} is maintained by another organisation", f"{place}, business_id")
            )
            continue
        year_text = row["year"].strip()
        if not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
            problems.append(FormatError(f"{row['year']!r} is not a year", f"{place}, year"))
            continue
        year = int(year_text)
        if (bid, year) in seen:
            problems.append(FormatError(f"duplicate year {year} for {bid}", f"{place}, year"))
            continue
        seen.add((bid, year))
        values: dict[str, Decimal | float | None] = {
            "turnover": _amount(
                row["turnover"], f"{place}, turnover", errors, required=True, non_negative=True
            ),
            "personnel": _amount(
                row["personnel"], f"{place}, personnel", errors, required=True, non_negative=True
            ),
            "operating_profit": _amount(
                row.get("operating_profit", ""),
                f"{place}, operating_profit",
                errors,
                required=False,
                non_negative=False,
            ),
            "exports": _amount(
                row.get("exports", ""),
                f"{place}, exports",
                errors,
                required=False,
                non_negative=True,
            ),
        }
        if errors:
            problems += errors
            continue
        values["personnel"] = float(values["personnel"] or 0)  # required: not None here
        todo.append((company, year, values))
    if problems:
        raise InvalidRows(problems)
    for company, year, values in todo:
        obj = existing.get((company.pk, year)) or Financials(company=company, year=year, **values)
        report.count(_write(obj, values, actor))
    return report


# --- cohorts -------------------------------------------------------------------------------


def cohort_members(
    csv_file: bytes | None = None, listed: str = "", *, file_name: str = ""
) -> list[Company]:
    """The companies named by a CSV or XLSX file (told apart by `file_name`; a header
    `business_id`) and/or a list (one business ID a line, or separated by commas). Every bad
    or unknown business ID is reported with its line, in file-then-list order; duplicates
    count once."""
    entries: list[tuple[str, str]] = []
    errors: list[tuple[int, FormatError]] = []
    if csv_file:
        try:
            entries += [
                (f"file line {line}", row["business_id"])
                for line, row in table_rows(csv_file, file_name, {"business_id"})
            ]
        except FormatError as exc:
            errors.append((-1, FormatError(exc.message, f"file {exc.place}")))
    for n, text in enumerate(listed.splitlines(), start=1):
        entries += [(f"list line {n}", v.strip()) for v in text.split(",") if v.strip()]
    valid: list[tuple[int, str, str]] = []
    for i, (place, value) in enumerate(entries):
        try:
            valid.append((i, place, ytunnus.normalise(value)))
        except ytunnus.InvalidBusinessId as exc:
            errors.append((i, FormatError(str(exc), f"{place}, business_id")))
    known = Company.objects.in_bulk([bid for _i, _place, bid in valid], field_name="business_id")
    chosen: dict[str, Company] = {}
    for i, place, bid in valid:
        company = known.get(bid)
        if company is None:
            errors.append(
                (i, FormatError(f"no company {bid} in the register", f"{place}, business_id"))
            )
            continue
        chosen[bid] = company
    if errors:
        raise InvalidRows([e for _i, e in sorted(errors, key=lambda item: item[0])])
    return list(chosen.values())


COHORT_FIELDS = (
    "name",
    "start_year",
    "pre_years",
    "post_years",
    "claim",
    "description",
    "organisation",
    "project",  # a link to the project (core.links), not a field of the cohort
    "synthetic",
)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(COHORT_FIELDS)
    if unknown:
        raise TypeError(f"unknown cohort fields: {', '.join(sorted(unknown))}")


@writes.service
def create_cohort(*, actor: Actor, companies: list[Company], **fields: Any) -> Cohort:
    """A new cohort of `companies` (fields: COHORT_FIELDS; validated, history kept)."""
    _check_fields(fields)
    project = fields.pop("project", None)
    cohort = Cohort(**fields)
    writes.save(cohort, actor=actor)
    if writes.set_m2m(cohort, "companies", companies, actor=actor):
        writes.save(cohort, actor=actor, validate=False)
    links.set_target(PROJECT, cohort, project, actor=actor, field="project")
    return cohort


@writes.service
def update_cohort(
    cohort: Cohort, *, actor: Actor, companies: list[Company] | None = None, **fields: Any
) -> Cohort:
    """Change the given fields and, when given, the companies and the project (None: none);
    one history record holds the cohort's own change."""
    _check_fields(fields)
    if "project" in fields:
        links.set_target(PROJECT, cohort, fields.pop("project"), actor=actor, field="project")
    for key, value in fields.items():
        setattr(cohort, key, value)
    writes.set_m2m(cohort, "companies", companies, actor=actor)
    writes.save(cohort, actor=actor)
    return cohort


def _json_safe(value: Any) -> Any:
    """NaN as null (PostgreSQL's JSON has no NaN)."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


@writes.service
def store_impacts(results: list[tuple[Cohort, str, Any]], *, actor: Actor) -> int:
    """Keep each cohort's recomputed estimate (an `analytics.Impact`) with the key it was
    computed for, replacing the one it had; all in one transaction."""
    now = timezone.now()
    for cohort, key, impact in results:
        CohortImpact.objects.update_or_create(
            cohort=cohort,
            defaults={"key": key, "result": _json_safe(impact.as_dict()), "computed_at": now},
        )
    return len(results)
