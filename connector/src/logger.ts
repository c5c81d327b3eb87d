// pino with secrets redacted wherever they appear in a logged object (up to three levels deep):
// passwords, access and refresh tokens, session ids, consumer secrets, private keys, JWT
// assertions, the POST /sync token and authorization headers.
// Each module asks for its own child logger with moduleLogger(), so every line says where it came from.
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger } from 'pino';

const SECRET_KEYS = [
  'password',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'privateKey',
  'private_key',
  'sessionId',
  'authorization',
  'Authorization',
  'clientSecret',
  'client_secret',
  'assertion',
  'syncToken',
  'token',
  'secret',
  'cookie'
];

export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export function createLogger(level: Level | 'silent', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'pbp-connector' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' }
  };
  return destination ? pino(options, destination) : pino(options);
}

export function moduleLogger(parent: Logger, module: string): Logger {
  return parent.child({ module });
}

/** For tests and tools that want no output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
