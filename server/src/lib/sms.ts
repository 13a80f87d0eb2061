import type { Config } from '../config.ts';

/** The SMS gateway adapter: the one door to the outside world for text messages. */
export interface SmsGateway {
  readonly name: string;
  send(message: { phone: string; text: string }): Promise<void>;
}

/** The default: messages go to the log (stdout) and to `sent`, for development and tests. */
export class LogSmsGateway implements SmsGateway {
  readonly name = 'log';
  readonly sent: { phone: string; text: string }[] = [];
  constructor(private readonly print = true) {}

  send(message: { phone: string; text: string }): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > 1000) this.sent.shift();
    if (this.print) process.stdout.write(`${JSON.stringify({ level: 30, msg: 'sms', phone: message.phone, text: message.text })}\n`);
    return Promise.resolve();
  }
}

/** A real gateway behind an HTTP endpoint that takes `{phone, text}` as JSON and answers 2xx. */
export class HttpSmsGateway implements SmsGateway {
  readonly name = 'http';
  constructor(private readonly url: string) {}

  async send(message: { phone: string; text: string }): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}

export function createSmsGateway(config: Config): SmsGateway {
  return config.smsGatewayUrl ? new HttpSmsGateway(config.smsGatewayUrl) : new LogSmsGateway(config.nodeEnv !== 'test');
}
