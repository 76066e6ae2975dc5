/** Every request the emulator received (except the control API's own), for tests to inspect. */
import type { ApiRequest } from './http';

export interface LogEntry {
  method: string;
  /** path + query as received; for a `$batch` part: the batch's version prefix + the part's url */
  path: string;
  /** lower-cased names; a batch part shows the batch's Authorization plus its own headers */
  headers: Record<string, string>;
  /** ISO 8601 */
  time: string;
  /** the `request-id` header of the response */
  requestId: string;
  /** the response status, once sent */
  status?: number;
  /** for a `$batch` part: the part's `id` in the batch */
  batch?: string;
  /** for a `$batch` part: the requestId of the outer POST /$batch */
  batchRequestId?: string;
}

/** Oldest entries are dropped past this many, so long benchmarks don't grow memory without bound. */
const MAX_ENTRIES = 20_000;

export class RequestLog {
  private entries: LogEntry[] = [];

  add(req: ApiRequest, batch?: { partId: string; batchRequestId: string }): LogEntry {
    const entry: LogEntry = {
      method: req.method,
      path: req.target,
      headers: { ...req.headers },
      time: new Date().toISOString(),
      requestId: req.requestId,
      ...(batch ? { batch: batch.partId, batchRequestId: batch.batchRequestId } : {}),
    };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return entry;
  }

  list(): readonly LogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
