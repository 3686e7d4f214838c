import { ValueTransformer } from 'typeorm';

/** PostgreSQL numeric comes back as a string to keep precision; amounts here fit a double. */
export const numericAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
