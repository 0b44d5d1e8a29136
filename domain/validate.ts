// One ajv instance for every schema of the project: collection specs (database/) and cloud
// function contracts. Bundled into each function and the mini program; never copied.
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

function isDateValue(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  // Stored documents exported to JSON carry dates as ISO strings.
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);
}

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  // `tcbDate`: a JS Date (what the SDK decodes from {$date}) or an ISO date-time string.
  ajv.addKeyword({ keyword: 'tcbDate', schemaType: 'boolean', validate: (expect: boolean, value: unknown) => !expect || isDateValue(value) });
  // Documentation keywords used in database/*.json.
  return ajv;
}

let shared: Ajv | undefined;
export function sharedAjv(): Ajv {
  return (shared ??= createAjv());
}

/** `path: message` lines a person can read, e.g. "/content/text: must NOT have more than 2000 characters". */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`).join('; ');
}

export function compile<T>(schema: Record<string, unknown>): ValidateFunction<T> {
  return sharedAjv().compile<T>(schema);
}
