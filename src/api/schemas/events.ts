/** JSON schemas of the events routes: the shape only; src/ingest/events.ts checks the values with the CLI's messages. */

/** Most events one request may send: several years of daily ship calls at every port. */
export const MAX_EVENTS = 20_000;

const text = (maxLength: number, description: string) => ({ type: ['string', 'null'], maxLength, description }) as const;

/** The body of POST /api/events. */
export const eventsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_EVENTS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'name', 'kind'],
        properties: {
          date: { type: 'string', maxLength: 10, description: 'YYYY-MM-DD' },
          port: text(200, 'Port id, name or alias; empty or null for a region-wide event.'),
          region: text(50, 'Region of a region-wide event (e.g. HK); empty: every port.'),
          name: { type: 'string', maxLength: 200 },
          kind: { type: 'string', maxLength: 40, description: 'ship, event, booking, ...: one pair of regressors per kind' },
          volume: { type: ['number', 'string', 'null'], description: 'Size, such as a ship\'s capacity; scales the effect.' },
        },
      },
    },
    source: { type: 'string', maxLength: 500 },
  },
} as const;

/** One stored event as the routes answer it. */
export const eventRowSchema = {
  type: 'object',
  properties: {
    date: { type: 'string' },
    port_id: { type: ['string', 'null'] },
    region: { type: ['string', 'null'] },
    name: { type: 'string' },
    kind: { type: 'string' },
    volume: { type: ['number', 'null'] },
    source: { type: 'string' },
  },
} as const;
