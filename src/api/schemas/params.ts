/** JSON schema fragments shared by the API's routes (query parameters mostly), so every route checks them alike. */

export const portParam = { type: 'string', minLength: 1, maxLength: 200, description: 'Port id, name or alias (see GET /api/ports).' } as const;
export const directionParam = { type: 'string', enum: ['arrival', 'departure'] } as const;
export const categoryParam = { type: 'string', minLength: 1, maxLength: 100, description: 'Traveller category; default total.' } as const;
export const dateParam = (what: string) => ({ type: 'string', maxLength: 10, description: `${what} (YYYY-MM-DD, inclusive).` }) as const;
export const runParam = { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'Forecast run id; default the latest run.' } as const;
export const countryParam = { type: 'string', minLength: 1, maxLength: 10, description: 'Only ports of this country code, e.g. HK or US.' } as const;
export const modelParam = { type: 'string', minLength: 1, maxLength: 100 } as const;
export const formatParam = (formats: readonly string[]) => ({ type: 'string', enum: [...formats] }) as const;
export const langParam = { type: 'string', enum: ['en', 'zh', 'zh-Hans', 'zh-Hant'], description: 'Label language: en (default), zh-Hant (Traditional Chinese), zh-Hans or zh (Simplified).' } as const;
export const basisParam = { type: 'string', enum: ['mean', 'hi80'], description: 'Compare the mean or the upper 80% bound; default mean.' } as const;

/** The one error shape of every 4xx and 5xx answer. */
export const errorSchema = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
  required: ['statusCode', 'error', 'message'],
} as const;

/** A querystring schema: no unknown parameters pass through to a handler. */
export function query(properties: Record<string, unknown>, required: readonly string[] = []) {
  return { type: 'object', additionalProperties: false, properties, ...(required.length > 0 ? { required: [...required] } : {}) } as const;
}

/** Query fields every route over one forecast run shares: which series, which days, which run and model. */
export interface RunSelectionQuery {
  direction?: 'arrival' | 'departure';
  category?: string;
  from?: string;
  to?: string;
  run?: number;
  model?: string;
  basis?: 'mean' | 'hi80';
}
