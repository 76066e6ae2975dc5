/**
 * What an emulated service plugs into the core with. The core owns the HTTP server, the request log, the
 * control API and fault injection; a service owns its routes, its state, its part of the dataset file and the
 * shape of its error bodies (Graph JSON, identity-platform JSON, XML, SOAP faults, …).
 */
import type { DatasetSection } from './dataset';
import type { ApiRequest, Reply } from './http';

/** What a service gets with each request besides the request itself. */
export interface RequestContext {
  /** `http://127.0.0.1:N`: where the emulator listens */
  readonly baseUrl: string;
  /**
   * Runs a sub-request (a `$batch` part) through the whole pipeline: logged with a marker pointing at
   * `parent`, matched against faults, then routed to whichever service it belongs to.
   */
  run(sub: ApiRequest, parent: ApiRequest): Promise<Reply>;
}

/** A running service. */
export interface EmulatorService {
  /** short and unique: `identity`, `graph`, … */
  readonly name: string;
  /**
   * Whether a path belongs to this service. `segments`: the path split at `/`, not decoded, without the
   * leading empty one. The first service that claims a path answers it, and its {@link errorReply} shapes
   * faults injected into it.
   */
  matches(segments: readonly string[]): boolean;
  handle(req: ApiRequest, ctx: RequestContext): Reply | Promise<Reply>;
  /**
   * This service's error response for `status`, in the body and content type the real service uses. The core
   * uses it for injected faults without an explicit body, and for failures it detects itself (a request body
   * that is too large, an unexpected exception), then passing `message`.
   */
  errorReply(req: ApiRequest, status: number, message?: string): Reply;
  /** Paths answered with `Access-Control-Allow-Origin: *` instead of the request's Origin (public files). */
  anyOrigin?(segments: readonly string[]): boolean;
  /** `POST /_emulator/reset`: forget what requests changed; with `signOut` also sessions and tokens. */
  reset?(options: { signOut: boolean }): void;
  /** Extra control routes, keyed like `GET links` for `GET /_emulator/links`. */
  control?: Readonly<Record<string, (req: ApiRequest) => Reply>>;
  /** Entry points listed by `GET /`, e.g. `{ graph: 'http://127.0.0.1:N/v1.0' }`. */
  home?(baseUrl: string): Record<string, string>;
}

/** What a service is created from. */
export interface ServiceEnv<Data = unknown, Options = unknown> {
  /** the whole validated dataset: this service's section and those of the services it builds on */
  readonly dataset: Data;
  /** the options `startEmulator` was given */
  readonly options: Options;
  /** Another service of the same emulator (created on first use), e.g. graph asks identity about tokens. */
  use<Service extends EmulatorService>(definition: ServiceDefinition<Service>): Service;
}

/** An entry of the registry (`services/index.ts`). */
export interface ServiceDefinition<Service extends EmulatorService = EmulatorService> {
  readonly name: string;
  /** the service's part of the dataset file */
  readonly dataset?: DatasetSection;
  // biome-ignore lint/suspicious/noExplicitAny: each service types the dataset and options it reads.
  create(env: ServiceEnv<any, any>): Service;
}

/** Creates every registered service once, in registry order; `use` creates a dependency early when needed. */
export function createServices(
  definitions: readonly ServiceDefinition[],
  dataset: unknown,
  options: unknown,
): EmulatorService[] {
  const created = new Map<ServiceDefinition, EmulatorService>();
  const creating = new Set<ServiceDefinition>();
  const env: ServiceEnv = {
    dataset,
    options,
    use<Service extends EmulatorService>(definition: ServiceDefinition<Service>): Service {
      const existing = created.get(definition);
      if (existing) return existing as Service;
      if (creating.has(definition)) throw new Error(`services depend on each other: ${definition.name}`);
      creating.add(definition);
      const service = definition.create(env);
      created.set(definition, service);
      return service;
    },
  };
  return definitions.map((definition) => env.use(definition));
}
