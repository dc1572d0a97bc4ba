// Types of server.js: createSandbox and what it returns.
import type { ControlClient } from './control-client';
import type { InMemoryAmo } from './in-memory';
import type { Faults, FaultsInput, RequestLogEntry, SandboxState } from './types';

export interface SandboxOptions {
  /** The widget folder to serve (default: the built widget/). */
  widgetDir?: string;
  /** The data file; null keeps everything in memory. */
  dataFile?: string | null;
  /** 0 = a free port. */
  port?: number;
  host?: string;
  /** Start from the seed even when the data file has saved state. */
  reset?: boolean;
  /** The account's data instead of sandbox/seed.js (also what a reset restores). */
  seed?: SandboxState | (() => SandboxState);
  widgetCode?: string;
  /** Requests per sliding second before 429 (default 7). */
  rateLimit?: number;
  quiet?: boolean;
  logFailures?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  widgetCode: string;
  /** The widget's API requests as the server saw them. */
  requests: RequestLogEntry[];
  /** Files the page did not get and API endpoints the mock does not know (404/405). */
  failures: { method: string; url: string; status: number }[];
  faults: Faults;
  /** The in-memory amoCRM behind the server. */
  amo: InMemoryAmo;
  /** The control API's client, pointed at this server. */
  control: ControlClient;
  /** Pushes an event to every open tab: a raw socket message `{body: {channel, payload}}` reaches listenSocketChannel. */
  notify(event: Record<string, unknown>): void;
  state(): SandboxState;
  getState(): SandboxState;
  setFaults(faults: FaultsInput): Faults;
  close(): Promise<void>;
}

export function createSandbox(options?: SandboxOptions): Promise<Sandbox>;
