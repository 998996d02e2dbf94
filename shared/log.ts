// Structured, named, contextual logs (one JSON line each). Child loggers carry ticket id /
// message id / invocation id. Never pass mail bodies or secrets as fields.
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export type Sink = (line: string, level: Level) => void;

let minLevel: Level = (process.env.LOG_LEVEL as Level) in ORDER ? (process.env.LOG_LEVEL as Level) : 'info';
let sink: Sink = (line, level) => (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');

export function setLogLevel(level: Level): void {
  minLevel = level;
}
/** Tests and the local host redirect output here. */
export function setLogSink(s: Sink): void {
  sink = s;
}

export function createLogger(name: string, base: Record<string, unknown> = {}): Logger {
  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    sink(JSON.stringify({ t: new Date().toISOString(), level, logger: name, msg, ...base, ...fields }, errorReplacer), level);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (f) => createLogger(name, { ...base, ...f }),
  };
}

function errorReplacer(_k: string, v: unknown): unknown {
  if (v instanceof Error) return { name: v.name, message: v.message, ...(('code' in v) ? { code: (v as { code: unknown }).code } : {}) };
  return v;
}
