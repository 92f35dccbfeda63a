// What every session shares: the store, the change bus, the limits and the logger.
import type { Logger } from 'pino';
import type { AuthServices } from '../auth/services.js';
import type { Limits } from '../config.js';
import type { ChangeBus } from '../events/bus.js';
import type { Store } from '../store/types.js';
import type { Admission } from './admission.js';
import type { Clock } from './clock.js';
import type { InputBudget } from './input-budget.js';

export interface ServerContext {
  store: Store;
  bus: ChangeBus;
  limits: Limits;
  log: Logger;
  /** --require-tls: LOGIN and AUTHENTICATE wait for TLS on a plain connection (RFC 9051 §6.2.3). */
  requireTls?: boolean;
  /** Connection counts, shared by every listener on this context (created by the first). */
  admission?: Admission;
  /** Bytes of partly received commands, all sessions together (created by the first listener). */
  inputBudget?: InputBudget;
  /** Time for the command rate and the login deadline; the system clock when absent. */
  clock?: Clock;
  /** Login throttle and OAuth token checks (src/auth/services.ts); defaults when absent. */
  auth?: AuthServices;
}
