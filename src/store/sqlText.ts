/** Quotes a value as a SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Quotes a SQL identifier (a column name such as "Arrival / Departure"). */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Turns a message-catalogue function into a SQL expression, so rejects written by SQL carry the
 * catalogue's exact wording. Each argument is a SQL expression that yields the value at run time.
 * Example: sqlMessage(messages.badHour, 'hour_raw') → concat('bad hour "', hour_raw, '", expected ...')
 */
export function sqlMessage<A extends unknown[]>(fn: (...args: A) => string, ...sqlArgs: string[]): string {
  const markers = sqlArgs.map((_, i) => `\u0001${i}\u0001`);
  const text = fn(...(markers as unknown as A));
  const parts: string[] = [];
  let rest = text;
  for (let i = 0; i < sqlArgs.length; i++) {
    const marker = markers[i]!;
    const at = rest.indexOf(marker);
    if (at < 0) throw new Error(`sqlMessage: argument ${i} does not appear in the message`);
    parts.push(sqlString(rest.slice(0, at)), `coalesce(cast(${sqlArgs[i]} as varchar), '')`);
    rest = rest.slice(at + marker.length);
  }
  parts.push(sqlString(rest));
  return `concat(${parts.join(', ')})`;
}
