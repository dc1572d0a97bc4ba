// Types of control-client.js, the one client of the sandbox's control API.
import type {
  ArmedFault,
  Faults,
  FaultsInput,
  RequestLogEntry,
  Role,
  SandboxConfig,
  SavedSettings,
  SocketMessage,
  StoredLead,
} from './types';

export interface ControlClientOptions {
  /** The sandbox's address, e.g. "http://127.0.0.1:8791/"; '' (the default) on the sandbox's own page. */
  baseUrl?: string;
  /** The fetch to call (default: the global one). */
  fetch?: typeof fetch;
}

export interface ControlClient {
  config(): Promise<SandboxConfig>;
  faults(): Promise<Faults>;
  setFaults(input: FaultsInput): Promise<Faults>;
  failNext(fault: ArmedFault): Promise<Faults>;
  setLatency(ms: number): Promise<Faults>;
  setRole(role: Role): Promise<Faults>;
  /** No armed faults, no latency, the API unblocked. */
  clearFaults(): Promise<Faults>;
  /** Back to the seed data; faults, role and the request log cleared. */
  reset(): Promise<{ ok: true }>;
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<{ ok: true }>;
  settings(): Promise<SavedSettings>;
  saveSettings(saved: { fields: Record<string, unknown>; active?: boolean }): Promise<SavedSettings>;
  lead(id: number): Promise<StoredLead | null>;
  /** An edit made elsewhere: changes the stored deal and pushes the live event to every open tab. */
  editLead(id: number, changes: Partial<StoredLead>): Promise<StoredLead | null>;
  /** Any raw socket message to every open tab; answers how many tabs listen. */
  push(message: SocketMessage | Record<string, unknown>): Promise<{ ok: true; clients: number }>;
  /** The live-event stream (server-sent events). */
  eventsUrl: string;
}

export function createControlClient(options?: ControlClientOptions): ControlClient;
