import path from 'node:path';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  GONGZHI_DATA_DIR: z.string().default('./data'),
  GONGZHI_DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  GONGZHI_DEMO_PASSWORD: z.string().min(8, 'must have at least 8 characters').optional(),
  GONGZHI_DEMO_API_KEY: z.string().min(8, 'must have at least 8 characters').max(200).optional(),
  GONGZHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GONGZHI_SESSION_HOURS: positiveInt(12),
  GONGZHI_LOGIN_MAX_FAILURES: positiveInt(5),
  GONGZHI_LOCKOUT_MINUTES: positiveInt(15),
  GONGZHI_ARGON2_MEMORY_KIB: positiveInt(19456),
  GONGZHI_ARGON2_TIME_COST: positiveInt(2),
  GONGZHI_BODY_LIMIT_BYTES: positiveInt(1_048_576),
  GONGZHI_IMPORT_LIMIT_BYTES: positiveInt(20_971_520),
  GONGZHI_RATE_LIMIT_PER_MINUTE: positiveInt(600),
  GONGZHI_LOGIN_RATE_LIMIT_PER_MINUTE: positiveInt(20),
  GONGZHI_LOGIN_USERNAME_LIMIT_PER_MINUTE: positiveInt(10),
  GONGZHI_INTAKE_ACCOUNT_LIMIT_PER_MINUTE: positiveInt(20),
  GONGZHI_INTAKE_API_KEY_LIMIT_PER_MINUTE: positiveInt(600),
  GONGZHI_INTAKE_ADDRESS_LIMIT_PER_MINUTE: positiveInt(300),
  GONGZHI_PUBLIC_INTAKE_LIMIT_PER_MINUTE: positiveInt(30),
  GONGZHI_FLAGGED_NUMBER_LIMIT_PER_DAY: positiveInt(3),
  GONGZHI_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  GONGZHI_SMS_GATEWAY_URL: z.string().url().optional(),
  GONGZHI_PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  GONGZHI_WORKERS: z.enum(['on', 'off']).default('on'),
  GONGZHI_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  GONGZHI_OPEN311_RECORDS: z.coerce.number().int().min(0).max(10_000_000).default(20_000),
});

export type Config = {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  loadDemo: boolean;
  demoPassword: string | undefined;
  /** An API key of the demo city (Open311 and the API), when set and the demo is loaded. */
  demoApiKey: string | undefined;
  logLevel: string;
  sessionHours: number;
  loginMaxFailures: number;
  lockoutMinutes: number;
  argon2: { memoryCost: number; timeCost: number };
  bodyLimitBytes: number;
  importLimitBytes: number;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  /** Abuse limits (per process): requests per minute (the flagged number's per day) on login and intake. */
  limits: {
    loginPerUsernamePerMinute: number;
    intakePerAccountPerMinute: number;
    intakePerApiKeyPerMinute: number;
    intakePerAddressPerMinute: number;
    publicIntakePerAddressPerMinute: number;
    flaggedNumberPerDay: number;
  };
  /** Read the client address from X-Forwarded-For (only behind a reverse proxy: otherwise clients could forge it). */
  trustProxy: boolean;
  /** Where text messages are POSTed as JSON {phone, text}; absent: they are written to the log. */
  smsGatewayUrl: string | undefined;
  /** The address residents reach the product at, for links in text messages. */
  publicUrl: string;
  /** Run the deadline sweep and the SMS sender in this process. */
  workers: boolean;
  /** Server processes sharing the port (PostgreSQL only; the embedded database is held by one). */
  processes: number;
  /** Open311 request records kept built per process (0: each list builds its records). */
  open311Records: number;
};

/** Reads and validates the configuration from the environment; a bad value throws with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.GONGZHI_DATA_DIR),
    // Demo data is never loaded in production, whatever GONGZHI_DEMO says.
    loadDemo: !production && e.GONGZHI_DEMO !== 'off',
    demoPassword: e.GONGZHI_DEMO_PASSWORD,
    demoApiKey: e.GONGZHI_DEMO_API_KEY,
    logLevel: e.GONGZHI_LOG_LEVEL,
    sessionHours: e.GONGZHI_SESSION_HOURS,
    loginMaxFailures: e.GONGZHI_LOGIN_MAX_FAILURES,
    lockoutMinutes: e.GONGZHI_LOCKOUT_MINUTES,
    argon2: { memoryCost: e.GONGZHI_ARGON2_MEMORY_KIB, timeCost: e.GONGZHI_ARGON2_TIME_COST },
    bodyLimitBytes: e.GONGZHI_BODY_LIMIT_BYTES,
    importLimitBytes: e.GONGZHI_IMPORT_LIMIT_BYTES,
    rateLimitPerMinute: e.GONGZHI_RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: e.GONGZHI_LOGIN_RATE_LIMIT_PER_MINUTE,
    limits: {
      loginPerUsernamePerMinute: e.GONGZHI_LOGIN_USERNAME_LIMIT_PER_MINUTE,
      intakePerAccountPerMinute: e.GONGZHI_INTAKE_ACCOUNT_LIMIT_PER_MINUTE,
      intakePerApiKeyPerMinute: e.GONGZHI_INTAKE_API_KEY_LIMIT_PER_MINUTE,
      intakePerAddressPerMinute: e.GONGZHI_INTAKE_ADDRESS_LIMIT_PER_MINUTE,
      publicIntakePerAddressPerMinute: e.GONGZHI_PUBLIC_INTAKE_LIMIT_PER_MINUTE,
      flaggedNumberPerDay: e.GONGZHI_FLAGGED_NUMBER_LIMIT_PER_DAY,
    },
    trustProxy: e.GONGZHI_TRUST_PROXY === 'true',
    smsGatewayUrl: e.GONGZHI_SMS_GATEWAY_URL,
    publicUrl: e.GONGZHI_PUBLIC_URL.replace(/\/$/, ''),
    workers: e.GONGZHI_WORKERS === 'on',
    processes: e.GONGZHI_PROCESSES,
    open311Records: e.GONGZHI_OPEN311_RECORDS,
  };
}
