import { messages, NAME_LIMIT } from '../messages.js';
import { sqlMessage, sqlString } from '../store/sqlText.js';

export type Freq = 'hour' | 'day' | 'month';

/** Options a format's SQL may depend on. */
export interface FormatOptions {
  /** Frequency of a `long` file without an hour column (default day). */
  freq?: 'day' | 'month';
}

/**
 * `check: false` leaves out the validation (reason is NULL on every row): for re-reading a file whose
 * rows have all been checked good already, without paying for the checks twice.
 */
export interface RowsSqlOptions {
  check?: boolean;
}

/**
 * A source format: which header columns it needs, and the SQL that turns the all-text staging
 * table into long rows. `rowsSql` selects, for every staged record `rec`, one or more rows:
 * rec, reason (NULL when the record is good), port_alias, date, hour, direction, category, count, freq,
 * and any further columns that `names` refers to.
 */
export interface Format {
  name: string;
  title: string;
  source: string;
  portPrefix: string;
  country: string | null;
  /** Resolve names against every source's aliases, not only this format's own. */
  matchAnySource: boolean;
  required: readonly string[];
  optional: readonly string[];
  /** How the format writes a date, for messages. */
  dateFormat: string;
  /** How many rows `rowsSql` selects for each record of the file. */
  rowsPerRecord: number;
  /**
   * SQL expressions for a port's display name, region and source code, over port_alias and the extra
   * row `columns` of `rowsSql`. Most formats derive them from the alias or constants, so the rows stay
   * narrow (one string column fewer per row is a measurable share of a 10-million-row load).
   */
  names: { name: string; region: string; code: string; columns: readonly string[] };
  /** SQL over table `stg`; `col(name)` gives the staging column of a header name. */
  rowsSql(col: (name: string) => string | undefined, options: FormatOptions, sql?: RowsSqlOptions): string;
}

// The SQL is built in layers (trimmed text → reason → typed values) because DuckDB inlines a
// reused select alias: a reason CASE referenced twice in one select would be computed twice.

/** SQL: true when a (trimmed) text cell is one or more decimal digits (RE2 is fast here; ltrim with a set is not). */
const digitsOnly = (expr: string) => `regexp_full_match(${expr}, '[0-9]+')`;

/**
 * The most one control point can plausibly count in one day (or hour) and in one month: the busiest land
 * crossings count a few hundred thousand a day, so a larger figure is a typing or unit error, not traffic.
 */
export const COUNT_LIMITS = { day: 10_000_000, month: 300_000_000 } as const;

/** SQL CASE branches: why a trimmed text cell is not a whole non-negative count up to `limit` (none match when it is one). */
function countCheck(expr: string, header: string, limit: number): string {
  const h = sqlString(header);
  return `when ${expr} is null or ${expr} = '' then ${sqlMessage(messages.emptyField, h)}
    when starts_with(${expr}, '-') and ${digitsOnly(`substr(${expr}, 2)`)} then ${sqlMessage(messages.negativeCount, h, expr)}
    when not ${digitsOnly(expr)} then ${sqlMessage(messages.badCount, h, expr)}
    when try_cast(${expr} as bigint) is null then ${sqlMessage(messages.countTooLarge, h, expr)}
    when ${expr}::bigint > ${limit} then ${sqlMessage(messages.implausibleCount, h, expr, sqlString(limit.toLocaleString('en-US')))}`;
}

/** No border data this tool takes starts earlier. */
export const EARLIEST_DATE = '1990-01-01';

/** The latest date a load takes: today (UTC) plus a day, for sources a time zone ahead. */
export function latestDate(now = new Date()): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/**
 * SQL CASE branches for a parsed `date` (NULL when the text is no date): a date that reads only with
 * day and month the other way round (`swapped`, SQL true for such text), then one outside the plausible range.
 */
function dateCheck(text: string, expected: string, swapped: string): string {
  const e = sqlString(expected);
  return `when date is null and (${swapped}) then ${sqlMessage(messages.swappedDate, text, e)}
    when date is null then ${sqlMessage(messages.badDate, text, e)}
    when date > date '${latestDate()}' then ${sqlMessage(messages.futureDate, 'date', `'${latestDate()}'`)}
    when date < date '${EARLIEST_DATE}' then ${sqlMessage(messages.dateTooEarly, 'date', `'${EARLIEST_DATE}'`)}`;
}

/** SQL: a control character (C0, DEL or C1) anywhere in the text. */
const hasControl = (expr: string) => `regexp_matches(${expr}, '[\\x00-\\x1f\\x7f-\\x{9f}]')`;

/** SQL: true when a name needs none of nameCheck's reasons; one full match is the cheapest test per row. */
const plainName = (expr: string) =>
  `regexp_full_match(${expr}, '[^\\x00-\\x1f\\x7f-\\x{9f}=+\\-@][^\\x00-\\x1f\\x7f-\\x{9f}]{0,${NAME_LIMIT - 1}}')`;

/** SQL CASE branches: why a name (port, category, measure) cannot be stored, for any output to show safely. */
function nameCheck(expr: string, header: string): string {
  const h = sqlString(header);
  return `when ${hasControl(expr)} then ${sqlMessage(messages.nameControlCharacters, h)}
    when length(${expr}) > ${NAME_LIMIT} then ${sqlMessage(messages.nameTooLong, h, `length(${expr})`)}
    when regexp_matches(${expr}, '^[=+\\-@]') then ${sqlMessage(messages.nameLikeFormula, h, expr)}`;
}

function emptyCheck(expr: string, header: string): string {
  return `when ${expr} is null or ${expr} = '' then ${sqlMessage(messages.emptyField, sqlString(header))}`;
}

/** `lowered` is compared, `shown` (the cell as written) is quoted in the message. */
function directionCheck(lowered: string, shown: string): string {
  return `when ${lowered} not in ('arrival', 'departure') then ${sqlMessage(messages.badDirection, shown)}`;
}

/** SQL list of the texts of a valid hour, 0..23 with or without a leading zero. */
const HOUR_TEXTS = Array.from({ length: 24 }, (_, h) => [`'${h}'`, ...(h < 10 ? [`'0${h}'`] : [])]).flat().join(', ');

/** Trimmed text of each named header column, as `alias` in a select list. */
function trimmed(col: (n: string) => string | undefined, names: Record<string, string>): string {
  return Object.entries(names)
    .map(([alias, header]) => {
      const c = col(header);
      if (!c) throw new Error(`format column ${header} missing after header check`);
      // trim() copies every string; only cells that start or end with a space need it.
      return `case when starts_with(${c}, ' ') or ends_with(${c}, ' ') then trim(${c}) else ${c} end as ${alias}`;
    })
    .join(', ');
}

const hkImmdDates = 'dd-mm-yyyy';
const usBtsDates = 'Mon YYYY (e.g. Jan 2019)';
const longDates = 'YYYY-MM-DD';

/** Hong Kong Immigration Department "Statistics on Daily Passenger Traffic" CSV, as published. */
const hkImmd: Format = {
  name: 'hk-immd',
  title: 'HK Immigration Department daily passenger traffic CSV',
  source: 'hk-immd',
  portPrefix: 'hk',
  country: 'HK',
  matchAnySource: false,
  required: ['Date', 'Control Point', 'Arrival / Departure', 'Hong Kong Residents', 'Mainland Visitors', 'Other Visitors', 'Total'],
  optional: [],
  dateFormat: hkImmdDates,
  rowsPerRecord: 4,
  names: { name: 'port_alias', region: "'HK'", code: 'null::varchar', columns: [] },
  rowsSql(col, _options, sql = {}) {
    const text = trimmed(col, {
      date_txt: 'Date',
      port: 'Control Point',
      dir_txt: 'Arrival / Departure',
      hk: 'Hong Kong Residents',
      mv: 'Mainland Visitors',
      ov: 'Other Visitors',
      total: 'Total',
    });
    const reason = `case
      ${emptyCheck('date_txt', 'Date')}
      ${dateCheck('date_txt', hkImmdDates, "try_strptime(date_txt, '%m-%d-%Y') is not null")}
      ${emptyCheck('port', 'Control Point')}
      ${nameCheck('port', 'Control Point')}
      ${directionCheck('direction', 'dir_txt')}
      ${countCheck('hk', 'Hong Kong Residents', COUNT_LIMITS.day)}
      ${countCheck('mv', 'Mainland Visitors', COUNT_LIMITS.day)}
      ${countCheck('ov', 'Other Visitors', COUNT_LIMITS.day)}
      ${countCheck('total', 'Total', COUNT_LIMITS.day)}
      when hk::bigint + mv::bigint + ov::bigint <> total::bigint
        then ${sqlMessage(messages.categoriesDoNotAddUp, 'hk::bigint + mv::bigint + ov::bigint', 'total::bigint')}
    end`;
    const cat = (name: string, c: string) =>
      `select rec, reason, port as port_alias, date,
        null::tinyint as hour, direction, '${name}' as category, case when reason is null then ${c}::bigint end as count,
        'day' as freq from r`;
    return `with t as (select rowid as rec, ${text} from stg),
      f as (select *, try_strptime(date_txt, '%d-%m-%Y')::date as date, case when dir_txt in ('arrival', 'departure') then dir_txt else lower(dir_txt) end as direction from t),
      r as (select *, ${sql.check === false ? 'null::varchar' : reason} as reason from f)
      ${cat('total', 'total')} union all ${cat('hk_residents', 'hk')} union all
      ${cat('mainland_visitors', 'mv')} union all ${cat('other_visitors', 'ov')}`;
  },
};

/** US Bureau of Transportation Statistics "Border Crossing Entry Data" CSV: monthly, inbound only. */
const usBts: Format = {
  name: 'us-bts',
  title: 'US BTS Border Crossing Entry Data CSV (monthly)',
  source: 'us-bts',
  portPrefix: 'us',
  country: 'US',
  matchAnySource: false,
  required: ['Port Name', 'State', 'Port Code', 'Date', 'Measure', 'Value'],
  optional: ['Border', 'Latitude', 'Longitude', 'Point'],
  dateFormat: usBtsDates,
  rowsPerRecord: 1,
  names: { name: 'port_name', region: 'region', code: 'port_alias', columns: ['port_name', 'region'] },
  rowsSql(col, _options, sql = {}) {
    const text = trimmed(col, { name: 'Port Name', state: 'State', code: 'Port Code', date_txt: 'Date', measure: 'Measure', value: 'Value' });
    // BTS has written dates as "Jan 2019" and, in later downloads, as "01/01/2019 12:00:00 AM".
    // The long form always names the first of the month: another day there means the file is day-first.
    const longForm = `try_strptime(date_txt, '%m/%d/%Y %I:%M:%S %p')`;
    const date = `date_trunc('month', coalesce(try_strptime(date_txt, '%b %Y'), case when day(${longForm}) = 1 then ${longForm} end))::date`;
    const reason = `case
      ${emptyCheck('code', 'Port Code')}
      ${nameCheck('code', 'Port Code')}
      ${emptyCheck('name', 'Port Name')}
      ${nameCheck('name', 'Port Name')}
      ${emptyCheck('date_txt', 'Date')}
      ${dateCheck('date_txt', usBtsDates, `day(${longForm}) <> 1 or try_strptime(date_txt, '%d/%m/%Y %I:%M:%S %p') is not null`)}
      ${emptyCheck('measure', 'Measure')}
      ${nameCheck('measure', 'Measure')}
      ${countCheck('value', 'Value', COUNT_LIMITS.month)}
    end`;
    return `with t as (select rowid as rec, ${text} from stg),
      f as (select *, ${date} as date from t),
      r as (select *, ${sql.check === false ? 'null::varchar' : reason} as reason from f)
      select rec, reason, code as port_alias, name as port_name, state as region, date,
        null::tinyint as hour, 'arrival' as direction,
        trim(regexp_replace(lower(measure), '[^a-z0-9]+', '_', 'g'), '_') as category,
        case when reason is null then value::bigint end as count, 'month' as freq
      from r`;
  },
};

/** The generic long format any agency's data can be brought into: port, date, [hour], direction, category, count. */
const long: Format = {
  name: 'long',
  title: 'long CSV or Parquet (port, date, [hour], direction, category, count)',
  source: 'long',
  portPrefix: 'x',
  country: null,
  matchAnySource: true,
  required: ['port', 'date', 'direction', 'category', 'count'],
  optional: ['hour'],
  dateFormat: longDates,
  rowsPerRecord: 1,
  names: { name: 'port_alias', region: 'null::varchar', code: 'null::varchar', columns: [] },
  rowsSql(col, options, sql = {}) {
    const hasHour = col('hour') !== undefined;
    const text = trimmed(col, {
      port: 'port',
      date_txt: 'date',
      dir_txt: 'direction',
      category: 'category',
      count_txt: 'count',
      ...(hasHour ? { hour_raw: 'hour' } : {}),
    });
    const daily = options.freq ?? 'day';
    // Rows that are plainly good skip the reasons: a canonical count (digits without sign or leading
    // zero, as most files write it; up to 18 digits always fit a BIGINT) is exactly one that survives a
    // cast to a number and back, which is cheaper than the pattern match; anything else takes the full checks.
    const limit = COUNT_LIMITS[daily];
    const plainlyGood = `port <> '' and date between date '${EARLIEST_DATE}' and date '${latestDate()}' and category <> ''
      and direction in ('arrival', 'departure')
      and ${hasHour ? `(hour_txt is null or hour_txt in (${HOUR_TEXTS}))` : 'true'}
      and length(count_txt) <= 18 and try_cast(count_txt as ubigint)::varchar = count_txt and count_txt::ubigint <= ${limit}
      and ${plainName('port')} and ${plainName('category')}`;
    const reason = `case when ${plainlyGood} then null::varchar
      ${emptyCheck('port', 'port')}
      ${nameCheck('port', 'port')}
      ${emptyCheck('date_txt', 'date')}
      ${dateCheck('date_txt', longDates, "try_strptime(date_txt, '%Y-%d-%m') is not null")}
      when hour_txt is not null and not (${digitsOnly('hour_txt')} and length(hour_txt) <= 2 and hour_txt::int between 0 and 23)
        then ${sqlMessage(messages.badHour, 'hour_txt')}
      ${directionCheck('direction', 'dir_txt')}
      ${emptyCheck('category', 'category')}
      ${nameCheck('category', 'category')}
      ${countCheck('count_txt', 'count', limit)}
    end`;
    const date = daily === 'month' ? `date_trunc('month', try_cast(date_txt as date))::date` : 'try_cast(date_txt as date)';
    return `with t as (select rowid as rec, ${text} from stg),
      f as (select *, ${date} as date, case when dir_txt in ('arrival', 'departure') then dir_txt else lower(dir_txt) end as direction,
              ${hasHour ? "nullif(hour_raw, '')" : 'null::varchar'} as hour_txt from t),
      r as (select *, ${sql.check === false ? 'null::varchar' : reason} as reason from f)
      select rec, reason, port as port_alias, date,
        case when reason is null and hour_txt is not null then hour_txt::tinyint end as hour, direction, category,
        case when reason is null then count_txt::bigint end as count,
        case when hour_txt is null then '${daily}' else 'hour' end as freq
      from r`;
  },
};

export const FORMATS: Readonly<Record<string, Format>> = { 'hk-immd': hkImmd, 'us-bts': usBts, long };

/** Header columns a format needs that the file does not have (case-insensitive). */
export function missingColumns(format: Format, header: readonly string[]): string[] {
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  return format.required.filter((c) => !have.has(c.toLowerCase()));
}
