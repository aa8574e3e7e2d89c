/** The DuckDB schema of DESIGN.md. Bump SCHEMA_VERSION and add a migration step when it changes. */
export const SCHEMA_VERSION = 2;

/**
 * Value sets stored as ENUMs in crossings, the one large table: one byte per row instead of a string
 * each. DuckDB writes the 8 columns of a 10-million-row file in 4.1 s this way against 5.6 s as text
 * (bench/ingest-paths.ts).
 * Comparisons with text (`direction = 'arrival'`) work unchanged; the SQL views cast them to text.
 */
export const DIRECTION_TYPE = "enum ('arrival', 'departure')";
export const FREQ_TYPE = "enum ('hour', 'day', 'month')";
/** `calendar.source` of the mainland days projected for years whose State Council list is not out (src/ingest/calendar.ts). */
export const CN_PROJECTED = 'cn-projected';

/**
 * Steps from one schema version to the next, run in order inside one transaction by ensureSchema:
 * MIGRATIONS[v] takes a database at version v to v + 1.
 */
export const MIGRATIONS: Readonly<Record<number, string>> = {
  1: `alter table crossings alter direction type ${DIRECTION_TYPE};
      alter table crossings alter freq type ${FREQ_TYPE};`,
};

// No PRIMARY KEY / UNIQUE constraints on the large tables: DuckDB's ART indexes make bulk loads
// several times slower and use a lot of memory. Uniqueness of (port_id, date, hour, direction,
// category) is enforced by the ingest merge, which is the only writer (see src/ingest/merge.ts).
export const SCHEMA_SQL = `
create table if not exists schema_info (key varchar primary key, value varchar not null);

create table if not exists ports (
  port_id varchar primary key,
  name varchar not null,
  name_zh varchar,
  name_zh_hant varchar,
  kind varchar not null default 'land',
  region varchar,
  country varchar,
  timezone varchar,
  source varchar,
  source_code varchar
);

create table if not exists port_aliases (
  alias varchar not null,
  source varchar not null,
  port_id varchar not null,
  primary key (alias, source)
);

create sequence if not exists ingest_run_seq start 1;
create table if not exists ingest_runs (
  run_id integer primary key,
  file varchar not null,
  format varchar not null,
  file_sha256 varchar,
  started_at timestamp not null,
  finished_at timestamp,
  rows_read integer,
  rows_loaded integer,
  rows_unchanged integer,
  rows_revised integer,
  rows_rejected integer,
  status varchar not null,
  message varchar
);

create table if not exists ingest_rejects (
  run_id integer not null,
  file varchar not null,
  line integer,
  reason varchar not null,
  raw varchar
);

create table if not exists crossings (
  port_id varchar not null,
  date date not null,
  hour tinyint,
  direction ${DIRECTION_TYPE} not null,
  category varchar not null,
  count bigint not null,
  freq ${FREQ_TYPE} not null,
  ingest_run_id integer not null
);

create table if not exists crossing_revisions (
  port_id varchar not null,
  date date not null,
  hour tinyint,
  direction varchar not null,
  category varchar not null,
  old_count bigint not null,
  new_count bigint not null,
  old_run_id integer not null,
  new_run_id integer not null
);

create table if not exists calendar (
  date date not null,
  region varchar not null,
  name varchar not null,
  kind varchar not null,
  source varchar
);

create sequence if not exists forecast_run_seq start 1;
create table if not exists forecast_runs (
  run_id integer primary key,
  created_at timestamp not null,
  horizon integer not null,
  levels varchar not null,
  series_count integer not null,
  seconds double,
  note varchar
);

create table if not exists forecasts (
  run_id integer not null,
  port_id varchar not null,
  direction varchar not null,
  category varchar not null,
  date date not null,
  model varchar not null,
  mean double not null,
  lo80 double, hi80 double, lo95 double, hi95 double
);

create table if not exists backtests (
  run_id integer not null,
  port_id varchar not null,
  direction varchar not null,
  category varchar not null,
  cutoff date not null,
  date date not null,
  model varchar not null,
  actual double,
  mean double not null,
  lo80 double, hi80 double, lo95 double, hi95 double
);

create table if not exists saved_queries (
  name varchar primary key,
  sql varchar not null,
  description varchar not null default '',
  params varchar not null default '[]',
  created_at timestamp not null,
  updated_at timestamp not null
);

create table if not exists staffing_params (
  port_id varchar not null,
  direction varchar not null,
  channel varchar not null,
  service_seconds double not null,
  share double not null,
  target_wait_minutes double not null,
  target_share double not null,
  shrinkage double not null
);

-- Opening hours per control point (issue 17): date null for the usual hours, a date for that day's exception.
-- They refine src/reports/staffing/default-hours.json.
create table if not exists port_hours (
  port_id varchar not null,
  date date,
  opens varchar not null,
  closes varchar not null,
  source varchar not null default ''
);

-- Installed positions per control point, direction and channel (issue 17): they refine
-- src/reports/staffing/default-capacity.json; a plan never rosters more.
create table if not exists port_capacity (
  port_id varchar not null,
  direction varchar not null,
  channel varchar not null,
  positions integer not null,
  source varchar not null default ''
);

-- Service targets per traveller group (residents, visitors) at a port: they refine default-targets.json.
create table if not exists staffing_targets (
  port_id varchar not null,
  traveller_group varchar not null,
  target_wait_minutes double not null,
  target_share double not null,
  source varchar not null default ''
);

-- Shift templates per port (issue 17): start and length of each shift, in roster order; a name given twice is a
-- split shift. A port without rows gets the default of src/reports/staffing/shifts.ts (fitted to its opening hours).
create table if not exists shift_templates (
  port_id varchar not null,
  position integer not null,
  shift varchar not null,
  start varchar not null,
  hours double not null,
  source varchar not null default ''
);

-- the series' last data date in each forecast row: a stale series' forecast starts after it (issue 16)
alter table forecasts add column if not exists last_actual date;

-- the fitted model's parts of each forecast mean, log1p scale (issue 18: why this forecast); stored with the run so
-- they are the same fit as the mean and the route reads them instead of refitting
create table if not exists forecast_components (
  run_id integer not null,
  port_id varchar not null,
  direction varchar not null,
  category varchar not null,
  date date not null,
  kind varchar not null,
  region varchar,
  name varchar,
  phase varchar,
  days integer,
  value double not null
);

-- renames ingest took as a port's new name (src/ingest/renames.ts): what crossings ports unalias undoes
create table if not exists port_renames (
  alias varchar not null,
  source varchar not null,
  port_id varchar not null,
  split_id varchar not null,
  name varchar not null,
  from_date date not null,
  run_id integer not null
);

-- undo of an ingest run (src/ingest/runs.ts): when it was taken back out
alter table ingest_runs add column if not exists undone_at timestamp;

-- holiday outlooks as announced (src/reports/outlookStore.ts), kept so they can be scored once actuals arrive
create sequence if not exists outlook_seq start 1;
create table if not exists outlooks (
  outlook_id integer primary key,
  created_at timestamp not null,
  run_id integer not null,
  from_date date not null,
  to_date date not null,
  country varchar not null,
  holiday varchar,
  year integer,
  total double not null,
  lo80 double, hi80 double, lo95 double, hi95 double,
  figures varchar not null
);

-- events known in advance (issue 20 item 5: ship calls with their capacity, large events, bookings), regressors of the
-- calendar regression for their port; port_id null: every port of region, or of every region when that is null too
create table if not exists events (
  date date not null,
  port_id varchar,
  region varchar,
  name varchar not null,
  kind varchar not null,
  volume double,
  source varchar not null default ''
);

-- the directly forecast, reconciled aggregates of a run (issue 20 item 3): all control points and land / sea / air per
-- direction, ids such as hk-all and hk-land; a table of their own because every reader of forecasts takes a port_id
-- there for a control point
create table if not exists aggregate_forecasts (
  run_id integer not null,
  aggregate_id varchar not null,
  direction varchar not null,
  category varchar not null,
  date date not null,
  model varchar not null,
  mean double not null,
  lo80 double, hi80 double, lo95 double, hi95 double
);

-- how each aggregate's own backtest errors persist between days (correlation up to max_lag days apart): what the outlook
-- combines the aggregate's days with, since a total's errors persist longer than a port's
create table if not exists aggregate_correlations (
  run_id integer not null,
  aggregate_id varchar not null,
  direction varchar not null,
  max_lag integer not null,
  days double not null
);
`;
