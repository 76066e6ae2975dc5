/**
 * The emulator's dataset file: the sections of every registered service (identity: `users`, `signedIn`;
 * graph: `drives`, `links`), validated with zod, cross-references included, so that a bad file fails at start
 * with an error that names the field, e.g. `links[2].item: no item with id "x"`.
 */
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { composeDataset, parseDataset } from './core/dataset';
import { SERVICES } from './services';

export { DatasetError, formatPath } from './core/dataset';
export type { Drive, Item, Link } from './services/graph/dataset';
export { rootIdOf } from './services/graph/dataset';
export type { User } from './services/identity/dataset';

export const DatasetSchema = composeDataset(SERVICES);
export type Dataset = z.infer<typeof DatasetSchema>;

/**
 * Reads (when given a path) and validates a dataset. Throws {@link DatasetError} whose message lists each problem
 * as `field: what is wrong`, one per line.
 */
export function loadDataset(pathOrObject: string | unknown): Dataset {
  return parseDataset(DatasetSchema, pathOrObject);
}

/** The demo dataset that ships with the emulator (used when no --data is given). */
export const DEMO_DATASET_PATH = fileURLToPath(new URL('./data/demo.json', import.meta.url));
