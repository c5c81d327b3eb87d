// One error type for everything the connector reports, in the spirit of sfdx-core's SfError:
// a stable `code` that scripts and tests can rely on, a message a person understands,
// `actions` that say what to do about it, and the underlying `cause`.

export interface ConnectorErrorOptions {
  actions?: readonly string[];
  cause?: unknown;
  /** True when the same call may succeed later without anyone changing anything (limits, locks, outages). */
  retryable?: boolean;
}

export class ConnectorError extends Error {
  readonly code: string;
  readonly actions: readonly string[];
  readonly retryable: boolean;

  constructor(code: string, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.actions = options.actions ?? [];
    this.retryable = options.retryable ?? false;
  }

  /** Any thrown value as a ConnectorError; foreign errors become UNEXPECTED_ERROR with the original as cause. */
  static from(error: unknown): ConnectorError {
    if (error instanceof ConnectorError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ConnectorError('UNEXPECTED_ERROR', message, { cause: error });
  }

  toJSON(): { code: string; message: string; actions: readonly string[] } {
    return { code: this.code, message: this.message, actions: this.actions };
  }

  /** The message followed by the actions, one per line, for people reading a terminal. */
  describe(): string {
    const actions = this.actions.map((action) => `  - ${action}`);
    return [`${this.code}: ${this.message}`, ...actions].join('\n');
  }
}
