import { messages } from '../messages.js';
import { sqlMessage, sqlString } from '../sqlText.js';

export type Freq = 'hour' | 'day' | 'month';

/** Options a format's SQL may depend on. */
export interface FormatOptions {
  /** Frequency of a `long` file without an hour column (default day). */
  freq?: 'day' | 'month';
}

/**
 * A source format: which header columns it needs, and the SQL that turns the all-text staging
 * table into long rows. `rowsSql` selects, for every staged record `rec`, one or more rows:
 * rec, reason (NULL when the record is good), port_alias, port_name, region, port_code,
 * date, hour, direction, category, count, freq.
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
  /** SQL over table `stg`; `col(name)` gives the staging column of a header name. */
  rowsSql(col: (name: string) => string | undefined, options: FormatOptions): string;
}

/** SQL: the reason a text cell is not a whole non-negative count, or NULL when it is one. */
function countCheck(expr: string, header: string): string {
  const h = sqlString(header);
  return `when ${expr} is null or trim(${expr}) = '' then ${sqlMessage(messages.emptyField, h)}
    when regexp_full_match(trim(${expr}), '-[0-9]+') then ${sqlMessage(messages.negativeCount, h, `trim(${expr})`)}
    when not regexp_full_match(trim(${expr}), '[0-9]+') then ${sqlMessage(messages.badCount, h, expr)}`;
}

function emptyCheck(expr: string, header: string): string {
  return `when ${expr} is null or trim(${expr}) = '' then ${sqlMessage(messages.emptyField, sqlString(header))}`;
}

function directionCheck(expr: string): string {
  return `when lower(trim(${expr})) not in ('arrival', 'departure') then ${sqlMessage(messages.badDirection, expr)}`;
}

const need = (col: (n: string) => string | undefined, name: string): string => {
  const c = col(name);
  if (!c) throw new Error(`format column ${name} missing after header check`);
  return c;
};

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
  rowsSql(col) {
    const [date, port, dir, hk, mv, ov, total] = this.required.map((n) => need(col, n)) as [string, string, string, string, string, string, string];
    const d = `try_strptime(trim(${date}), '%d-%m-%Y')::date`;
    const reason = `case
      ${emptyCheck(date, 'Date')}
      when ${d} is null then ${sqlMessage(messages.badDate, date, "'dd-mm-yyyy'")}
      ${emptyCheck(port, 'Control Point')}
      ${directionCheck(dir)}
      ${countCheck(hk, 'Hong Kong Residents')}
      ${countCheck(mv, 'Mainland Visitors')}
      ${countCheck(ov, 'Other Visitors')}
      ${countCheck(total, 'Total')}
      when ${hk}::bigint + ${mv}::bigint + ${ov}::bigint <> ${total}::bigint
        then ${sqlMessage(messages.categoriesDoNotAddUp, `${hk}::bigint + ${mv}::bigint + ${ov}::bigint`, `${total}::bigint`)}
    end`;
    const base = `select rowid as rec, ${reason} as reason, trim(${port}) as port_alias, trim(${port}) as port_name,
        'HK' as region, null::varchar as port_code, ${d} as date, null::tinyint as hour,
        lower(trim(${dir})) as direction, ${hk} as hk, ${mv} as mv, ${ov} as ov, ${total} as total from stg`;
    const cat = (name: string, c: string) =>
      `select rec, reason, port_alias, port_name, region, port_code, date, hour, direction, '${name}' as category,
        case when reason is null then trim(${c})::bigint end as count, 'day' as freq from r`;
    return `with r as (${base})
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
  rowsSql(col) {
    const [name, state, code, date, measure, value] = this.required.map((n) => need(col, n)) as [string, string, string, string, string, string];
    // BTS has written dates as "Jan 2019" and, in later downloads, as "01/01/2019 12:00:00 AM".
    const d = `date_trunc('month', coalesce(try_strptime(trim(${date}), '%b %Y'), try_strptime(trim(${date}), '%m/%d/%Y %I:%M:%S %p')))::date`;
    const reason = `case
      ${emptyCheck(code, 'Port Code')}
      ${emptyCheck(name, 'Port Name')}
      ${emptyCheck(date, 'Date')}
      when ${d} is null then ${sqlMessage(messages.badDate, date, `'Mon YYYY (e.g. Jan 2019)'`)}
      ${emptyCheck(measure, 'Measure')}
      ${countCheck(value, 'Value')}
    end`;
    return `select rowid as rec, ${reason} as reason, trim(${code}) as port_alias, trim(${name}) as port_name,
        trim(${state}) as region, trim(${code}) as port_code, ${d} as date, null::tinyint as hour,
        'arrival' as direction,
        trim(regexp_replace(lower(trim(${measure})), '[^a-z0-9]+', '_', 'g'), '_') as category,
        case when reason is null then trim(${value})::bigint end as count, 'month' as freq
      from stg`;
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
  rowsSql(col, options) {
    const [port, date, dir, category, count] = this.required.map((n) => need(col, n)) as [string, string, string, string, string];
    const hourCol = col('hour');
    const hourText = hourCol ? `nullif(trim(${hourCol}), '')` : 'null::varchar';
    const d = `try_cast(trim(${date}) as date)`;
    const freq = hourCol ? `case when ${hourText} is null then '${options.freq ?? 'day'}' else 'hour' end` : `'${options.freq ?? 'day'}'`;
    const reason = `case
      ${emptyCheck(port, 'port')}
      ${emptyCheck(date, 'date')}
      when ${d} is null then ${sqlMessage(messages.badDate, date, "'YYYY-MM-DD'")}
      when ${hourText} is not null and not (regexp_full_match(${hourText}, '[0-9]{1,2}') and ${hourText}::int between 0 and 23)
        then ${sqlMessage(messages.badHour, hourText)}
      ${directionCheck(dir)}
      ${emptyCheck(category, 'category')}
      ${countCheck(count, 'count')}
    end`;
    const dateOut = options.freq === 'month' ? `date_trunc('month', ${d})::date` : d;
    return `select rowid as rec, ${reason} as reason, trim(${port}) as port_alias, trim(${port}) as port_name,
        null::varchar as region, null::varchar as port_code, ${dateOut} as date,
        case when ${hourText} is not null and regexp_full_match(${hourText}, '[0-9]{1,2}') then ${hourText}::tinyint end as hour,
        lower(trim(${dir})) as direction, trim(${category}) as category,
        case when reason is null then trim(${count})::bigint end as count, ${freq} as freq
      from stg`;
  },
};

export const FORMATS: Readonly<Record<string, Format>> = { 'hk-immd': hkImmd, 'us-bts': usBts, long };

/** Header columns a format needs that the file does not have (case-insensitive). */
export function missingColumns(format: Format, header: readonly string[]): string[] {
  const have = new Set(header.map((h) => h.trim().toLowerCase()));
  return format.required.filter((c) => !have.has(c.toLowerCase()));
}
