/**
 * `startEmulator`: the registered services (identity platform, Microsoft Graph) behind the core's HTTP server,
 * request log, control API (`/_emulator/…`) and fault injection, on one port.
 */
import { type EmulatorContext, type ServerOptions, startServer } from './core/pipeline';
import { createServices } from './core/service';
import { type Dataset, DEMO_DATASET_PATH, loadDataset } from './dataset';
import { SERVICES } from './services';
import type { IdentityOptions } from './services/identity';

export type { EmulatorContext };

export interface EmulatorOptions extends IdentityOptions, ServerOptions {
  /** a dataset object or the path of a JSON file; default: the demo dataset */
  data?: Dataset | string;
}

export interface RunningEmulator {
  /** http://127.0.0.1:N, or https://… when started with `tls` */
  url: string;
  port: number;
  close(): Promise<void>;
  /** the live state, for in-process tools that want to look inside */
  context: EmulatorContext;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const dataset = loadDataset(options.data ?? DEMO_DATASET_PATH);
  return startServer(createServices(SERVICES, dataset, options), options);
}
