// Types of in-memory.js: the sandbox's amoCRM (gate + API routes) without HTTP.
import type {
  ArmedFault,
  Faults,
  FaultsInput,
  RequestLogEntry,
  Role,
  SandboxState,
  SocketMessage,
  StoredLead,
} from './types';

/** The clock the gate's rate window and the latency run on (src/api's Clock fits). */
export interface AmoClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface InMemoryAmoOptions {
  /** The account's data (copied) or a function building it; default: sandbox/seed.js. reset() restores it. */
  seed?: SandboxState | (() => SandboxState);
  /** Start from this (saved) data instead of the seed; it is used as it is, not copied. */
  initialState?: SandboxState;
  role?: Role;
  /** Requests per sliding second before 429 (default 7, amoCRM's). */
  rateLimit?: number;
  clock?: AmoClock;
  /** Called after every write with the whole state. */
  persist?(state: SandboxState): void;
}

/** What the widget sends. */
export interface AmoRequest {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
  /** false: as if the session cookie were missing (401). */
  session?: boolean;
}

export interface AmoAnswer {
  status: number;
  contentType: string;
  text: string;
  retryAfter?: string | null;
}

/** One request as the server receives it (raw body text); a drop means no answer. */
export interface AmoServerRequest {
  method: string;
  url: string;
  text?: string;
  session?: boolean;
  fromHost?: boolean;
  xrw?: string | null;
  signal?: AbortSignal;
}

export interface InMemoryAmo {
  /** Rejects with a TypeError for a 'network' fault; never settles for 'timeout' until `signal` aborts. */
  send(request: AmoRequest): Promise<AmoAnswer>;
  handle(request: AmoServerRequest): Promise<AmoAnswer | { drop: 'network' | 'timeout' }>;
  state(): SandboxState;
  readonly faults: Faults;
  configure(input: FaultsInput): Faults;
  arm(fault: ArmedFault): Faults;
  readonly requests: RequestLogEntry[];
  clearRequests(): void;
  reset(): void;
  save(): void;
  onMessage(listener: (message: SocketMessage) => void): () => void;
  editLead(id: number, changes: Partial<StoredLead>): StoredLead | null;
}

export function createInMemoryAmo(options?: InMemoryAmoOptions): InMemoryAmo;
