/** The query parameters of significance, shared by GET /api/peaks and the peak report. */
export const significanceParams = {
  all: { type: 'boolean', description: 'List every period above the threshold, not only the significant ones (default false).' },
  min_excess: { type: 'number', exclusiveMinimum: 0, maximum: 100, description: 'Excess over the normal for the weekday and season that makes a period significant; default 0.15 (15%).' },
} as const;
