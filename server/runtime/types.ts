/**
 * The seam between the HTTP/store half of the local platform (`server/*`)
 * and its runtime half (`server/runtime/*`: challenge folders, real
 * processes, readiness probes, PKI, traffic capture).
 *
 * The HTTP half owns the database and every status change in it; the runtime
 * half owns processes and files and reports what happens through
 * `RuntimeEvents`. Neither reaches into the other's files.
 */
import type { Flow } from '../../shared/schemas';
import type { FlowMark } from './trafficSummary';
import type { RecordRun } from './captureFile';

// ---------------------------------------------------------------- challenges

export interface QuestionSpec {
  id: string;
  title: string;
  prompt: string;
  /** ids of questions that must be solved first */
  requires: string[];
  /** null = unlimited */
  max_attempts: number | null;
  points?: number | undefined;
  /** accepted answers, compared after trimming; case-sensitive unless `case_insensitive` */
  answers: string[];
  case_insensitive: boolean;
}

export interface EntrypointSpec {
  name: string;
  protocol: 'http' | 'https' | 'tcp' | 'udp';
}

export interface ChallengeSpec {
  id: string;
  name: string;
  category?: string | undefined;
  difficulty?: string | undefined;
  description?: string | undefined;
  tags: string[];
  network_topology: 'simple' | 'engagement';
  /** competition ids that offer this challenge; empty = every competition */
  competitions: string[];
  questions: QuestionSpec[];
  auto_stop_on_solve: boolean;
  entrypoints: EntrypointSpec[];
  /** absolute path of the challenge folder */
  dir: string;
}

export interface ChallengeCatalog {
  list(): ChallengeSpec[];
  get(id: string): ChallengeSpec | undefined;
}

// ---------------------------------------------------------------- attachments

export interface AttachmentContext {
  competition: { id: string; name: string };
  team: { id: string; name: string };
  instance: { id: string };
  user: { id: string; name: string };
}

export interface AttachmentFile {
  /** the served name: never contains a path separator */
  name: string;
  size: number;
  templated: boolean;
  sha256: string;
  body: Buffer;
}

// ---------------------------------------------------------------- instances

export interface SurfaceEntrypoint {
  name: string;
  protocol: string;
  host: string;
  port: number;
  url?: string | undefined;
}

export interface NetworkInfo {
  topology: 'simple' | 'engagement';
  subnet?: string | undefined;
  vpn_available?: boolean | undefined;
}

/** What the runtime reports; the HTTP half writes it to the database. */
/** Who named a phase: the platform's own steps, or the service (a `PHASE:` line). */
export type PhaseSource = 'platform' | 'service';

export interface RuntimeEvents {
  /** status `starting` with a new phase text ("allocating ports", "waiting for health check") */
  onPhase(instanceId: string, phase: string, source?: PhaseSource): void;
  /** the readiness probe passed: status `running` */
  onReady(instanceId: string, surface: SurfaceEntrypoint[], network: NetworkInfo): void;
  /** the process exited early or the probe never passed: status `failed` */
  onFailed(instanceId: string, message: string): void;
  /** a running instance's process died on its own: status `failed` */
  onExited(instanceId: string, message: string): void;
  /** the recorder finished a flow (extension: feeds the traffic summary) */
  onFlow?(instanceId: string, mark: FlowMark): void;
}

export interface StartInstanceInput {
  instanceId: string;
  challenge: ChallengeSpec;
  attachmentContext: AttachmentContext;
}

export type OpenVpnResult =
  | { state: 'ready'; body: string }
  | { state: 'not-engagement' }
  | { state: 'not-running' }
  | { state: 'pki-pending' };

export interface Runtime {
  readonly catalog: ChallengeCatalog;
  /** static (non-template) attachments of a challenge */
  challengeAttachments(challenge: ChallengeSpec): Promise<AttachmentFile[]>;
  /** static attachments plus `.tpl` templates rendered for this team and instance */
  instanceAttachments(challenge: ChallengeSpec, ctx: AttachmentContext): Promise<AttachmentFile[]>;
  /** spawns the service; returns at once; progress arrives through the events */
  start(input: StartInstanceInput): void;
  /** kills the whole process group and its capture proxies; idempotent */
  stop(instanceId: string): Promise<void>;
  /** process-group ids the runtime started, so a restarted server can kill leftovers */
  processGroupOf(instanceId: string): number | undefined;
  killProcessGroup(pgid: number): void;
  openVpnConfig(instanceId: string, challenge: ChallengeSpec): OpenVpnResult;
  /**
   * The capture as a stream of flows, or null when there is none (the API
   * then serves `{}`). `since` is a `cursor` of an earlier answer: when it
   * still matches the files, only what was written after it is sent (plus
   * open flows) and the answer echoes it as `since`.
   */
  traffic(instanceId: string, since?: string, view?: TrafficView): Promise<TrafficAnswer | null>;
  /**
   * One flow of the capture by id, read back from its file (an extension:
   * the viewer asks for a flow's bodies when a row is opened); null when
   * the instance has no such flow.
   */
  trafficFlow(instanceId: string, flowId: string): Promise<Flow | null>;
  /** stops every instance (server shutdown) */
  shutdown(): Promise<void>;
}

/** How the end of a streamed capture reads. */
export interface TrafficEnd {
  /** where the next `?since=` read starts; null when the answer did not finish */
  cursor: string | null;
  /** flows are missing: over the cap, a cut or damaged file, a read error */
  truncated: boolean;
}

/**
 * What an answer holds per flow: the flow, or (an extension) its summary,
 * the list's fields without bodies (`shared/capture/summary.ts`).
 */
/**
 * What an answer's flows are: whole, summaries (an extension), or summaries
 * as rows (`shared/capture/summaryRows.ts`, an extension).
 */
export type TrafficView = 'full' | 'summary' | 'summary-rows';

/** A capture to stream: the flows as JSON, batch by batch, as they are parsed. */
export interface TrafficAnswer {
  /** the request's cursor, echoed when this answer holds only what is new since it */
  since: string | null;
  /** 'summary' when the flows are summaries (then said in the document's head) */
  readonly view?: TrafficView;
  /**
   * The flows as UTF-8 JSON, each preceded by a comma (`,{…},{…}`), in
   * chunks of one or more flows; an empty batch means "caught up, waiting
   * for the parse".
   */
  batches: AsyncIterable<Uint8Array[]>;
  /**
   * The same flows with a dump's as raw records (`runs`) and the others as
   * `batches` has them (`json`): for `traffic/matches`, which looks at a
   * record's bytes before parsing it. Absent on answers made in memory.
   * Read either this or `batches`, not both.
   */
  readonly records?: AsyncIterable<RecordBatch>;
  /** known once `batches` is exhausted */
  end(): TrafficEnd;
}

/** A batch of `TrafficAnswer.records`. */
export type RecordBatch =
  | { json: Uint8Array[] }
  /** `maxBodyBytes`: the reader's body limit for these records; `path`: their file */
  | { runs: RecordRun[]; maxBodyBytes: number; path: string };

export interface RuntimeOptions {
  challengesDir: string;
  dataDir: string;
  events: RuntimeEvents;
  /** 'recorder' (built-in, default) or 'mitmdump' (Debian's mitmproxy as sidecar) */
  captureMode: 'recorder' | 'mitmdump';
  /** largest body kept per flow before `truncated: true` */
  maxCapturedBodyBytes: number;
  /** flows kept per capture file (later ones are dropped, the answer says `truncated`) */
  maxCapturedFlows?: number | undefined;
  /** how long a readiness probe may keep failing before the instance fails */
  readinessTimeoutMs: number;
  /** how long the engagement PKI takes to be "made" after running */
  pkiDelayMs: number;
}

/** Implemented in `server/runtime/index.ts`. */
export type CreateRuntime = (options: RuntimeOptions) => Runtime;
