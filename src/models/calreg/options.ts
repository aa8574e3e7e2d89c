/** The tuning of the calendar regression: its options and their defaults. */
import type { HolidayCalendar } from '../calendar.js';

export interface RegressionOptions {
  calendar: HolidayCalendar;
  /** Yearly Fourier pairs. */
  fourier?: number;
  /** Half-life (days) of the recency weights: recent behaviour counts more. */
  halfLife?: number;
  /** Spacing (days) of trend knots. */
  knotEvery?: number;
  /** Ridge penalties by feature group. */
  lambdaTrend?: number;
  lambdaFourier?: number;
  lambdaHoliday?: number;
  lambdaSpecific?: number;
  lambdaDowSeason?: number;
  /** Share of the mean residual of the last `levelDays` days carried into the forecast. */
  levelShare?: number;
  levelDays?: number;
  /** Residuals beyond this many robust SDs get zero weight (typhoon days). */
  outlierK?: number;
  /** Refits after down-weighting outliers. */
  robustPasses?: number;
  /**
   * Holiday days the robust refit may not zero-weight: 0 = none, 1 = days with a holiday column that sit
   * above the fit (a first-time holiday flood is news for the holiday columns, not a data fault), 2 = all.
   */
  protectHoliday?: number;
  /**
   * The Spring Festival as a holiday of its own (1, default): the mainland block and HK's Lunar New Year block carry
   * only the festival's named-day offsets (springFestivalOffsets, ridge `lambdaSpring`), not the generic block shape
   * learnt from other holidays, and the robust refit does not zero-weight their days. The eve and the new year's day,
   * 50–60% below an ordinary day at the land ports (HK residents coming home, mainland visitors staying with family),
   * were flagged like typhoon days, so the trough was never learnt. 0 = like the other named holidays.
   */
  springOwn?: number;
  lambdaSpring?: number;
  /**
   * Day of week inside holiday blocks (the weekly pattern pauses in a Golden Week, and HK residents who went
   * north on Christmas Day do not also make their usual Saturday trip): 1 = mainland blocks of ≥ 5 days,
   * 2 = also HK blocks of ≥ 2 days (weekends joined): mainland blocks get a level and 6 weekday columns, HK
   * blocks a level and Saturday and Sunday columns.
   */
  blockDow?: number;
  /** Month-position effects (HK salaries are paid at month end): 1 = weekend days 1–7 and 8–14 of the month, days 1–7. */
  monthDay?: number;
  /**
   * Lunar season: one column per week before the mainland Spring Festival block (`lunarPre` weeks, counted
   * back from the day before it; default 3) and per week after it (`lunarWeeks`, default 0), so the weeks
   * around the festival move with it instead of being smeared into the solar Fourier terms. Only festivals
   * inside the training data count. The weeks after were worse: at an origin just after the festival they
   * absorb the recent residuals the level carry needs.
   */
  lunarWeeks?: number;
  lunarPre?: number;
  /**
   * Named-holiday offsets counted from the block's first holiday day instead of its first day (weekend days
   * before it become pre days, days after it count on past the block's end): 1 = HK Christmas only, 2 = all.
   * The generic block shape stays block-relative. 0 = off. Default 2: Christmas Eve is Christmas Eve whether
   * the block starts on it or on the Saturday before. With 2, the mainland Spring Festival's first half counts from
   * the lunar new year's day and its second half from the block's last day (springFestivalOffsets).
   */
  specificAnchor?: number;
  /** Ridge penalty of the lunar-season weeks. */
  lambdaLunar?: number;
  /**
   * Winter Solstice festival (冬至, a family day in HK and Guangdong, not a public holiday): 1 = the day before,
   * the day and the day after get a column each (ridge `lambdaSpecific`), when the calendar has HK or mainland holidays.
   */
  solstice?: number;
  /**
   * Events from the calendar (kind `event`) with their own offset columns, see EVENTS: 1 = on, when the
   * calendar has such events.
   */
  events?: number;
  /**
   * Ridge penalty of the columns of the series' own events (Series.events): small, since an event such as a ship call
   * is the whole of its day's traffic at a cruise terminal and a stronger ridge would shrink that towards an ordinary day.
   */
  lambdaPortEvents?: number;
  /**
   * Residual smoothing: simple exponential smoothing (this alpha, 0 = off) of the last residuals,
   * carried into the forecast decaying by `smoothPhi` per day (AR(1)-like).
   */
  smoothAlpha?: number;
  smoothPhi?: number;
  /**
   * Year-ago residual: this share of what the fit missed on the same days a year before (364 and 365 days back,
   * each the mean over 3 days around it) is added to the forecast (log scale). It carries what recurs on the
   * calendar but has no column: school holidays, trade fairs, cruise seasons, the run-up to Christmas. Days in
   * the seasons of the moving festivals (movingFestivalDays), outliers and the first `yearAgoSkip` training days
   * (default 180: after a reopening, the half-year ramp back) do not count. `yearAgo` 0 = off.
   */
  yearAgo?: number;
  yearAgoSkip?: number;
  /**
   * Ensemble: further variants of the regression (overrides of these options, e.g. another recency
   * half-life), fitted on the same series; the forecasts are averaged on the log scale. Empty = one model.
   */
  variants?: ReadonlyArray<Partial<Omit<RegressionOptions, 'calendar' | 'variants'>>>;
}

export const DEFAULTS = {
  fourier: 6,
  halfLife: 365,
  knotEvery: 56,
  lambdaTrend: 2,
  lambdaFourier: 25,
  lambdaHoliday: 0.5,
  lambdaSpecific: 1,
  lambdaDowSeason: 3,
  levelShare: 0.5,
  levelDays: 14,
  outlierK: 5,
  robustPasses: 2,
  protectHoliday: 1,
  springOwn: 1,
  lambdaSpring: 0.1,
  blockDow: 2,
  monthDay: 1,
  lunarWeeks: 0,
  lunarPre: 3,
  specificAnchor: 2,
  lambdaLunar: 0.5,
  solstice: 1,
  events: 1,
  lambdaPortEvents: 0.01,
  smoothAlpha: 0,
  smoothPhi: 0.9,
  yearAgo: 0.6,
  yearAgoSkip: 180,
};

/** The options of one fit with every default filled in. */
export type Tuned = typeof DEFAULTS & RegressionOptions;
