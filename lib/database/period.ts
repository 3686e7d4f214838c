import { Bind } from './page-by-parent';
import { badUserInput } from '../graphql/errors';

export interface Period {
  from?: Date | null;
  to?: Date | null;
}

/** SQL conditions for a half-open period [from, to) on a timestamp column. */
export function periodConditions(bind: Bind, column: string, period: Period): string[] {
  if (period.from && period.to && period.from > period.to) {
    throw badUserInput(`"from" (${period.from.toISOString()}) is after "to" (${period.to.toISOString()}); swap them.`, 'from');
  }
  return [
    ...(period.from ? [`${column} >= ${bind(period.from)}`] : []),
    ...(period.to ? [`${column} < ${bind(period.to)}`] : []),
  ];
}

/** A bind function over a plain parameter array, for statements built outside pageByParent. */
export function binder(params: unknown[]): Bind {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}
