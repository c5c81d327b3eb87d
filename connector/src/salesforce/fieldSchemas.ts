// zod schemas for the field values every Salesforce record mapper reads: the API leaves a blank
// field out or sends null, and the engine's model holds null for both.
import { z } from 'zod';

/** A text, date or datetime field: its string, or null when blank or absent. */
export const nullableText = z
  .string()
  .nullable()
  .optional()
  .transform((value) => value ?? null);

/** A number, currency or percent field: its number, or null when blank or absent. */
export const nullableNumber = z
  .number()
  .nullable()
  .optional()
  .transform((value) => value ?? null);
