// Config for e-mail delivery: the `[smtp]` table with `PAPERWIRE_SMTP_*` variables → SmtpConfig, or null when
// no host is set.

import { ConfigError, registerSecret } from '../errors.js';
import type { SmtpSettings } from '../model.js';
import type { Locate, TomlTable } from './file.js';
import {
  bool,
  checkTimeoutMs,
  nonEmpty,
  oneOf,
  optionalString,
  validateSender,
  wholeNumber,
} from './values.js';

export const SMTP_KEYS = [
  'host',
  'port',
  'secure',
  'starttls',
  'user',
  'password',
  'from',
  'timeout_ms',
] as const;

/** The SMTP settings and the sender; the config holds null when no host is set. */
export interface SmtpConfig extends SmtpSettings {
  /** `paperwire <digest@example.org>` or a bare address. */
  from: string;
}

/** What `[smtp]` falls back to when neither the file nor the environment sets it (config.ts holds the values). */
export type SmtpDefaults = Pick<SmtpConfig, 'startTls' | 'timeoutMs'>;

/** Reads `[smtp]`; throws `ConfigError` when a host has no sender, or a user no password. */
export function loadSmtp(
  env: NodeJS.ProcessEnv,
  file: TomlTable,
  at: Locate,
  defaults: SmtpDefaults,
): SmtpConfig | null {
  // A value from the environment is blamed on its variable, one from the file on its line.
  const placeOf = (variable: string, key: string): string =>
    nonEmpty(env[variable]) !== undefined ? `$${variable}` : at(key);
  const hostFromEnv = nonEmpty(env['PAPERWIRE_SMTP_HOST']);
  const host = hostFromEnv ?? optionalString(file['host'], at, 'smtp.host');
  if (host === null) return null;
  checkHostName(host, hostFromEnv !== undefined ? '$PAPERWIRE_SMTP_HOST' : at('smtp.host'));
  const password =
    nonEmpty(env['PAPERWIRE_SMTP_PASSWORD']) ?? optionalString(file['password'], at, 'smtp.password');
  registerSecret(password);
  const secureText = nonEmpty(env['PAPERWIRE_SMTP_SECURE']);
  if (secureText !== undefined && secureText !== 'true' && secureText !== 'false') {
    throw new ConfigError('$PAPERWIRE_SMTP_SECURE', 'must be true or false');
  }
  const explicitPort = wholeNumber(
    env['PAPERWIRE_SMTP_PORT'],
    file['port'],
    at,
    'smtp.port',
    'PAPERWIRE_SMTP_PORT',
  );
  // A TCP port is 1 to 65535: 99999 was taken here and failed only at the first send, after the digest was built.
  if (explicitPort !== null && (explicitPort < 1 || explicitPort > 65535)) {
    throw new ConfigError(
      placeOf('PAPERWIRE_SMTP_PORT', 'smtp.port'),
      '"smtp.port" must be from 1 to 65535',
      {
        hint: `got ${explicitPort}; 587 (STARTTLS) or 465 (TLS) for most servers`,
      },
    );
  }
  // RFC 8314: port 465 speaks implicit TLS; RFC 6409: 587 is the submission port, upgraded with STARTTLS.
  const secure =
    secureText !== undefined
      ? secureText === 'true'
      : (bool(file['secure'], at, 'smtp.secure') ?? explicitPort === 465);
  const startTls =
    oneOf(
      nonEmpty(env['PAPERWIRE_SMTP_STARTTLS']) ?? file['starttls'],
      ['required', 'opportunistic', 'never'] as const,
      placeOf('PAPERWIRE_SMTP_STARTTLS', 'smtp.starttls'),
      'smtp.starttls',
    ) ?? defaults.startTls;
  const user = nonEmpty(env['PAPERWIRE_SMTP_USER']) ?? optionalString(file['user'], at, 'smtp.user');
  const from = nonEmpty(env['PAPERWIRE_SMTP_FROM']) ?? optionalString(file['from'], at, 'smtp.from');
  if (from === null) {
    throw new ConfigError(placeOf('PAPERWIRE_SMTP_HOST', 'smtp.host'), 'an SMTP host is set but no sender', {
      hint: 'set [smtp] from = "paperwire <you@example.org>" or PAPERWIRE_SMTP_FROM',
    });
  }
  validateSender(from, placeOf('PAPERWIRE_SMTP_FROM', 'smtp.from'));
  if (user !== null && password === null) {
    throw new ConfigError(
      placeOf('PAPERWIRE_SMTP_USER', 'smtp.user'),
      `an SMTP user is set but no password`,
      {
        hint: 'set PAPERWIRE_SMTP_PASSWORD (better than writing it in the file)',
      },
    );
  }
  return {
    host,
    port: explicitPort ?? (secure ? 465 : 587),
    secure,
    startTls,
    user,
    password,
    from,
    timeoutMs: checkTimeoutMs(
      wholeNumber(undefined, file['timeout_ms'], at, 'smtp.timeout_ms', '') ?? defaults.timeoutMs,
      at('smtp.timeout_ms'),
      'smtp.timeout_ms',
    ),
  };
}

/**
 * The host is a bare name or address: a URL such as `smtp://user:pass@host:587` is refused in one line, its
 * password registered first so the error cannot show it, and the separate keys are named instead.
 */
function checkHostName(host: string, where: string): void {
  if (!/[/@\s]/.test(host)) return;
  const userinfo = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/@\s]*)@/i.exec(host)?.[1] ?? '';
  registerSecret(userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo);
  throw new ConfigError(where, 'the SMTP host must be a host name, not a URL or user@host', {
    hint: 'set host = "smtp.example.org", with port, user and password (PAPERWIRE_SMTP_PASSWORD) as their own keys',
  });
}
