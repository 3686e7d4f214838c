// The subset of autocannon 9 the benchmark uses (@types/autocannon describes version 7).
declare module 'autocannon' {
  import { EventEmitter } from 'node:events';
  interface Request {
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    requests?: Request[];
  }
  interface Result {
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  type Instance = EventEmitter & PromiseLike<Result>;
  function autocannon(options: Options): Instance;
  export = autocannon;
}
