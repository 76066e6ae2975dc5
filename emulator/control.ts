/**
 * The control API under `/_emulator/`: request log, reset, fault injection, health and the dataset's links.
 * It is not logged, needs no auth and answers any origin.
 */
import type { EmulatorContext } from './context';
import { formatPath } from './dataset';
import { FaultSpecSchema } from './faults';
import { type ApiRequest, empty, json, type Reply } from './http';
import { encodeSharingUrl } from './share-key';

function parseJsonBody(req: ApiRequest): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (req.body.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(req.body) };
  } catch {
    return { ok: false, reply: json(400, { error: 'The body is not valid JSON.' }) };
  }
}

/** Handles `/_emulator/{rest}`; undefined when no route matches. */
export function handleControl(ctx: EmulatorContext, req: ApiRequest, rest: string[]): Reply | undefined {
  const [resource, id, extra] = rest;
  if (extra !== undefined) return undefined;
  const route = `${req.method} ${resource ?? ''}${id === undefined ? '' : '/:id'}`;
  switch (route) {
    case 'GET health':
      return json(200, { ok: true });
    case 'GET requests':
      return json(200, { requests: ctx.log.list() });
    case 'GET links':
      return json(200, {
        links: ctx.store.links.map((link) => ({
          label: link.label,
          url: link.url,
          shareToken: encodeSharingUrl(link.url),
          type: link.type,
          scope: link.scope,
          item: link.item,
          name: ctx.store.target(link).item.name,
        })),
      });
    case 'POST reset': {
      const body = parseJsonBody(req);
      if (!body.ok) return body.reply;
      ctx.log.clear();
      ctx.faults.clear();
      ctx.grants.clear();
      if ((body.value as { signOut?: unknown } | null)?.signOut === true) {
        ctx.tokens.clear();
        ctx.autoLoginUser = undefined;
      }
      return empty(204);
    }
    case 'GET faults':
      return json(200, { faults: ctx.faults.list() });
    case 'POST faults': {
      const body = parseJsonBody(req);
      if (!body.ok) return body.reply;
      const spec = FaultSpecSchema.safeParse(body.value);
      if (!spec.success)
        return json(400, {
          error: spec.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; '),
        });
      return json(201, { id: ctx.faults.add(spec.data).id });
    }
    case 'DELETE faults':
      ctx.faults.clear();
      return empty(204);
    case 'DELETE faults/:id':
      return ctx.faults.remove(decodeURIComponent(id ?? ''))
        ? empty(204)
        : json(404, { error: 'No such fault.' });
    default:
      return undefined;
  }
}
