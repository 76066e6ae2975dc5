/**
 * The registry: the one list of emulated services. Adding a service is one folder under `services/` and one
 * entry here. The order matters twice: the first service whose `matches` claims a path answers it, and the
 * dataset sections are checked in this order.
 */
import { contentstore } from './contentstore';
import { exchange } from './exchange';
import { graph } from './graph';
import { identity } from './identity';

export const SERVICES = [identity, graph, exchange, contentstore] as const;
