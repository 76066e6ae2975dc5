import { createTransport } from '@/lib/http';

/**
 * The background's one way to the network (lib/http/transport.ts): every provider client, token request and
 * thumbnail goes through it, with a deadline and a size cap.
 */
export const transport = createTransport();
