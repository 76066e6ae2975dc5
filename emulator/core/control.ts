/**
 * The control API under `/_emulator/`: health, request log, reset and fault injection, plus the routes services
 * add (graph: `links`). It is not logged, needs no auth and answers any origin.
 */
import { formatPath } from './dataset';
import { FaultSpecSchema, type FaultStore } from './faults';
import { type ApiRequest, empty, json, type Reply } from './http';
import type { RequestLog } from './request-log';
import type { EmulatorService } from './service';

export interface ControlState {
  log: RequestLog;
  faults: FaultStore;
  services: readonly EmulatorService[];
}

function parseJsonBody(req: ApiRequest): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (req.body.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(req.body) };
  } catch {
    return { ok: false, reply: json(400, { error: 'The body is not valid JSON.' }) };
  }
}

/** Handles `/_emulator/{rest}`; undefined when no route matches. */
export function handleControl(state: ControlState, req: ApiRequest, rest: string[]): Reply | undefined {
  const [resource, id, extra] = rest;
  if (extra !== undefined) return undefined;
  const route = `${req.method} ${resource ?? ''}${id === undefined ? '' : '/:id'}`;
  switch (route) {
    case 'GET health':
      return json(200, { ok: true });
    case 'GET requests':
      return json(200, { requests: state.log.list() });
    case 'POST reset': {
      const body = parseJsonBody(req);
      if (!body.ok) return body.reply;
      state.log.clear();
      state.faults.clear();
      const signOut = (body.value as { signOut?: unknown } | null)?.signOut === true;
      for (const service of state.services) service.reset?.({ signOut });
      return empty(204);
    }
    case 'GET faults':
      return json(200, { faults: state.faults.list() });
    case 'POST faults': {
      const body = parseJsonBody(req);
      if (!body.ok) return body.reply;
      const spec = FaultSpecSchema.safeParse(body.value);
      if (!spec.success)
        return json(400, {
          error: spec.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; '),
        });
      return json(201, { id: state.faults.add(spec.data).id });
    }
    case 'DELETE faults':
      state.faults.clear();
      return empty(204);
    case 'DELETE faults/:id':
      return state.faults.remove(decodeURIComponent(id ?? ''))
        ? empty(204)
        : json(404, { error: 'No such fault.' });
    default:
      for (const service of state.services) {
        const handler = service.control?.[route];
        if (handler) return handler(req);
      }
      return undefined;
  }
}
