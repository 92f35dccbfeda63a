// What every session shares: the store, the change bus, the limits and the logger.
import type { Logger } from 'pino';
import type { Limits } from '../config.js';
import type { ChangeBus } from '../events/bus.js';
import type { Store } from '../store/types.js';

export interface ServerContext {
  store: Store;
  bus: ChangeBus;
  limits: Limits;
  log: Logger;
}
