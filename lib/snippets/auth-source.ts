import type { SecretMode } from '../request/http-request';

/**
 * Where a snippet's `Authorization: Bearer …` value comes from. Env mode names a variable (the
 * secret stays out of the clipboard); inline mode carries the secret, redacted mode a placeholder,
 * both written as literal text by each format's quoting.
 */
export type AuthSource =
  | { kind: 'env'; variable: string }
  | { kind: 'literal'; value: string; isSecret: boolean };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const SETUP_PLACEHOLDER = '<your Kaneo API key>';

export function authSource(mode: SecretMode): AuthSource {
  if (mode.kind === 'env') {
    // The name is written unquoted into seven syntaxes; only a plain identifier is safe in all.
    if (!VARIABLE_NAME.test(mode.variable)) throw new TypeError(`Not a usable environment variable name: ${JSON.stringify(mode.variable)}`);
    return { kind: 'env', variable: mode.variable };
  }
  const value = mode.kind === 'inline' ? mode.secret : mode.placeholder;
  // A line break in a header value would split the request (header injection); never write one.
  if (/[\r\n\0]/.test(value)) throw new TypeError('A key or placeholder cannot contain line breaks');
  return { kind: 'literal', value, isSecret: mode.kind === 'inline' };
}

export const BEARER_PREFIX = 'Bearer ';
