// Config for chat delivery: the `[notify.<name>]` tables with `PAPERWIRE_NOTIFY_<NAME>_*` variables → one ChatTarget
// each. Webhook URLs carry their token, so URLs, secrets and bot tokens are registered as secrets as they are read.

import { ConfigError, registerSecret, registerUrlSecrets } from '../errors.js';
import { CHAT_SERVICES, quoteInput, type ChatServiceName, type ChatTarget } from '../model.js';
import type { Locate, TomlTable } from './file.js';
import {
  checkKeys,
  httpUrl,
  isTableName,
  nonEmpty,
  oneOf,
  optionalString,
  positiveInteger,
  table,
} from './values.js';

const NOTIFY_KEYS = ['service', 'url', 'secret', 'token', 'chat_id', 'top'] as const;

/** The Telegram Bot API, unless `url` points elsewhere (a local Bot API server, a test). */
const TELEGRAM_API = 'https://api.telegram.org';

/** Papers a message shows when the table sets no `top`. */
const DEFAULT_CHAT_TOP = 10;

/**
 * The most papers a chat message set may show. A chat gets the top few; a service splits them into messages of a few
 * thousand characters (Discord 2,000, Telegram 4,096), about 8 papers each, so 100 is already a dozen messages in a
 * row. The whole digest goes by e-mail, file or feed. `top = 1e300`, meant as "all", flooded the chat.
 */
const CHAT_TOP_BOUND = {
  max: 100,
  why: 'a chat shows the top few papers (100 is a dozen messages); send the whole digest by e-mail, file or feed',
};

/**
 * Reads every `[notify.<name>]` table, and a target named after a service (`slack`) set only by its variables
 * (`PAPERWIRE_NOTIFY_SLACK_URL`). Throws `ConfigError` at the key's line or the variable.
 */
export function loadNotify(env: NodeJS.ProcessEnv, value: unknown, at: Locate): Map<string, ChatTarget> {
  const targets = new Map<string, ChatTarget>();
  const all = table(value, at, 'notify');
  for (const [name, raw] of Object.entries(all)) {
    const key = `notify.${name}`;
    if (!isTableName(name)) {
      throw new ConfigError(
        at(key),
        `notify target name ${quoteInput(name)} may use only letters, digits, "-" and "_"`,
      );
    }
    const data = table(raw, at, key);
    checkKeys(data, NOTIFY_KEYS, at, key);
    targets.set(name, loadTarget(env, name, data, at));
  }
  for (const service of CHAT_SERVICES) {
    if (targets.has(service)) continue;
    const isSet =
      nonEmpty(env[variableOf(service, 'URL')]) !== undefined ||
      (service === 'telegram' && nonEmpty(env['PAPERWIRE_TELEGRAM_BOT_TOKEN']) !== undefined);
    if (isSet) targets.set(service, loadTarget(env, service, {}, at));
  }
  return targets;
}

/**
 * Checks a profile's `notify` list names known targets; `where` is the profile's `notify` line.
 */
export function checkNotifyNames(
  names: readonly string[],
  targets: ReadonlyMap<string, ChatTarget>,
  where: string,
): void {
  for (const name of names) {
    if (targets.has(name)) continue;
    const known = targets.size > 0 ? `; targets: ${[...targets.keys()].join(', ')}` : '';
    throw new ConfigError(where, `"notify" names ${quoteInput(name)}, which is not a chat target`, {
      hint: isTableName(name)
        ? `add a [notify.${name}] table with its url, or set ${variableOf(name, 'URL')}${known}`
        : `a chat target's name is letters, digits, "-" and "_" only${known}`,
    });
  }
}

/** `PAPERWIRE_NOTIFY_LAB_FEISHU_URL` for target `lab-feishu` and field `URL`. */
function variableOf(name: string, field: string): string {
  return `PAPERWIRE_NOTIFY_${name.toUpperCase().replaceAll('-', '_')}_${field}`;
}

function loadTarget(env: NodeJS.ProcessEnv, name: string, data: TomlTable, at: Locate): ChatTarget {
  const key = `notify.${name}`;
  const service = serviceOf(name, data, at);
  // A value from the environment is blamed on its variable, one from the file on its line.
  const read = (field: string, fileKey: string): { value: string; where: string } | null => {
    const variable = variableOf(name, field);
    const fromEnv = nonEmpty(env[variable]);
    if (fromEnv !== undefined) return { value: fromEnv, where: `$${variable}` };
    const fromFile = optionalString(data[fileKey], at, `${key}.${fileKey}`);
    return fromFile === null ? null : { value: fromFile, where: at(`${key}.${fileKey}`) };
  };
  const secret = read('SECRET', 'secret');
  registerSecret(secret?.value);
  const token =
    service === 'telegram'
      ? (read('TOKEN', 'token') ?? fromVariable(env, 'PAPERWIRE_TELEGRAM_BOT_TOKEN'))
      : null;
  registerSecret(token?.value);
  const url = read('URL', 'url') ?? (service === 'telegram' ? { value: TELEGRAM_API, where: at(key) } : null);
  if (url === null) {
    throw new ConfigError(at(key), `chat target "${name}" (${service}) has no webhook URL`, {
      hint: `set ${variableOf(name, 'URL')} (better than writing it in the file), or url in [${key}]`,
    });
  }
  registerUrlSecrets(url.value);
  const chatId = service === 'telegram' ? read('CHAT_ID', 'chat_id') : null;
  if (service === 'telegram' && (token === null || chatId === null)) {
    throw new ConfigError(at(key), `chat target "${name}" (telegram) needs a bot token and a chat_id`, {
      hint: `set PAPERWIRE_TELEGRAM_BOT_TOKEN (or ${variableOf(name, 'TOKEN')}) and chat_id in [${key}]`,
    });
  }
  return {
    name,
    service,
    url: checkedUrl(url.value, url.where, name),
    secret: secret?.value ?? null,
    token: token?.value ?? null,
    chatId: chatId?.value ?? null,
    top: positiveInteger(undefined, data['top'], at, `${key}.top`, DEFAULT_CHAT_TOP, '', CHAT_TOP_BOUND),
  };
}

/** `service` when set, else the table's name when it names a service. */
function serviceOf(name: string, data: TomlTable, at: Locate): ChatServiceName {
  const service = oneOf(data['service'], CHAT_SERVICES, at, `notify.${name}.service`);
  if (service !== null) return service;
  if ((CHAT_SERVICES as readonly string[]).includes(name)) return name as ChatServiceName;
  throw new ConfigError(at(`notify.${name}`), `chat target "${name}" does not say its service`, {
    hint: `set service = one of ${CHAT_SERVICES.join(', ')}`,
  });
}

function fromVariable(env: NodeJS.ProcessEnv, variable: string): { value: string; where: string } | null {
  const value = nonEmpty(env[variable]);
  return value === undefined ? null : { value, where: `$${variable}` };
}

/** The URL checked as http(s); the error never quotes it, since it carries the token. */
function checkedUrl(url: string, where: string, name: string): string {
  if (!/^https?:\/\/\S+$/.test(url) || !URL.canParse(url)) {
    throw new ConfigError(where, `chat target "${name}": the webhook URL is not an http(s) URL`, {
      hint: 'copy it whole from the service, like https://hooks.slack.com/services/…',
    });
  }
  return httpUrl(url, where, {
    refuseCredentials: {
      why: 'and a chat webhook authenticates by its path',
      hint: 'give the webhook URL as the service shows it',
    },
  });
}
