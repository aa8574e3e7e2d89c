/** Calendar arithmetic on integer day and month numbers; everything is UTC, so no time zone can shift a date. */

const MS_PER_DAY = 86_400_000;

/** Day number (days since 1970-01-01) of 'YYYY-MM-DD'. */
export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / MS_PER_DAY);
}

/** 'YYYY-MM-DD' of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Month number (year * 12 + month0) of 'YYYY-MM-DD' (the day is ignored). */
export function monthOf(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

/** 'YYYY-MM-01' of a month number. */
export function isoOfMonth(month: number): string {
  const y = Math.floor(month / 12);
  const m = month - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/** Day of week of a day number, 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The Gregorian year of a day number. */
export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Fraction of the year elapsed at a day number, in [0, 1). */
export function yearFraction(day: number): number {
  const y = yearOfDay(day);
  const start = Date.UTC(y, 0, 1) / MS_PER_DAY;
  const len = Date.UTC(y + 1, 0, 1) / MS_PER_DAY - start;
  return (day - start) / len;
}

/** Period index to ISO date for either frequency. */
export function isoOf(freq: 'day' | 'month', t: number): string {
  return freq === 'day' ? isoOfDay(t) : isoOfMonth(t);
}

/** ISO date to period index for either frequency. */
export function periodOf(freq: 'day' | 'month', iso: string): number {
  return freq === 'day' ? dayOf(iso) : monthOf(iso);
}
