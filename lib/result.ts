/**
 * What every message handler and fallible library call answers: a value, or a machine-readable
 * reason with a sentence a person can read. Nothing throws across a messaging boundary.
 */
export type Ok<T> = { ok: true; value: T };
export type Err<R extends string = string> = { ok: false; reason: R; message: string; detail?: unknown };
export type Result<T, R extends string = string> = Ok<T> | Err<R>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<R extends string>(reason: R, message: string, detail?: unknown): Err<R> {
  return detail === undefined ? { ok: false, reason, message } : { ok: false, reason, message, detail };
}
