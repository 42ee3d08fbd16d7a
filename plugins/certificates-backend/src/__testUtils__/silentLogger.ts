import { LoggerService } from '@backstage/backend-plugin-api';

/** A logger that drops everything, for benchmarks that run outside Jest. */
export function silentLogger(): LoggerService {
  const logger: LoggerService = {
    error: () => {},
    warn: () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}
