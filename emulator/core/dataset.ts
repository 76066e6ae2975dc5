/**
 * How a dataset file is put together: each service owns a section (some top-level keys with their zod schema,
 * plus cross-reference checks), and the file is the union of the sections. Problems are reported as
 * `field: what is wrong`, e.g. `links[2].item: no item with id "x"`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export type Path = (string | number)[];
export type Problem = (path: Path, message: string) => void;

export interface DatasetSection<Shape extends z.core.$ZodLooseShape = z.core.$ZodLooseShape> {
  /** The top-level keys this service owns. A section added later must make its keys optional. */
  shape: Shape;
  /**
   * Checks that need more than one field (ids that must exist or be unique). It runs on the whole parsed
   * dataset, once every field is well-formed, in registry order, so it may read earlier services' sections.
   */
  check?(dataset: z.infer<z.ZodObject<Shape>>, problem: Problem): void;
}

type UnionToIntersection<U> = (U extends unknown ? (value: U) => void : never) extends (
  value: infer I,
) => void
  ? I
  : never;
type ShapeOf<Service> = Service extends { dataset: DatasetSection<infer Shape> } ? Shape : never;
/** The shape of a dataset made of these services' sections. */
export type ComposedShape<Services extends readonly { dataset?: DatasetSection }[]> = Extract<
  UnionToIntersection<ShapeOf<Services[number]>>,
  z.core.$ZodLooseShape
>;

/** One schema for the whole file: every section's keys (extra keys are kept), then every section's checks. */
export function composeDataset<const Services extends readonly { dataset?: DatasetSection }[]>(
  services: Services,
) {
  const sections = services.flatMap((service) => (service.dataset ? [service.dataset] : []));
  const shape = Object.assign({}, ...sections.map((section) => section.shape)) as ComposedShape<Services>;
  return z.looseObject(shape).superRefine((dataset, ctx) => {
    const problem: Problem = (path, message) => ctx.addIssue({ code: 'custom', path, message });
    for (const section of sections) section.check?.(dataset, problem);
  });
}

export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

/** `['links', 2, 'item']` → `links[2].item` */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text || '(dataset)';
}

/**
 * Reads (when given a path) and validates a dataset. Throws {@link DatasetError} whose message lists each problem
 * as `field: what is wrong`, one per line.
 */
export function parseDataset<T>(schema: z.ZodType<T>, pathOrObject: unknown): T {
  let raw: unknown = pathOrObject;
  let source = 'dataset';
  if (typeof pathOrObject === 'string') {
    source = pathOrObject;
    let text: string;
    try {
      text = readFileSync(pathOrObject, 'utf8');
    } catch (error) {
      throw new DatasetError(`${source}: cannot read the file (${(error as Error).message})`);
    }
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new DatasetError(`${source}: not valid JSON (${(error as Error).message})`);
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new DatasetError(`Invalid ${source}:\n${lines.join('\n')}`);
}
