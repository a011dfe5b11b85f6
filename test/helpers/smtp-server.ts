// A real SMTP server on 127.0.0.1 (port 0) for tests: accepts mail (with AUTH PLAIN/LOGIN when given users) and
// records every message raw, so tests parse what actually went over the wire instead of replacing nodemailer.

import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

interface ReceivedEmail {
  /** MAIL FROM, as the client sent it. */
  envelopeFrom: string | null;
  /** RCPT TO addresses, in order. */
  envelopeTo: string[];
  /** The user that logged in, or null. */
  user: string | null;
  /** The message as received (headers and body), CRLF line ends. */
  raw: Buffer;
  receivedAtMs: number;
}

export interface SmtpTestServerOptions {
  /** user → password accepted by AUTH; none means AUTH always fails. */
  users?: Record<string, string>;
  /** Accept mail from a client that never logged in (default: true when no users are given). */
  isAuthOptional?: boolean;
  /** A refused login's 535 repeats the password it was given, as some careless servers do. */
  isEchoingPassword?: boolean;
  /**
   * For the first this many messages, record the message, then drop the connection instead of answering 250:
   * a crash or timeout in the acknowledgement window, as the sender sees it (default 0).
   */
  dropsAfterData?: number;
  /** For the first this many messages, answer DATA with `451 4.7.1 try again later` and keep nothing (default 0). */
  defersData?: number;
}

export interface SmtpTestServer {
  host: string;
  port: number;
  messages: ReceivedEmail[];
  /** Every AUTH attempt, by method and user name (never the password), and whether it succeeded. */
  logins: { method: string; user: string; isAccepted: boolean }[];
  close(): Promise<void>;
}

/** Starts the server. Plain text only: STARTTLS is disabled, and AUTH is allowed without TLS. */
export async function startSmtpServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const users = options.users ?? {};
  const messages: ReceivedEmail[] = [];
  const logins: SmtpTestServer['logins'] = [];
  let dropsLeft = options.dropsAfterData ?? 0;
  let defersLeft = options.defersData ?? 0;
  const sockets = new Map<number, Socket>();
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: options.isAuthOptional ?? Object.keys(users).length === 0,
    onAuth(auth, _session, callback) {
      const user = auth.username ?? '';
      const isAccepted = Object.hasOwn(users, user) && users[user] === auth.password;
      logins.push({ method: auth.method, user, isAccepted });
      if (isAccepted) callback(null, { user });
      else
        callback(
          Object.assign(
            new Error(
              `5.7.8 Authentication credentials invalid${options.isEchoingPassword ? ` (password ${auth.password ?? ''})` : ''}`,
            ),
            { responseCode: 535 },
          ),
        );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (defersLeft > 0) {
          defersLeft -= 1;
          callback(Object.assign(new Error('4.7.1 try again later'), { responseCode: 451 }));
          return;
        }
        const from = session.envelope.mailFrom;
        messages.push({
          envelopeFrom: from === false ? null : from.address,
          envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
          user: typeof session.user === 'string' ? session.user : null,
          raw: Buffer.concat(chunks),
          receivedAtMs: Date.now(),
        });
        if (dropsLeft > 0) {
          dropsLeft -= 1;
          sockets.get(session.remotePort)?.destroy();
          return;
        }
        callback();
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort ?? 0;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago): for "server down" tests. */
export async function closedPort(): Promise<number> {
  const probe = await startSmtpServer();
  await probe.close();
  return probe.port;
}
