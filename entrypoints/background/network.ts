import { createTransport } from '@/lib/http';

/**
 * The background's one way to the network (lib/http/transport.ts): every provider client, token request and
 * thumbnail goes through it, with a deadline and a size cap. `fetch` is looked up at call time, so it is never
 * called bound to another object.
 */
export const transport = createTransport({ fetch: (input, init) => fetch(input, init) });
